"""Peer challenges' entries for the accessibility route map (tiex/core/a11y_routes.py).

The lifecycle pages need the browser seed "peer_challenges" (tiex/peer_challenges/tests/browser_seed.py):
Testshire (the route map's super-user's council) has a corporate challenge past its written
report (``REFERENCE``), with a team, a timetable and an unpublished report, and an enquiry.
Other areas (peers, coverage, documents) keep theirs in ``a11y_routes_<area>.py``, which core collects too.
"""

from __future__ import annotations

from typing import Any

SEED = "peer_challenges"
REFERENCE = "corporate-seed-testshire"
ENQUIRY = "corporate-seed-testshire-enquiry"
BASE = f"/peer-challenges/{REFERENCE}/"
DOCUMENT_PK = 990_001  # an unpublished background document of REFERENCE (to replace or remove)


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "peer_challenges:manage": (
            Visit("/peer-challenges/manage/", "no challenges yet", role="editor"),
            Visit("/peer-challenges/manage/", "challenges with overdue flags", role="editor", seed=SEED),
            Visit("/peer-challenges/manage/?overdue=1&q=testshire", "filtered", role="editor", seed=SEED),
        ),
        "peer_challenges:create": (
            Visit("/peer-challenges/manage/new/", "recording an enquiry", role="editor", seed=SEED),
            Visit(
                "/peer-challenges/manage/new/",
                "recording an enquiry, with errors",
                role="editor",
                seed=SEED,
                submit=(("regional_adviser", "Rhian"),),
            ),
        ),
        "peer_challenges:detail": (
            Visit(BASE, "the public view: milestones and published documents", seed=SEED),
            Visit(BASE, "the private view for the council's super-user", role="super_user", seed=SEED),
            Visit(BASE, "the private view for staff, with overdue steps", role="editor", seed=SEED),
            Visit(f"/peer-challenges/{ENQUIRY}/", "an enquiry, private view", role="super_user", seed=SEED),
        ),
        "peer_challenges:dates": (
            Visit(f"{BASE}dates/", "agreeing the visit dates", role="editor", seed=SEED),
            Visit(
                f"{BASE}dates/",
                "with errors",
                role="editor",
                seed=SEED,
                submit=(("visit_start", ""), ("visit_end", "")),
            ),
        ),
        "peer_challenges:stage": (
            Visit(f"{BASE}stages/position-statement/", "a completed stage", role="editor", seed=SEED),
            Visit(f"{BASE}stages/report-published/", "a stage completed by publishing", role="editor", seed=SEED),
        ),
        "peer_challenges:timetable": (
            Visit(f"{BASE}timetable/", "the timetable and the form to add a session", role="editor", seed=SEED),
            Visit(f"{BASE}timetable/", "with errors", role="editor", seed=SEED, submit=(("title", ""),)),
        ),
        "peer_challenges:session_remove": "POST only: the remove buttons are on the timetable page, checked there",
        "peer_challenges:document_add": (
            Visit(f"{BASE}documents/new/", "adding a document", role="super_user", seed=SEED),
            Visit(f"{BASE}documents/new/", "with errors", role="super_user", seed=SEED, submit=(("title", ""),)),
        ),
        "peer_challenges:cancel": (
            Visit(f"{BASE}cancel/", "cancelling, with the reason to give", role="editor", seed=SEED),
            Visit(f"{BASE}cancel/", "with errors", role="editor", seed=SEED, submit=(("reason", ""),)),
        ),
        "peer_challenges:document_replace": (
            Visit(f"{BASE}documents/{DOCUMENT_PK}/replace/", "replacing a document", role="super_user", seed=SEED),
            Visit(
                f"{BASE}documents/{DOCUMENT_PK}/replace/",
                "with errors",
                role="super_user",
                seed=SEED,
                submit=(("title", ""),),
            ),
        ),
        "peer_challenges:document_remove": (
            Visit(f"{BASE}documents/{DOCUMENT_PK}/remove/", "confirming the removal", role="editor", seed=SEED),
        ),
        "peer_challenges:document": "a file download, or a redirect to the document's link: not a page",
        "peer_challenges:publish": (
            Visit(f"{BASE}publish/report/", "publishing the report", role="super_user", seed=SEED),
            Visit(
                f"{BASE}publish/report/", "with errors", role="super_user", seed=SEED, submit=(("published_on", ""),)
            ),
            Visit(f"{BASE}publish/action-plan/", "nothing to publish yet", role="super_user", seed=SEED),
        ),
        "peer_challenges:self_assessment": (
            Visit(
                f"{BASE}self-assessment/", "sharing a self-assessment (none published)", role="super_user", seed=SEED
            ),
        ),
    }
