"""The share of councils reporting a positive impact and being satisfied, per year.

A year is the financial year (April to March) in which the challenge's on-site visit began:
2018 stands for 2018/19. Only the council's feedback counts for the councils' shares
(``given_by="council"``); a council answers once per challenge per super-user, and when
more than one of its super-users answered for the same year, its latest answer that year
is the council's. A council with two challenges in a year (say a corporate and a finance
challenge) is counted once, by that latest answer. Peers' feedback is counted alongside,
per response. Cancelled challenges and those with no visit date are left out.

These figures are for association staff (nothing is suppressed); the public yearly figures
are built from the same function by the coverage pages, which decide what to publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tiex.peer_challenges.models import Feedback, FeedbackFrom


def financial_year(day: date) -> int:
    """The first calendar year of the financial year containing ``day`` (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class YearFeedback:
    year: int  # 2018 for 2018/19
    councils: int  # councils that gave feedback on a challenge visited that year
    positive: int  # ... reporting a positive impact
    satisfied: int  # ... satisfied
    peer_responses: int = 0
    peers_positive: int = 0
    peers_satisfied: int = 0

    @property
    def label(self) -> str:
        return financial_year_label(self.year)

    @property
    def positive_share(self) -> float | None:
        return _share(self.positive, self.councils)

    @property
    def satisfied_share(self) -> float | None:
        return _share(self.satisfied, self.councils)

    @property
    def peers_positive_share(self) -> float | None:
        return _share(self.peers_positive, self.peer_responses)

    @property
    def peers_satisfied_share(self) -> float | None:
        return _share(self.peers_satisfied, self.peer_responses)


def feedback_shares_by_year(*, include_demo: bool = True) -> list[YearFeedback]:
    """Per financial year of the visit, earliest first: councils (and peers) answering, and how. One query."""
    rows = Feedback.objects.filter(challenge__visit_start__isnull=False, challenge__cancelled_at__isnull=True)
    if not include_demo:
        rows = rows.filter(challenge__is_demo=False)
    latest: dict[tuple[int, int], tuple[object, bool, bool]] = {}
    peers: dict[int, list[int]] = {}
    values = rows.order_by("created_at", "pk").values_list(
        "given_by", "challenge__council_id", "challenge__visit_start", "created_at", "positive_impact", "satisfied"
    )
    for given_by, council_id, visit_start, created_at, positive, satisfied in values:
        if visit_start is None:  # filtered out above; for the type checker
            continue
        year = financial_year(visit_start)
        if given_by == FeedbackFrom.COUNCIL:
            latest[(year, council_id)] = (created_at, bool(positive), bool(satisfied))  # later rows win
        else:
            counts = peers.setdefault(year, [0, 0, 0])
            counts[0] += 1
            counts[1] += int(bool(positive))
            counts[2] += int(bool(satisfied))
    councils: dict[int, list[int]] = {}
    for (year, _), (_, said_positive, said_satisfied) in latest.items():
        counts = councils.setdefault(year, [0, 0, 0])
        counts[0] += 1
        counts[1] += int(said_positive)
        counts[2] += int(said_satisfied)
    years = sorted(set(councils) | set(peers))
    found = []
    for year in years:
        answered, positive_count, satisfied_count = councils.get(year, [0, 0, 0])
        peer_answers, peers_positive, peers_satisfied = peers.get(year, [0, 0, 0])
        found.append(
            YearFeedback(year, answered, positive_count, satisfied_count, peer_answers, peers_positive, peers_satisfied)
        )
    return found
