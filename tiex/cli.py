"""The `tiex` command.

    tiex serve [--port N] [--host H] [--workers N]   production server (gunicorn), with the scheduler and task worker
    tiex import DATASET [PATH_OR_URL] [--dry-run]    import one open dataset (or `resources`, `partnerships` ... PATH)
    tiex export NAME PATH                            write an app's own file format (`partnerships`)
    tiex bootstrap                                   migrate; load reference data if missing
    tiex createadmin                                 create an association admin
    tiex backup PATH [--force]                       checked copy of the SQLite database
    tiex restore PATH --force                        replace the SQLite database with a backup
    tiex scheduler [--once]                          run the periodic jobs (scheduled publishing)
    tiex worker [--batch]                            run background tasks (the admin's imports)
    tiex bench [--quick]                             run the benchmarks (benchmarks/, prints figures)
    tiex manage ARGS...                              any Django management command

Every sub-command except `serve` and `bench` is a Django management command; this
module only sets up Django and hands over. `serve` execs gunicorn with the hooks in
config/gunicorn.py, which start `tiex scheduler` and `tiex worker` beside it (unless
TIEX_SCHEDULER=false or TIEX_WORKER=false) and stop them with gunicorn.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

# tiex sub-command -> Django management command
COMMANDS = {
    "import": "import_dataset",
    "export": "export_data",
    "bootstrap": "bootstrap",
    "createadmin": "createadmin",
    "demo": "demo",
    "backup": "backup",
    "restore": "restore",
    "scheduler": "scheduler",
    "worker": "worker",
}


GUNICORN_CONFIG = "python:config.gunicorn"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine uses to reach ``host:port`` (any-address binds become loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1", "[::]": "::1"}.get(host, host)  # noqa: S104
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def serve(argv: list[str]) -> int:
    from config.env import env_int, env_str

    parser = argparse.ArgumentParser(prog="tiex serve", description="Serve tiex with gunicorn.")
    # Defaults from the environment (listed in .env.example and docs/configuration.md).
    parser.add_argument("--host", default=env_str("TIEX_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=env_int("TIEX_PORT", 8000))
    parser.add_argument("--workers", type=int, default=env_int("TIEX_WORKERS", 2))
    parser.add_argument("--threads", type=int, default=env_int("TIEX_THREADS", 4))
    forwarded_allow_ips = env_str("TIEX_FORWARDED_ALLOW_IPS", "127.0.0.1")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error("--port must be between 1 and 65535")
    _setup_django()
    # E-mails sent outside a request (the scheduler's) link to where we serve, unless
    # TIEX_BASE_URL says otherwise (config/settings.py, tiex/core/links.py).
    os.environ.setdefault("TIEX_DEFAULT_BASE_URL", served_url(args.host, args.port))
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    command = [
        gunicorn,
        "config.wsgi:application",
        # Hooks that start and stop the scheduler with gunicorn's master process.
        "--config",
        GUNICORN_CONFIG,
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        forwarded_allow_ips,
    ]
    print(f"tiex is serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    os.execv(command[0], command)  # noqa: S606
    return 0  # pragma: no cover


def bench(argv: list[str]) -> int:
    """Run benchmarks/run.py from the source tree (benchmarks are not installed with the package)."""
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks", "run.py")
    if not os.path.exists(script):
        print(f"tiex bench: {script} not found; run it from a clone of the repository.", file=sys.stderr)
        return 2
    os.execv(sys.executable, [sys.executable, script, *argv])  # noqa: S606
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        return 0
    name, rest = argv[0], argv[1:]
    if name == "serve":
        return serve(rest)
    if name == "bench":
        return bench(rest)
    _setup_django()
    from django.core.management import execute_from_command_line

    if name == "manage":
        execute_from_command_line(["tiex", *rest])
        return 0
    if name not in COMMANDS:
        print(f"tiex: unknown command {name!r}. Run 'tiex --help' to see the commands.", file=sys.stderr)
        return 2
    execute_from_command_line(["tiex", COMMANDS[name], *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
