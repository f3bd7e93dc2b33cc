"""The pool of peers, team building, "my challenges" and feedback in the accessibility route map
(tiex/core/a11y_routes.py collects them through this app's a11y_routes.py).

The pages need the browser seed "peers" (tiex/peer_challenges/tests/browser_seed_peers.py):
keep the numbers here in step with it.
"""

from __future__ import annotations

from typing import Any

SEED = "peers"
REFERENCE = "pc-a11y-testshire"  # a challenge at Testshire (the route map's super-user's council), visit over
PEER_PK = 9501  # a member peer with challenges and feedback
MEMBER_PK = 9511  # that peer's place on the challenge's team
_POST_ONLY = "POST only: the button is on the team page, checked there; then back to the team page"


def routes(Visit: Any) -> dict[str, Any]:
    team = f"/peer-challenges/{REFERENCE}/team/"
    return {
        "peer_challenges:peer_list": (
            Visit("/peer-challenges/peers/", "the pool with filters", role="editor", seed=SEED),
            Visit("/peer-challenges/peers/?kind=member&available=yes", "the pool, filtered", role="editor", seed=SEED),
            Visit("/peer-challenges/peers/?party=nonsense", "filters that do not validate", role="editor", seed=SEED),
            Visit("/peer-challenges/peers/", "an empty pool", role="editor"),
        ),
        "peer_challenges:peer_create": (
            Visit("/peer-challenges/peers/new/", "add a peer", role="editor", seed=SEED),
            Visit(
                "/peer-challenges/peers/new/",
                "add a peer, with errors",
                role="editor",
                seed=SEED,
                submit=(("full_name", ""),),
            ),
        ),
        "peer_challenges:peer_detail": (
            Visit(
                f"/peer-challenges/peers/{PEER_PK}/", "a peer with challenges and feedback", role="editor", seed=SEED
            ),
        ),
        "peer_challenges:peer_edit": (
            Visit(f"/peer-challenges/peers/{PEER_PK}/edit/", "change a peer's details", role="editor", seed=SEED),
        ),
        "peer_challenges:mine": (
            Visit("/peer-challenges/mine/", "a peer's own challenges", role="member", seed=SEED),
            Visit("/peer-challenges/mine/", "not a peer: nothing to show", role="member"),
        ),
        "peer_challenges:feedback_figures": (
            Visit("/peer-challenges/feedback/", "yearly feedback figures", role="editor", seed=SEED),
            Visit("/peer-challenges/feedback/", "no feedback yet", role="editor"),
        ),
        "peer_challenges:feedback_figures_csv": "a CSV download, not a page",
        "peer_challenges:team": (
            Visit(team, "the team with suggestions for each role", role="editor", seed=SEED),
            Visit(team + "?q=peer", "finding someone in the pool", role="editor", seed=SEED),
            Visit(
                team,
                "recording peer days, with an error",
                role="editor",
                seed=SEED,
                submit=((f"m{MEMBER_PK}-days", "45"),),
            ),
        ),
        "peer_challenges:team_add": _POST_ONLY,
        "peer_challenges:team_remove": _POST_ONLY,
        "peer_challenges:team_days": _POST_ONLY,
        "peer_challenges:feedback_peer": (
            Visit(f"/peer-challenges/{REFERENCE}/feedback/peer/", "a peer's feedback form", role="member", seed=SEED),
            Visit(
                f"/peer-challenges/{REFERENCE}/feedback/peer/",
                "a peer's feedback form, with errors",
                role="member",
                seed=SEED,
                submit=(("comments", "Well run."),),
            ),
        ),
        "peer_challenges:feedback_council": (
            Visit(
                f"/peer-challenges/{REFERENCE}/feedback/council/",
                "the council's feedback form",
                role="super_user",
                seed=SEED,
            ),
            Visit(
                f"/peer-challenges/{REFERENCE}/feedback/council/",
                "the council's feedback form, with errors",
                role="super_user",
                seed=SEED,
                submit=(("comments", "Useful."),),
            ),
        ),
    }
