"""Demo peer challenges and peers for `tiex demo`: real councils, made-up challenges and peers.

``load_demo`` is called by ``tiex demo`` (and by ``tiex bootstrap`` on a new database). What
it builds is set in challenges.toml beside this file: the published figures to reproduce
(about 70 corporate or finance challenges a year from 2012/13, progress reviews after most,
about 100 councils with no corporate peer challenge since 2012 at the start of 2018/19, 63
of which never had one), the challenges under way at each stage, how often councils are
late, feedback rates and the pool of peers (several hundred, with invented names ending
"(demo)"). build.py explains the calibration; docs/peer_challenges.md gives the figures.

Deterministic: one random generator seeded from the file, so the same councils and the
same day give the same demo (the current year's challenges are placed around today).
Idempotent: demo peers are kept by name and demo challenges by their ``demo-`` reference
(so their ids stay the same); nothing that is not demo is touched.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from tiex.councils.models import PRINCIPAL_TYPES, Council, Nation
from tiex.peer_challenges.demo.build import build
from tiex.peer_challenges.demo.plans import Place
from tiex.peer_challenges.demo.write import write_demo
from tiex.peer_challenges.models import Challenge, ChallengeKind
from tiex.peer_challenges.reference import reference_load
from tiex.peer_challenges.services_documents import DEMO_EXCHANGE_MONTHS, demo_documents_exchange_sync

DEMO_PATH = Path(__file__).with_name("challenges.toml")


def read_config(path: Path = DEMO_PATH) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def places() -> list[Place]:
    """English principal councils, current and former, with the dates they existed."""
    rows = Council.objects.filter(nation=Nation.ENGLAND, type__in=PRINCIPAL_TYPES).values_list(
        "id", "name", "type", "region", "control", "start_date", "end_date"
    )
    return [Place(*row) for row in rows]


def load_demo(*, if_empty: bool = False, today: date | None = None) -> str:
    """Create or replace the demo challenges and peers; with ``if_empty``, only when there are none yet."""
    if if_empty and Challenge.objects.filter(is_demo=True).exists():
        return "demo peer challenges are already loaded."
    found = places()
    if not found:
        return "no demo peer challenges: import the councils first (tiex bootstrap)."
    if not ChallengeKind.objects.exists():
        reference_load()
    day = today or timezone.localdate()
    peers, plans = build(read_config(), found, day)
    counts = write_demo(peers, plans)
    listed = demo_documents_exchange_sync(today=day)
    return (
        f"{counts['challenges']} demo peer challenges ({counts['created']} created, {counts['changed']} changed, "
        f"{counts['removed']} removed) and {counts['peers']} demo peers; {listed['listed']} reports and plans "
        f"of the last {DEMO_EXCHANGE_MONTHS // 12} years listed in the Exchange."
    )
