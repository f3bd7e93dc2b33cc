from datetime import date

from tiex.peer_challenges.deadlines import (
    FLAGGED_FOR_MONTHS,
    add_months,
    deadlines,
    earliest_visit_with_overdue_steps,
    overdue,
)


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2019, 3, 14), 3) == date(2019, 6, 14)
    assert add_months(date(2019, 11, 30), 3) == date(2020, 2, 29)
    assert add_months(date(2019, 10, 31), 12) == date(2020, 10, 31)


def test_no_deadlines_before_the_visit_has_an_end() -> None:
    assert (
        deadlines(visit_end=None, report_published=None, action_plan_published=None, progress_review_published=None)
        == []
    )


def test_overdue_the_day_after_the_deadline_unless_done() -> None:
    items = deadlines(
        visit_end=date(2019, 1, 31),
        report_published=date(2019, 5, 1),  # late but done
        action_plan_published=None,
        progress_review_published=None,
    )
    assert [item.due for item in items] == [date(2019, 4, 30), date(2019, 6, 30), date(2020, 1, 31)]
    assert overdue(items, today=date(2019, 6, 30)) == []
    assert [item.step for item in overdue(items, today=date(2019, 7, 1))] == ["action-plan"]
    assert items[0].late() and not items[0].overdue(date(2030, 1, 1))
    assert [item.step for item in overdue(items, today=date(2020, 2, 1))] == ["action-plan", "progress-review"]


def test_an_overdue_step_is_flagged_for_two_years_after_its_deadline_then_lapses() -> None:
    assert FLAGGED_FOR_MONTHS == 24
    items = deadlines(
        visit_end=date(2019, 1, 31), report_published=None, action_plan_published=None, progress_review_published=None
    )
    report, plan, review = items
    assert report.due == date(2019, 4, 30)
    assert report.overdue(date(2021, 4, 30)) and not report.lapsed(date(2021, 4, 30))  # two years on: still flagged
    assert not report.overdue(date(2021, 5, 1)) and report.lapsed(date(2021, 5, 1))  # the day after: lapsed
    assert [item.step for item in overdue(items, today=date(2021, 5, 1))] == ["action-plan", "progress-review"]
    assert [item.step for item in overdue(items, today=date(2022, 1, 31))] == ["progress-review"]
    assert overdue(items, today=date(2022, 2, 1)) == []  # an old challenge with no progress review is not overdue
    assert review.lapsed(date(2030, 1, 1)) and not plan.overdue(date(2030, 1, 1))
    # Done, even very late: never overdue nor lapsed.
    done = deadlines(
        visit_end=date(2019, 1, 31),
        report_published=date(2025, 1, 1),
        action_plan_published=None,
        progress_review_published=None,
    )[0]
    assert not done.overdue(date(2030, 1, 1)) and not done.lapsed(date(2030, 1, 1)) and done.late()


def test_the_bound_on_visits_that_can_still_have_an_overdue_step() -> None:
    today = date(2026, 11, 27)
    bound = earliest_visit_with_overdue_steps(today)
    assert bound == date(2023, 11, 27)
    last = deadlines(visit_end=bound, report_published=None, action_plan_published=None, progress_review_published=None)
    assert last[-1].overdue(today)  # on the bound: its progress review report is still flagged
    before = deadlines(
        visit_end=date(2023, 11, 26), report_published=None, action_plan_published=None, progress_review_published=None
    )
    assert overdue(before, today=today) == []


def test_the_usual_timing_of_each_stage_from_the_visit_dates() -> None:
    from tiex.peer_challenges.models import Stage
    from tiex.peer_challenges.stages import usual_timing

    start, end = date(2026, 3, 10), date(2026, 3, 13)
    assert usual_timing(Stage.POSITION_STATEMENT, start, end) == (
        "two to three weeks before the visit",
        date(2026, 2, 17),
    )
    assert usual_timing(Stage.FEEDBACK, start, end) == ("the last day of the visit", end)
    assert usual_timing(Stage.REPORT_PUBLISHED, start, end)[1] == date(2026, 6, 13)
    assert usual_timing(Stage.ACTION_PLAN, start, end)[1] == date(2026, 8, 13)
    assert usual_timing(Stage.PROGRESS_REVIEW, start, end) == ("about 10 months after the visit", date(2027, 1, 13))
    assert usual_timing(Stage.PROGRESS_REVIEW_PUBLISHED, start, end)[1] == date(2027, 3, 13)
    assert usual_timing(Stage.POSITION_STATEMENT, None, None) == ("two to three weeks before the visit", None)
    assert usual_timing(Stage.ENQUIRY, start, end) == ("", None)
