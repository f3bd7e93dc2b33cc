"""Councillor development's entries for the accessibility route map (tiex/core/a11y_routes.py).

Most pages need the browser seed "development" (tiex/development/tests/browser_seed.py): the demo
catalogue, a cohort of the Leaders' Programme open for booking (BOOK_COHORT), and a booking
(BOOKING_PK) of the route map's super-user on a Leadership Academy cohort (COHORT_PK).
"""

from __future__ import annotations

from typing import Any

SEED = "development"
COHORT_PK = 9101
BOOK_COHORT = 9102
BOOKING_PK = 9103
BASE = "/councillor-development/"
LEADER = (
    "role=leader&years_as_councillor=8&years_in_role={years}&portfolio=none&topics=leadership"
    "&formats=residential&time=weeks"
)


def routes(Visit: Any) -> dict[str, Any]:
    return {
        "development:index": (
            Visit(BASE, "no programmes yet"),
            Visit(BASE, "the demo catalogue", seed=SEED),
        ),
        "development:programme": (
            Visit(f"{BASE}leaders-programme/", "a programme with cohorts and rules", seed=SEED),
            Visit(f"{BASE}councillor-e-learning/", "a programme with no cohorts", role="super_user", seed=SEED),
        ),
        "development:navigator": (
            Visit(f"{BASE}navigator/", "the start page"),
            Visit(f"{BASE}navigator/", "the start page with saved answers", role="super_user", seed=SEED),
        ),
        "development:navigator_question": (
            Visit(f"{BASE}navigator/role/", "the first question (radios)"),
            Visit(f"{BASE}navigator/role/?continue=1", "the first question, with errors"),
            Visit(f"{BASE}navigator/experience/?role=leader", "two number questions"),
            Visit(
                f"{BASE}navigator/experience/?role=leader&continue=1&years_in_role=x",
                "two number questions, with errors",
            ),
            Visit(f"{BASE}navigator/develop/?role=prospective", "a checkboxes question"),
        ),
        "development:navigator_results": (
            Visit(f"{BASE}navigator/results/?{LEADER.format(years=2)}", "a leader of two years", seed=SEED),
            Visit(
                f"{BASE}navigator/results/?{LEADER.format(years=5)}",
                "a leader of five years, signed in",
                role="super_user",
                seed=SEED,
            ),
        ),
        "development:navigator_save": "POST only: the button is on the results page, checked there",
        "development:navigator_forget": "POST only: the delete buttons are on the navigator's start page",
        "development:bookings": (
            Visit(f"{BASE}bookings/", "no bookings", role="member"),
            Visit(f"{BASE}bookings/", "a confirmed booking", role="super_user", seed=SEED),
        ),
        "development:booking": (
            Visit(f"{BASE}bookings/{BOOKING_PK}/", "a confirmed booking", role="super_user", seed=SEED),
        ),
        "development:booking_cancel": (
            Visit(f"{BASE}bookings/{BOOKING_PK}/cancel/", "confirm the cancellation", role="super_user", seed=SEED),
        ),
        "development:booking_consent": "POST only: the form is on the booking's page, checked there",
        "development:book": (
            Visit(
                f"{BASE}leaders-programme/cohorts/{BOOK_COHORT}/book/", "the booking form", role="super_user", seed=SEED
            ),
            Visit(
                f"{BASE}leaders-programme/cohorts/{BOOK_COHORT}/book/",
                "the booking form, with errors",
                role="super_user",
                seed=SEED,
                submit=(("years_in_role", ""),),
            ),
        ),
        "development:manage": (Visit(f"{BASE}manage/", "cohorts for staff", role="editor", seed=SEED),),
        "development:manage_cohort": (
            Visit(f"{BASE}manage/cohorts/{COHORT_PK}/", "a cohort's bookings", role="editor", seed=SEED),
        ),
        "development:manage_nominate": "POST only: the buttons are on the cohort's staff page, checked there",
        "development:manage_attendance": "POST only: the forms are on the cohort's staff page, checked there",
    }
