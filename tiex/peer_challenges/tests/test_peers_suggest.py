"""suggest.py: who is suggested for each role of a team, in what order, and why (plain data, no database)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tiex.peer_challenges import suggest
from tiex.peer_challenges.suggest import Candidate, Conflicts, Placement, Target, TeamSoFar

TODAY = date(2026, 11, 27)
TARGET = Target(
    council_id=1,
    council_name="Aldershire",
    council_type="CTY",
    council_type_label="county council",
    population=600_000,
    control="con",
    control_label="Conservative",
    focus_skills=frozenset({"finance", "housing"}),
)
PARTIES = {"con": "Conservative", "lab": "Labour", "ld": "Liberal Democrats", "green": "Green Party", "": ""}


def member(pk: int, party: str = "lab", council: int = 100, **kwargs: object) -> Candidate:
    values: dict[str, object] = {
        "peer_id": pk,
        "name": f"Peer {pk:03d}",
        "kind": suggest.MEMBER,
        "council_id": council,
        "council_name": f"Council {council}",
        "council_type": "NMD",
        "party": party,
        "party_label": PARTIES.get(party, party),
    }
    values.update(kwargs)
    return Candidate(**values)  # type: ignore[arg-type]


def officer(pk: int, council: int = 100, **kwargs: object) -> Candidate:
    return member(pk, party="", council=council, kind=suggest.OFFICER, **kwargs)


def ids(result: suggest.RoleSuggestions) -> list[int]:
    return [item.candidate.peer_id for item in result.suggestions]


def test_never_the_council_itself_a_neighbour_or_a_partner() -> None:
    pool = [member(1, council=1), member(2, council=2), member(3, council=3), member(4, council=4)]
    conflicts = Conflicts({2: "a geographic neighbour", 3: "in a partnership with it (Shared Legal)"})
    result = suggest.suggest_for_role(suggest.MEMBER_PEER, TARGET, pool, conflicts, today=TODAY)
    assert ids(result) == [4]
    assert suggest.conflict_of(pool[0], TARGET, conflicts) == "serves at Aldershire itself"
    assert suggest.conflict_of(pool[1], TARGET, conflicts) == "Council 2 is a geographic neighbour"


def test_roles_take_the_right_kind_of_peer_and_skip_the_unavailable_and_the_team() -> None:
    pool = [member(1), officer(2), member(3, available=False), officer(4)]
    team = TeamSoFar(peer_ids=frozenset({4}))
    by_role = {r.role: ids(r) for r in suggest.suggest(TARGET, pool, Conflicts(), team=team, today=TODAY)}
    assert by_role == {
        suggest.MANAGER: [2],
        suggest.LEAD_MEMBER: [1],
        suggest.MEMBER_PEER: [1],
        suggest.OFFICER_PEER: [2],
    }


def test_member_peers_from_a_party_not_yet_on_the_team_come_first() -> None:
    pool = [member(1, "lab", skills=frozenset({"finance", "housing"})), member(2, "ld")]
    team = TeamSoFar(peer_ids=frozenset({9}), member_parties=frozenset({"lab"}))
    result = suggest.suggest_for_role(suggest.MEMBER_PEER, TARGET, pool, Conflicts(), team=team, today=TODAY)
    assert ids(result) == [2, 1]
    assert result.suggestions[0].reasons[0] == "Liberal Democrats: a party not yet on the team"
    assert result.suggestions[1].reasons[0] == "Labour: a party already on the team"


def test_the_lead_member_peer_is_of_the_party_in_control_then_accredited() -> None:
    pool = [member(1, "lab", accredited=True), member(2, "con"), member(3, "con", accredited=True)]
    result = suggest.suggest_for_role(suggest.LEAD_MEMBER, TARGET, pool, Conflicts(), today=TODAY)
    assert ids(result) == [3, 2, 1]
    assert result.suggestions[0].reasons[:2] == ["Conservative, the party in control of Aldershire", "accredited"]


def test_no_party_preference_for_the_lead_when_no_party_controls_the_council() -> None:
    target = Target(**{**TARGET.__dict__, "control": "noc", "control_label": "No overall control"})
    pool = [member(1, "con"), member(2, "lab", accredited=True)]
    assert ids(suggest.suggest_for_role(suggest.LEAD_MEMBER, target, pool, Conflicts(), today=TODAY)) == [2, 1]


def test_skills_then_experience_of_the_type_and_size_then_load() -> None:
    big_county = Placement("CTY", 700_000, date(2020, 5, 1), 4)
    small_county = Placement("CTY", 90_000, date(2019, 5, 1), 4)
    recent = Placement("NMD", 80_000, date(2026, 3, 1), 5)
    pool = [
        officer(1, placements=(recent,)),
        officer(2, skills=frozenset({"finance"}), placements=(small_county,)),
        officer(3, skills=frozenset({"finance"}), placements=(big_county,)),
        officer(4, skills=frozenset({"finance", "housing"})),
        officer(5),
    ]
    result = suggest.suggest_for_role(suggest.OFFICER_PEER, TARGET, pool, Conflicts(), today=TODAY, limit=None)
    assert ids(result) == [4, 3, 2, 5, 1]  # 5 and 1 differ only in load: 0 days before 5
    reasons = {item.candidate.peer_id: item.reason for item in result.suggestions}
    assert "offers finance and housing" in reasons[4]
    assert "has given 1 challenge at a county council (1 at councils of a similar size)" in reasons[3]
    assert "5 peer days in the last 3 years" in reasons[1]
    assert "none of the skills the focus asks for" in reasons[5]


def test_recent_days_count_only_the_last_years() -> None:
    peer = officer(
        1, placements=(Placement("UA", None, date(2020, 1, 1), 4), Placement("UA", None, date(2025, 1, 1), 3.5))
    )
    assert suggest.recent_days(peer, today=TODAY) == 3.5
    assert suggest.recent_days(peer, today=TODAY, years=10) == 7.5


def test_the_list_is_cut_but_says_how_many_were_eligible() -> None:
    pool = [member(pk) for pk in range(1, 12)]
    result = suggest.suggest_for_role(suggest.MEMBER_PEER, TARGET, pool, Conflicts(), today=TODAY)
    assert len(result.suggestions) == suggest.SHOWN_PER_ROLE and result.eligible == 11


def test_focus_skills_are_read_from_the_focus_areas() -> None:
    skills = {"finance": "Finance and medium-term financial planning", "housing": "Housing and homelessness"}
    assert suggest.focus_skills(focus_areas="Homelessness\nGrowth", kind_slug="corporate", skills=skills) == {"housing"}
    assert suggest.focus_skills(focus_areas="", kind_slug="finance", skills=skills) == {"finance"}


# --- Properties --------------------------------------------------------------------------

party = st.sampled_from(["con", "lab", "ld", "green", ""])
placements = st.lists(
    st.builds(
        Placement,
        council_type=st.sampled_from(["CTY", "NMD", "UA"]),
        population=st.one_of(st.none(), st.integers(10_000, 1_500_000)),
        on=st.one_of(st.none(), st.dates(date(2012, 1, 1), date(2027, 12, 31))),
        days=st.sampled_from([0, 1, 2.5, 4]),
    ),
    max_size=4,
)


@st.composite
def pools(draw: st.DrawFn) -> list[Candidate]:
    size = draw(st.integers(0, 25))
    found = []
    for pk in range(1, size + 1):
        found.append(
            Candidate(
                peer_id=pk,
                name=draw(st.sampled_from(["Ash", "Birch", "Cedar", "Damson"])),
                kind=draw(st.sampled_from([suggest.MEMBER, suggest.OFFICER])),
                council_id=draw(st.integers(1, 8)),
                council_name="A council",
                council_type=draw(st.sampled_from(["CTY", "NMD", "UA"])),
                party=draw(party),
                skills=frozenset(draw(st.sets(st.sampled_from(["finance", "housing", "digital"])))),
                available=draw(st.booleans()),
                accredited=draw(st.booleans()),
                placements=tuple(draw(placements)),
            )
        )
    return found


conflict_maps = st.dictionaries(st.integers(2, 8), st.just("a geographic neighbour"), max_size=4)
teams = st.builds(
    TeamSoFar,
    peer_ids=st.frozensets(st.integers(1, 25), max_size=5),
    member_parties=st.frozensets(party, max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(pool=pools(), conflicts=conflict_maps, team=teams)
def test_property_never_a_conflicted_unavailable_or_chosen_peer(
    pool: list[Candidate], conflicts: dict[int, str], team: TeamSoFar
) -> None:
    for result in suggest.suggest(TARGET, pool, Conflicts(conflicts), team=team, today=TODAY, limit=None):
        for item in result.suggestions:
            peer = item.candidate
            assert peer.council_id != TARGET.council_id and peer.council_id not in conflicts
            assert peer.available and peer.peer_id not in team.peer_ids
            assert peer.kind == suggest.KIND_FOR_ROLE[result.role]
            assert item.reasons, "every suggestion says why"


@settings(max_examples=150, deadline=None)
@given(pool=pools(), team=teams)
def test_property_member_peers_of_a_new_party_always_rank_above_those_of_a_party_on_the_team(
    pool: list[Candidate], team: TeamSoFar
) -> None:
    result = suggest.suggest_for_role(
        suggest.MEMBER_PEER, TARGET, pool, Conflicts(), team=team, today=TODAY, limit=None
    )
    new_party = [item.candidate.party not in team.member_parties for item in result.suggestions]
    assert new_party == sorted(new_party, reverse=True), "a new party's peers first, then the rest"


@settings(max_examples=100, deadline=None)
@given(pool=pools())
def test_property_the_ranking_does_not_depend_on_the_order_of_the_pool(pool: list[Candidate]) -> None:
    forward = suggest.suggest(TARGET, pool, Conflicts(), today=TODAY, limit=None)
    backward = suggest.suggest(TARGET, list(reversed(pool)), Conflicts(), today=TODAY, limit=None)
    assert [ids(r) for r in forward] == [ids(r) for r in backward]
