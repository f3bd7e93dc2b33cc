from datetime import date

from tiex.peer_challenges.deadlines import add_months, deadlines, overdue


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
