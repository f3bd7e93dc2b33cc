"""The dataset manifest (datasets.toml) and where to read each dataset from."""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings

MANIFEST_PATH = Path(__file__).with_name("datasets.toml")
DOWNLOAD_TIMEOUT_SECONDS = 60
DOWNLOAD_MAX_BYTES = 200 * 1024 * 1024


class DatasetNotFound(LookupError):
    pass


@dataclass(frozen=True)
class DatasetSpec:
    slug: str
    title: str
    publisher: str
    description: str
    source_url: str
    homepage_url: str
    licence: str
    licence_url: str
    attribution: str
    local_path: str
    importer: str
    reference: bool

    def importer_function(self) -> Callable[..., Any]:
        module_name, _, function_name = self.importer.partition(":")
        return getattr(import_module(module_name), function_name)

    def default_local_source(self, data_dir: Path | None = None) -> Path:
        return Path(data_dir or settings.DATA_DIR) / self.local_path


@cache
def manifest() -> dict[str, DatasetSpec]:
    with MANIFEST_PATH.open("rb") as handle:
        raw = tomllib.load(handle)
    specs: dict[str, DatasetSpec] = {}
    for entry in raw["dataset"]:
        spec = DatasetSpec(
            slug=entry["slug"],
            title=entry["title"],
            publisher=entry.get("publisher", ""),
            description=entry.get("description", ""),
            source_url=entry["source_url"],
            homepage_url=entry.get("homepage_url", ""),
            licence=entry["licence"],
            licence_url=entry.get("licence_url", ""),
            attribution=entry["attribution"],
            local_path=entry["local_path"],
            importer=entry["importer"],
            reference=entry.get("reference", False),
        )
        specs[spec.slug] = spec
    return specs


def dataset_spec(slug: str) -> DatasetSpec:
    try:
        return manifest()[slug]
    except KeyError:
        known = ", ".join(sorted(manifest()))
        raise DatasetNotFound(f"Unknown dataset {slug!r}. Known datasets: {known}.") from None


def is_url(path_or_url: str) -> bool:
    return urllib.parse.urlsplit(str(path_or_url)).scheme in {"http", "https"}


def fetch_to_temp(url: str) -> Path:
    """Download url into a temporary file (bounded in size and time) and return its path."""
    # Keep the URL's last folder and file name (e.g. "-imd_distance-la_labels.csv"):
    # some importers tell files apart by name.
    parts = [part for part in urllib.parse.unquote(urllib.parse.urlsplit(url).path).split("/") if part][-2:]
    suffix = "-" + re.sub(r"[^\w.]+", "_", "-".join(parts))[-100:] if parts else ""
    if not is_url(url):
        raise ValueError(f"Only http and https addresses can be downloaded, not {url!r}.")
    request = urllib.request.Request(url, headers={"User-Agent": "tiex-importer"})  # noqa: S310 (scheme checked)
    with tempfile.NamedTemporaryFile(prefix="tiex-download-", suffix=suffix, delete=False) as handle:
        target = Path(handle.name)
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:  # noqa: S310
                copied = 0
                while chunk := response.read(1024 * 256):
                    copied += len(chunk)
                    if copied > DOWNLOAD_MAX_BYTES:
                        raise ValueError(
                            f"{url} is larger than {DOWNLOAD_MAX_BYTES} bytes; download it and import the file."
                        )
                    handle.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return target


def resolve_source(spec: DatasetSpec, path_or_url: str | None) -> tuple[Path, str, bool]:
    """Return (local path, what to record as the source, whether the path is a temporary download)."""
    if path_or_url is None:
        local = spec.default_local_source()
        if local.exists():
            return local, str(local), False
        path_or_url = spec.source_url
    if is_url(path_or_url):
        return fetch_to_temp(path_or_url), path_or_url, True
    path = Path(path_or_url).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"No such file or folder: {path}")
    return path, str(path.resolve()), False


def discard_download(path: Path, is_temporary: bool) -> None:
    if is_temporary:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
