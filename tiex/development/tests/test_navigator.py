"""The navigator is pure: plain answers and plain programme facts in, a recommendation out."""

from __future__ import annotations

import dataclasses

from tiex.development import navigator
from tiex.development.navigator import Answers, ProgrammeFacts

LEADERS = ProgrammeFacts(
    slug="leaders-programme",
    title="Leaders' Programme",
    audiences=("leader",),
    max_years_in_post=3,
    topics=("leadership", "personal"),
    format="residential",
    time_commitment_hours=40,
    nomination_required=True,
)
ACADEMY = ProgrammeFacts(
    slug="leadership-academy",
    title="Leadership Academy",
    audiences=("cabinet", "opposition", "leader"),
    min_years_service=1,
    topics=("leadership", "finance"),
    format="residential",
    time_commitment_hours=60,
)
BE_A_COUNCILLOR = ProgrammeFacts(
    slug="be-a-councillor", title="Be a Councillor", audiences=("prospective",), topics=("basics",), format="workshop"
)
E_LEARNING = ProgrammeFacts(
    slug="e-learning",
    title="E-learning",
    audiences=("prospective", "newly_elected", "backbench", "opposition", "cabinet", "leader"),
    topics=("basics", "finance"),
    format="e_learning",
    time_commitment_hours=4,
)
CATALOGUE = [LEADERS, ACADEMY, BE_A_COUNCILLOR, E_LEARNING]


def leader(years_in_post: int) -> Answers:
    return Answers(
        role="leader",
        years_as_councillor=10,
        years_in_role=years_in_post,
        portfolio="none",
        topics=("leadership",),
        formats=("residential",),
        time="weeks",
    )


def slugs(fits: list[navigator.Fit]) -> list[str]:
    return [fit.programme.slug for fit in fits]


def test_a_leader_in_post_two_years_is_recommended_the_leaders_programme_first() -> None:
    result = navigator.recommend(leader(2), CATALOGUE)
    assert slugs(result.fits)[0] == "leaders-programme"
    first = result.fits[0]
    assert any("meant for council leader" in reason for reason in first.reasons)
    assert "You need a nomination from your political group office." in first.cautions


def test_a_leader_in_post_five_years_is_not_and_is_told_why() -> None:
    result = navigator.recommend(leader(5), CATALOGUE)
    assert "leaders-programme" not in slugs(result.fits)
    excluded = {fit.programme.slug: fit for fit in result.excluded}
    assert excluded["leaders-programme"].ineligible == (
        "It is for those in their role 3 years or less; you have been in yours for 5 years.",
    )
    assert slugs(result.fits)[0] == "leadership-academy"


def test_three_years_is_within_the_limit() -> None:
    assert "leaders-programme" in slugs(navigator.recommend(leader(3), CATALOGUE).fits)


def test_the_wrong_audience_is_ruled_out_in_words() -> None:
    answers = Answers(role="backbench", years_as_councillor=0, years_in_role=0)
    reasons = navigator.ineligibility(ACADEMY, answers)
    assert reasons[0] == (
        "It is for cabinet members and portfolio holders; opposition councillors and group leaders; "
        "and council leaders and elected mayors, and you are a backbench councillor."
    )
    assert "at least 1 year" in reasons[1]


def test_a_prospective_candidate_skips_experience_and_portfolio_and_counts_as_new() -> None:
    answers = Answers(role="prospective")
    assert navigator.steps_for(answers) == ["role", "develop", "learning", "time"]
    assert navigator.next_step(answers) == "develop"
    complete = Answers(role="prospective", topics=("basics",), formats=("workshop",), time="hours")
    assert navigator.is_complete(complete)
    result = navigator.recommend(complete, CATALOGUE)
    assert slugs(result.fits) == ["be-a-councillor", "e-learning"]
    assert {fit.programme.slug for fit in result.excluded} == {"leaders-programme", "leadership-academy"}


def test_too_long_a_programme_is_a_caution_and_scores_lower() -> None:
    answers = dataclasses.replace(leader(2), time="hours")
    fits = {fit.programme.slug: fit for fit in navigator.recommend(answers, CATALOGUE).fits}
    assert any("more than the time you said you have" in c for c in fits["leadership-academy"].cautions)
    assert fits["e-learning"].score > 0


def test_answers_round_trip_through_the_query_string_and_drop_nonsense() -> None:
    answers = leader(2)
    query = {
        "role": ["leader"],
        "years_as_councillor": ["10"],
        "years_in_role": ["2"],
        "portfolio": ["none"],
        "topics": ["leadership", "nonsense", "leadership"],
        "formats": ["residential"],
        "time": ["weeks"],
    }
    assert Answers.from_query(query) == answers
    assert answers.query() == (
        "role=leader&years_as_councillor=10&years_in_role=2&portfolio=none&topics=leadership"
        "&formats=residential&time=weeks"
    )
    assert Answers.from_query({"role": ["mayor"], "years_in_role": ["-1"], "time": ["x"]}) == Answers()
    assert Answers.from_query({"years_in_role": ["999"]}).years_in_role is None


def test_rules_describe_who_may_not_take_part() -> None:
    assert navigator.rules(LEADERS) == [
        "Only for council leaders and elected mayors.",
        "Only for those in their current role 3 years or less.",
        "Places are confirmed only on nomination by your political group office.",
    ]
    assert navigator.rules(E_LEARNING) == []


def test_next_and_previous_steps() -> None:
    answers = leader(2)
    assert navigator.next_step(answers) is None
    assert navigator.next_step(answers, after="role") == "experience"
    assert navigator.next_step(answers, after="time") is None
    assert navigator.previous_step(answers, "role") is None
    assert navigator.previous_step(answers, "portfolio") == "experience"


def test_a_programme_for_some_council_types_says_so_and_rules_out_only_a_known_other_type() -> None:
    counties = dataclasses.replace(E_LEARNING, council_types=("CTY", "UA"))
    assert "Only for councillors of county councils or unitary councils." in navigator.rules(counties)
    anyone = Answers(role="backbench", years_as_councillor=2, years_in_role=2)
    assert navigator.ineligibility(counties, anyone) == ()
    district = dataclasses.replace(anyone, council_type="NMD")
    assert navigator.ineligibility(counties, district) == (
        "It is for councillors of county councils or unitary councils, and your council is not one.",
    )
    assert navigator.ineligibility(counties, dataclasses.replace(anyone, council_type="UA")) == ()


def test_the_council_type_travels_in_the_shared_address() -> None:
    answers = Answers.from_query({"role": ["leader"], "council_type": ["MD"]})
    assert answers.council_type == "MD"
    assert "council_type=MD" in answers.query()
    assert Answers.from_query({"council_type": ["XX"]}).council_type == ""
