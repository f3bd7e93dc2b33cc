"""Who may reach what: every route and API operation x every persona -> the expected outcome.

Personas (see access_world.py): anonymous; member and super-user of council A; member
of council B; association editor; association admin. Outcomes:

* "200" (or another status code as a string): the response status;
* "login": a redirect to the sign-in page;
* "redirect": any other redirect (e.g. after a successful form post).

Paths are templates filled from the world (``{gss_a}``, ``{draft_a}``, ...). Every URL
pattern of the project must have an entry here, or sit under a prefix in
``PREFIX_SAMPLES`` whose sample URLs stand for the whole group: test_access_matrix.py
fails on a new route that is in neither. Adding a route means adding its row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSONAS = ("anonymous", "member_a", "super_a", "member_b", "editor", "admin")


@dataclass(frozen=True)
class Case:
    path: str
    expect: dict[str, str]
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)
    note: str = ""


def everyone(outcome: str = "200") -> dict[str, str]:
    return dict.fromkeys(PERSONAS, outcome)


def signed_in(outcome: str = "200") -> dict[str, str]:
    return {"anonymous": "login", **dict.fromkeys(PERSONAS[1:], outcome)}


def only(allowed: dict[str, str], otherwise: str = "403") -> dict[str, str]:
    """Anonymous people are sent to sign in; the named personas get their outcome; the rest get ``otherwise``."""
    return {"anonymous": "login", **{p: allowed.get(p, otherwise) for p in PERSONAS[1:]}}


# A council's drafts: its members and the association staff see them; council B and the
# public get 404, so a draft's id does not even reveal that it exists.
DRAFT_OF_A = {
    "anonymous": "404",
    "member_a": "200",
    "super_a": "200",
    "member_b": "404",
    "editor": "200",
    "admin": "200",
}
STAFF_ONLY = only({"editor": "200", "admin": "200"})
# A council's own work (a self-assessment): its members; council B and the public get 404.
COUNCIL_WORK_OF_A = {**DRAFT_OF_A, "anonymous": "login"}
MANAGED_BY_A = {**COUNCIL_WORK_OF_A, "member_a": "403", "editor": "404"}
# A peer challenge's private pages: staff keep its stages; the council's super-users publish.
# Council A's members see it privately (403 where they may not act); council B gets 404.
PC_STAFF_PAGE = {**COUNCIL_WORK_OF_A, "member_a": "403", "super_a": "403"}
PC_COUNCIL_PAGE = {**COUNCIL_WORK_OF_A, "member_a": "403", "editor": "403"}
# A council's census links: its super-users and staff; its members 403; council B 404.
CENSUS_LINKS_OF_A = {**COUNCIL_WORK_OF_A, "member_a": "403"}
# The board's drafts: member_b sits on the board (tiex/board/tests/access_world.py); others get 404.
BOARD_DRAFTS = {**everyone("404"), "member_b": "200", "editor": "200", "admin": "200"}

MATRIX: dict[str, tuple[Case, ...]] = {
    # --- Site --------------------------------------------------------------------------
    "core:home": (Case("/", everyone()),),
    "core:data_sources": (Case("/data/", everyone()),),
    "core:accessibility": (Case("/accessibility/", everyone()),),
    "healthz": (Case("/healthz", everyone()),),
    # --- Councils (public data) ------------------------------------------------------------
    "councils:directory": (Case("/councils/?nation=England", everyone()),),
    "councils:download_csv": (Case("/councils/download.csv", everyone()),),
    "councils:download_json": (Case("/councils/download.json", everyone()),),
    "councils:detail": (Case("/councils/{gss_a}/", everyone()), Case("/councils/E99999999/", everyone("404"))),
    # --- Events and the Innovation Zone (tiex/events) -----------------------------------------
    # Programmes, sessions and calendars are public; delegates (anyone signed in) claim open-mic
    # slots and keep an agenda; council members propose sessions; staff decide and run sign-up.
    "events:list": (Case("/events/", everyone()),),
    "events:event": (
        Case("/events/{ev_slug}/", everyone()),
        Case("/events/{ev_slug}/?room=Nowhere", everyone("400"), note="a filter value not in the programme"),
        Case("/events/no-such-event/", everyone("404")),
    ),
    "events:calendar": (Case("/events/{ev_slug}/sessions.ics", everyone()),),
    "events:session": (
        Case("/events/{ev_slug}/sessions/{ev_session}/", everyone()),
        Case("/events/{ev_slug}/sessions/999999/", everyone("404")),
    ),
    "events:star": (Case("/events/{ev_slug}/sessions/{ev_session}/star/", signed_in("redirect"), method="POST"),),
    "events:open_mic": (
        Case("/events/{ev_slug}/sessions/{ev_open_mic}/open-mic/", signed_in()),
        Case("/events/{ev_slug}/sessions/{ev_session}/open-mic/", signed_in("404"), note="not an open mic"),
        Case(
            "/events/{ev_slug}/sessions/{ev_open_mic}/open-mic/",
            signed_in("400"),
            method="POST",
            note="no slot chosen: the errors",
        ),
    ),
    "events:sign_up_toggle": (
        Case(
            "/events/{ev_slug}/sessions/{ev_open_mic}/open-mic/sign-up/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "events:slot_release": (
        Case(
            "/events/{ev_slug}/sessions/{ev_open_mic}/open-mic/0/give-up/",
            only({"member_a": "redirect", "editor": "redirect", "admin": "redirect"}),
            method="POST",
            note="the slot is council A's member's: they or staff give it up",
        ),
    ),
    "events:propose": (
        Case(
            "/events/{ev_slug}/propose/",
            only({"member_a": "200", "super_a": "200", "member_b": "200"}),
            note="council members only (admins belong to no council)",
        ),
        Case(
            "/events/{ev_slug}/propose/",
            only({"member_a": "400", "super_a": "400", "member_b": "400"}),
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "events:proposals": (Case("/events/proposals/", STAFF_ONLY),),
    "events:proposal_decide": (
        Case("/events/proposals/{ev_proposal}/", STAFF_ONLY),
        Case(
            "/events/proposals/{ev_proposal}/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            note="no decision chosen: the error",
        ),
        Case("/events/proposals/999999/", only({"editor": "404", "admin": "404"})),
    ),
    "events:agenda": (Case("/events/agenda/", signed_in()),),
    "events:agenda_link": (Case("/events/agenda/link/", signed_in("redirect"), method="POST"),),
    "events:agenda_feed": (
        Case("/events/agenda/{ev_token}/agenda.ics", everyone(), note="the secret address is the key"),
        Case("/events/agenda/not-a-token/agenda.ics", everyone("404")),
    ),
    "api:event_sessions": (
        Case("/api/v1/events/{ev_slug}/sessions", everyone()),
        Case("/api/v1/events/no-such-event/sessions", everyone("404")),
    ),
    # --- API -------------------------------------------------------------------------------
    "api:api-root": (Case("/api/v1/", everyone(), note="JSON index linking the docs, OpenAPI and each list"),),
    "api:openapi-json": (Case("/api/v1/openapi.json", everyone()),),
    "api:openapi-view": (Case("/api/v1/docs", everyone()),),
    "api:council_list": (Case("/api/v1/councils?nation=England", everyone()),),
    "api:council_boundaries": (Case("/api/v1/councils/boundaries.geojson", everyone()),),
    "api:council_detail": (Case("/api/v1/councils/{gss_a}", everyone()),),
    "api:council_comparators": (Case("/api/v1/councils/{gss_a}/comparators?kind=same-type", everyone()),),
    "api:council_finances": (
        Case("/api/v1/councils/{gss_a}/finances", everyone(), note="public revenue outturn returns"),
        Case("/api/v1/councils/E99999999/finances", everyone("404")),
    ),
    "api:resource_list": (Case("/api/v1/resources", everyone()),),
    "api:partnership_list": (Case("/api/v1/partnerships?kind=shared_service", everyone()),),
    "api:peer_challenge_list": (Case("/api/v1/peer-challenges?kind=corporate", everyone()),),
    "api:peer_challenge_detail": (
        Case("/api/v1/peer-challenges/{pc_public_a}", everyone(), note="public stages and published documents only"),
        Case("/api/v1/peer-challenges/999999", everyone("404")),
    ),
    "api:peer_challenge_coverage": (
        Case("/api/v1/peer-challenges/coverage?since=2012&changed_control_since=2020", everyone()),
        Case("/api/v1/peer-challenges/coverage?region=Narnia", everyone("422"), note="an unknown filter value"),
    ),
    "api:partnership_detail": (
        Case("/api/v1/partnerships/{partnership_a}", everyone()),
        Case("/api/v1/partnerships/999999", everyone("404")),
    ),
    "api:resource_detail": (
        Case("/api/v1/resources/{published_id}", everyone()),
        Case("/api/v1/resources/{draft_a}", DRAFT_OF_A),
    ),
    "api:framework_list": (Case("/api/v1/frameworks", everyone()),),
    "api:framework_detail": (
        Case("/api/v1/frameworks/{framework_slug}", everyone()),
        Case("/api/v1/frameworks/no-such-framework", everyone("404")),
    ),
    "api:framework_comparison": (
        Case("/api/v1/frameworks/{framework_slug}/comparison?council={gss_a}&group=same-type", everyone()),
    ),
    "api:assessment_list": (Case("/api/v1/assessments", everyone()),),
    "api:board_targets": (
        Case("/api/v1/board/targets", everyone()),
        Case("/api/v1/board/targets?year=2019", everyone("404"), note="not published: the API hides it from everyone"),
    ),
    "api:board_meetings": (Case("/api/v1/board/meetings", everyone(), note="the public side only, whoever asks"),),
    "api:assessment_detail": (
        Case("/api/v1/assessments/{published_assessment}", everyone(), note="published to the public"),
        Case(
            "/api/v1/assessments/{assessment_a}",
            everyone("404"),
            note="not published: never in the API, not even for its own council",
        ),
    ),
    # --- The Exchange ----------------------------------------------------------------------
    "library:index": (Case("/exchange/", everyone()),),
    "library:download_csv": (Case("/exchange/resources.csv", everyone()),),
    "library:download_json": (Case("/exchange/resources.json", everyone()),),
    "library:feed": (Case("/exchange/feed/", everyone()),),
    "library:resource": (
        Case("/exchange/{published_slug}/", everyone()),
        Case("/exchange/{draft_slug}/", DRAFT_OF_A),
    ),
    "library:submit": (
        Case("/exchange/submit/", only({"member_a": "200", "super_a": "200", "member_b": "200"})),
        Case(
            "/exchange/submit/",
            only({"member_a": "400", "super_a": "400", "member_b": "400"}),
            method="POST",
            data={"council": "{council_a_pk}", "title": ""},
            note="member_b may submit, but not for council A: the form refuses (400)",
        ),
    ),
    "library:submissions": (Case("/exchange/submissions/", signed_in()),),
    "library:submission": (
        Case(
            "/exchange/submissions/{draft_a}/",
            {**DRAFT_OF_A, "anonymous": "login"},
        ),
    ),
    "library:submission_edit": (
        Case(
            "/exchange/submissions/{draft_a}/edit/",
            only({"member_a": "redirect"}, otherwise="404"),
            note="only the submitter edits, and only once changes are asked for (until then: back to the status page)",
        ),
        Case("/exchange/submissions/{draft_a}/edit/", only({"member_a": "redirect"}, otherwise="404"), method="POST"),
    ),
    # --- Self-assessment ---------------------------------------------------------------------
    # member_a and super_a take part in {assessment_a} (open); nobody outside council A sees it
    # (admins see everything but a participant's private answer pages).
    "assessments:index": (Case("/assessments/", everyone()),),
    "assessments:framework": (Case("/assessments/frameworks/{framework_slug}/", everyone()),),
    "assessments:take_up": (Case("/assessments/frameworks/{framework_slug}/take-up/", STAFF_ONLY),),
    "assessments:take_up_csv": (Case("/assessments/frameworks/{framework_slug}/take-up.csv", STAFF_ONLY),),
    "assessments:start": (
        Case("/assessments/start/", only({"super_a": "200"})),
        Case("/assessments/start/", only({"super_a": "400"}), method="POST", note="an empty form: its errors"),
    ),
    "assessments:detail": (Case("/assessments/{assessment_a}/", {**COUNCIL_WORK_OF_A, "editor": "404"}),),
    "assessments:answer": (
        Case("/assessments/{assessment_a}/answer/place/", only({"member_a": "200", "super_a": "200"}, "404")),
        Case(
            "/assessments/{assessment_a}/answer/place/",
            only({"member_a": "redirect", "super_a": "redirect"}, "404"),
            method="POST",
            note="a participant saves their own answers; nobody else has a seat",
        ),
    ),
    "assessments:disagreement": (Case("/assessments/{assessment_a}/disagreement/", MANAGED_BY_A),),
    "assessments:consensus": (
        Case("/assessments/{assessment_a}/consensus/", MANAGED_BY_A),
        Case(
            "/assessments/{assessment_a}/consensus/",
            {**MANAGED_BY_A, "super_a": "redirect", "admin": "redirect"},
            method="POST",
        ),
    ),
    "assessments:publish": (
        Case("/assessments/{assessment_a}/publish/", MANAGED_BY_A),
        Case(
            "/assessments/{assessment_a}/publish/",
            {**MANAGED_BY_A, "super_a": "400", "admin": "400"},
            method="POST",
            data={"visibility": "public"},
            note="no consensus yet: the page says so (400)",
        ),
    ),
    "assessments:closing_date": (
        Case("/assessments/{assessment_a}/closing-date/", MANAGED_BY_A),
        Case(
            "/assessments/{assessment_a}/closing-date/",
            {**MANAGED_BY_A, "super_a": "400", "admin": "400"},
            method="POST",
            data={"extend": "1", "closing_date": "2001-01-01"},
            note="a closing date in the past: its error",
        ),
    ),
    "assessments:results": (
        Case(
            "/assessments/{assessment_a}/results/",
            {**COUNCIL_WORK_OF_A, "anonymous": "404", "editor": "404"},
            note="unpublished: the super-user sees the result so far, member_a only their own answers",
        ),
        Case("/assessments/{published_assessment}/results/", everyone(), note="published to the public"),
    ),
    "assessments:report": (
        Case(
            "/assessments/{assessment_a}/report/",
            {**MANAGED_BY_A, "anonymous": "404", "member_a": "404"},
            note="the printable report: exactly who may see (and download) the agreed result",
        ),
        Case("/assessments/{published_assessment}/report/", everyone()),
    ),
    "assessments:results_csv": (
        Case("/assessments/{assessment_a}/results.csv", {**MANAGED_BY_A, "anonymous": "404", "member_a": "404"}),
        Case("/assessments/{published_assessment}/results.csv", everyone()),
    ),
    "assessments:action_new": (
        Case(
            "/assessments/{published_assessment}/actions/new/?statement=P1",
            only({"super_a": "200", "admin": "200"}),
            note="published to the public; only the council's super-user adds actions",
        ),
        Case(
            "/assessments/{published_assessment}/actions/new/",
            only({"super_a": "400", "admin": "400"}),
            method="POST",
            data={"statement": "P1"},
            note="an empty form: its errors",
        ),
        Case("/assessments/{assessment_a}/actions/new/", {**MANAGED_BY_A, "super_a": "404", "admin": "404"}),
    ),
    # --- Shared Services Map (public data) -----------------------------------------------
    # --- Peer challenges: coverage and yearly figures (public data) ------------------------------
    "peer_challenges:coverage": (
        Case("/peer-challenges/coverage/", everyone()),
        Case("/peer-challenges/coverage/?region=South+East&show=target", everyone()),
        Case("/peer-challenges/coverage/?since=12", everyone("400"), note="a filter that does not validate"),
    ),
    "peer_challenges:coverage_csv": (Case("/peer-challenges/coverage/download.csv?show=without", everyone()),),
    "peer_challenges:figures": (Case("/peer-challenges/figures/", everyone()),),
    # --- Councillor development: uptake (staff: exact; published: suppressed) ---------------------
    "development_uptake:staff": (Case("/councillor-development/uptake/", STAFF_ONLY),),
    "development_uptake:staff_csv": (Case("/councillor-development/uptake/uptake.csv", STAFF_ONLY),),
    "development_uptake:staff_json": (Case("/councillor-development/uptake/uptake.json", STAFF_ONLY),),
    "development_uptake:published": (Case("/councillor-development/uptake/published/", everyone()),),
    "development_uptake:published_csv": (Case("/councillor-development/uptake/published/uptake.csv", everyone()),),
    "development_uptake:published_json": (Case("/councillor-development/uptake/published/uptake.json", everyone()),),
    "partnerships:index": (
        Case("/shared-services/", everyone()),
        Case("/shared-services/?region=South+East&year=2018", everyone()),
        Case("/shared-services/?kind=nonsense", everyone("400"), note="a filter that does not validate"),
    ),
    "partnerships:download_csv": (Case("/shared-services/download.csv?kind=shared_service", everyone()),),
    "partnerships:download_json": (Case("/shared-services/download.json", everyone()),),
    "partnerships:download_geojson": (Case("/shared-services/download.geojson", everyone()),),
    "partnerships:boundaries": (Case("/shared-services/boundaries.json", everyone()),),
    "partnerships:detail": (
        Case("/shared-services/{partnership_a}/", everyone()),
        Case("/shared-services/999999/", everyone("404")),
    ),
    # Keeping it current: staff run refresh rounds and the data quality view; a council's
    # return is its super-users' (members 403; other councils and editors 404).
    "partnerships:refresh_rounds": (
        Case("/shared-services/refresh/", STAFF_ONLY),
        Case(
            "/shared-services/refresh/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "partnerships:refresh_round": (
        Case("/shared-services/refresh/{round_year}/", STAFF_ONLY),
        Case("/shared-services/refresh/1999/", only({"editor": "404", "admin": "404"})),
    ),
    "partnerships:refresh_missing_csv": (Case("/shared-services/refresh/{round_year}/missing.csv", STAFF_ONLY),),
    "partnerships:refresh_chase": (
        Case(
            "/shared-services/refresh/{round_year}/chase/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "partnerships:refresh_close": (
        Case(
            "/shared-services/refresh/{round_year}/close/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "partnerships:refresh_return": (
        Case("/shared-services/refresh/returns/{return_a}/", MANAGED_BY_A),
        Case(
            "/shared-services/refresh/returns/{return_a}/",
            {**MANAGED_BY_A, "super_a": "redirect", "admin": "redirect"},
            method="POST",
            note="nothing answered yet: saved, back to the return",
        ),
    ),
    "partnerships:refresh_return_add": (
        Case("/shared-services/refresh/returns/{return_a}/add/", MANAGED_BY_A),
        Case(
            "/shared-services/refresh/returns/{return_a}/add/",
            {**MANAGED_BY_A, "super_a": "400", "admin": "400"},
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "partnerships:quality": (Case("/shared-services/quality/", STAFF_ONLY),),
    "partnerships:quality_csv": (
        Case("/shared-services/quality/no-savings.csv", STAFF_ONLY),
        Case("/shared-services/quality/no-partnership.csv", STAFF_ONLY),
    ),
    # Finding a partner: signed-in only; a private interest is its council's alone (404 to others);
    # only a super-user of another council responds to a published one.
    "partnerships:interest_index": (Case("/shared-services/interests/", signed_in()),),
    "partnerships:interest_create": (
        Case(
            "/shared-services/interests/new/",
            only({"member_a": "200", "super_a": "200", "member_b": "200"}),
        ),
    ),
    "partnerships:interest_detail": (
        Case("/shared-services/interests/{interest_b_published}/", signed_in()),
        Case(
            "/shared-services/interests/{interest_a_private}/",
            only({"member_a": "200", "super_a": "200"}, "404"),
        ),
    ),
    "partnerships:interest_respond": (
        Case(
            "/shared-services/interests/{interest_b_published}/respond/",
            only({"super_a": "redirect"}),
            method="POST",
            data={"message": "We share ours; let us talk."},
        ),
    ),
    "partnerships:interest_close": (
        Case(
            "/shared-services/interests/{interest_a_private}/close/",
            only({"member_a": "redirect", "super_a": "redirect"}, "404"),
            method="POST",
        ),
    ),
    # --- Peer challenges: the lifecycle (tiex/peer_challenges/views_stages.py) ---------------------
    # Staff keep the stages; the council's super-users publish and share; the private view is for
    # the council's members, the team and staff (404 to everyone else, so a reference reveals nothing).
    "peer_challenges:manage": (Case("/peer-challenges/manage/", STAFF_ONLY),),
    "peer_challenges:create": (
        Case("/peer-challenges/manage/new/", STAFF_ONLY),
        Case(
            "/peer-challenges/manage/new/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "peer_challenges:detail": (
        Case("/peer-challenges/{pc_a}/", everyone(), note="past the enquiry: the public view for the public"),
        Case("/peer-challenges/{pc_enquiry}/", DRAFT_OF_A, note="an enquiry is private to the council and staff"),
        Case("/peer-challenges/no-such-challenge/", everyone("404")),
    ),
    "peer_challenges:dates": (
        Case("/peer-challenges/{pc_a}/dates/", PC_STAFF_PAGE),
        Case(
            "/peer-challenges/{pc_a}/dates/",
            {**PC_STAFF_PAGE, "editor": "400", "admin": "400"},
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "peer_challenges:stage": (
        Case("/peer-challenges/{pc_a}/stages/report-published/", PC_STAFF_PAGE),
        Case(
            "/peer-challenges/{pc_a}/stages/scoping/",
            {**PC_STAFF_PAGE, "editor": "400", "admin": "400"},
            method="POST",
            note="unticking a stage a later one depends on: its error",
        ),
    ),
    "peer_challenges:timetable": (
        Case("/peer-challenges/{pc_a}/timetable/", PC_STAFF_PAGE),
        Case(
            "/peer-challenges/{pc_a}/timetable/",
            {**PC_STAFF_PAGE, "editor": "400", "admin": "400"},
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "peer_challenges:session_remove": (
        Case(
            "/peer-challenges/{pc_a}/timetable/{pc_session}/remove/",
            {**PC_STAFF_PAGE, "editor": "redirect", "admin": "redirect"},
            method="POST",
        ),
    ),
    "peer_challenges:document_add": (
        Case("/peer-challenges/{pc_a}/documents/new/", {**PC_STAFF_PAGE, "super_a": "200"}),
        Case(
            "/peer-challenges/{pc_a}/documents/new/",
            {**PC_STAFF_PAGE, "super_a": "400", "editor": "400", "admin": "400"},
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "peer_challenges:cancel": (
        Case("/peer-challenges/{pc_a}/cancel/", PC_STAFF_PAGE),
        Case(
            "/peer-challenges/{pc_a}/cancel/",
            {**PC_STAFF_PAGE, "editor": "400", "admin": "400"},
            method="POST",
            note="no reason given: its error (nothing is cancelled)",
        ),
    ),
    "peer_challenges:document_replace": (
        Case(
            "/peer-challenges/{pc_a}/documents/{pc_private_doc}/replace/",
            {**COUNCIL_WORK_OF_A, "member_a": "403"},
            note="an unpublished position statement: staff and the council's super-users",
        ),
        Case(
            "/peer-challenges/{pc_a}/documents/{pc_private_doc}/replace/",
            {**COUNCIL_WORK_OF_A, "member_a": "403", "super_a": "400", "editor": "400", "admin": "400"},
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "peer_challenges:document_remove": (
        Case(
            "/peer-challenges/{pc_a}/documents/{pc_private_doc}/remove/",
            {**COUNCIL_WORK_OF_A, "member_a": "403"},
            note="the confirmation page",
        ),
        Case(
            "/peer-challenges/{pc_a}/documents/{pc_private_doc}/remove/",
            {**COUNCIL_WORK_OF_A, "member_a": "403", "super_a": "400", "editor": "400", "admin": "400"},
            method="POST",
            note="the position statement a completed stage rests on: refused, with the reason",
        ),
    ),
    "peer_challenges:document": (
        Case(
            "/peer-challenges/{pc_a}/documents/{pc_private_doc}/",
            {**DRAFT_OF_A, "member_a": "redirect", "super_a": "redirect", "editor": "redirect", "admin": "redirect"},
            note="an unpublished link: private to the council, the team and staff",
        ),
    ),
    "peer_challenges:publish": (
        Case("/peer-challenges/{pc_a}/publish/report/", PC_COUNCIL_PAGE),
        Case(
            "/peer-challenges/{pc_a}/publish/report/",
            {**PC_COUNCIL_PAGE, "super_a": "400", "admin": "400"},
            method="POST",
            note="no document chosen: its error",
        ),
    ),
    "peer_challenges:self_assessment": (
        Case("/peer-challenges/{pc_a}/self-assessment/", PC_COUNCIL_PAGE),
        Case(
            "/peer-challenges/{pc_a}/self-assessment/",
            {**PC_COUNCIL_PAGE, "super_a": "400", "admin": "400"},
            method="POST",
            note="nothing chosen: its error",
        ),
    ),
    "plans:detail": (Case("/plans/{org_a}/", only({"member_a": "200", "super_a": "200", "admin": "200"}, "404")),),
    "plans:detail_csv": (
        Case("/plans/{org_a}/plan.csv", only({"member_a": "200", "super_a": "200", "admin": "200"}, "404")),
    ),
    "plans:action_edit": (
        Case("/plans/actions/{action_a}/", {**MANAGED_BY_A, "member_b": "404"}),
        Case(
            "/plans/actions/{action_a}/",
            {**MANAGED_BY_A, "super_a": "400", "admin": "400"},
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    # --- Peer challenges: recommendations (tiex/peer_challenges/views_recommendations.py) -----------
    # Before the report is published: staff and council A's members see them (others 404); staff and
    # A's super-user record them; only A's super-user (who changes the plan) turns them into actions.
    "peer_challenges:recommendations": (
        Case("/peer-challenges/{pc_private}/recommendations/", DRAFT_OF_A),
        Case("/peer-challenges/{pc_public}/recommendations/", everyone(), note="public with the published report"),
        Case("/peer-challenges/not-a-challenge/recommendations/", everyone("404")),
        Case(
            "/peer-challenges/{pc_private}/recommendations/",
            {**DRAFT_OF_A, "member_a": "403", "super_a": "redirect", "editor": "redirect", "admin": "redirect"},
            method="POST",
            data={"text": "Refresh the corporate plan."},
        ),
        Case(
            "/peer-challenges/{pc_public}/recommendations/",
            only({"super_a": "redirect", "editor": "redirect", "admin": "redirect"}),
            method="POST",
            data={"text": "Refresh the corporate plan."},
        ),
    ),
    "peer_challenges:recommendation_edit": (
        Case(
            "/peer-challenges/{pc_private}/recommendations/{pc_private_rec}/",
            {**DRAFT_OF_A, "member_a": "403"},
        ),
        Case(
            "/peer-challenges/{pc_public}/recommendations/{pc_public_rec}/",
            only({"super_a": "200", "editor": "200", "admin": "200"}),
        ),
        Case(
            "/peer-challenges/{pc_public}/recommendations/{pc_private_rec}/",
            {**everyone("404"), "anonymous": "404"},
            note="a recommendation of another challenge",
        ),
        Case(
            "/peer-challenges/{pc_public}/recommendations/{pc_public_rec}/",
            only({"super_a": "400", "editor": "400", "admin": "400"}),
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    "peer_challenges:recommendation_remove": (
        Case(
            "/peer-challenges/{pc_private}/recommendations/{pc_private_rec}/remove/",
            {**DRAFT_OF_A, "member_a": "403", "super_a": "redirect", "editor": "redirect", "admin": "redirect"},
            method="POST",
        ),
        Case("/peer-challenges/{pc_public}/recommendations/{pc_public_rec}/remove/", everyone("405")),
    ),
    "peer_challenges:recommendations_to_actions": (
        Case(
            "/peer-challenges/{pc_private}/recommendations/actions/",
            {**DRAFT_OF_A, "member_a": "403", "super_a": "redirect", "editor": "403", "admin": "redirect"},
            method="POST",
            data={"recommendation": "{pc_private_rec}"},
        ),
        Case(
            "/peer-challenges/{pc_public}/recommendations/actions/",
            only({"super_a": "redirect", "admin": "redirect"}),
            method="POST",
            data={"recommendation": "{pc_public_rec}"},
        ),
        Case("/peer-challenges/{pc_public}/recommendations/actions/", everyone("405")),
    ),
    "assessments:results_json": (
        Case("/assessments/{assessment_a}/results.json", {**MANAGED_BY_A, "anonymous": "404", "member_a": "404"}),
        Case("/assessments/{published_assessment}/results.json", everyone()),
    ),
    # --- People and organisations --------------------------------------------------------------
    "accounts:profile": (Case("/account/profile/", signed_in()),),
    "accounts:organisation_list": (Case("/account/organisations/", only({"super_a": "200", "admin": "200"})),),
    "accounts:organisation_members": (
        Case("/account/organisations/{org_a}/members/", only({"super_a": "200", "admin": "200"})),
    ),
    "accounts:membership_role": (
        Case(
            "/account/organisations/{org_a}/members/{membership_a}/role/",
            only({"super_a": "200", "admin": "200"}),
            method="POST",
            note="an empty form comes back with its errors (200)",
        ),
        Case(
            "/account/organisations/{org_a}/members/{membership_a}/role/",
            only({"super_a": "redirect", "admin": "redirect"}),
            method="POST",
            data={"role": "super_user"},
        ),
    ),
    "accounts:membership_remove": (
        Case(
            "/account/organisations/{org_a}/members/{membership_a}/remove/",
            only({"super_a": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "accounts:invitation_revoke": (
        Case(
            "/account/organisations/{org_a}/invitations/{invitation_a}/revoke/",
            only({"super_a": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "accounts:invitation_open": (
        Case("/account/invitations/{token}/", everyone("redirect"), note="keeps the token in the session"),
        Case("/account/invitations/not-a-real-token/", everyone("404")),
    ),
    "accounts:invitation_accept": (
        Case("/account/invitations/accept/", everyone("404"), note="no invitation link was opened in this session"),
    ),
    # --- allauth: sign-in, passwords, MFA ----------------------------------------------------
    "account_login": (Case("/account/login/", {**everyone("redirect"), "anonymous": "200"}),),
    "account_logout": (Case("/account/logout/", {**everyone("200"), "anonymous": "redirect"}),),
    "account_signup": (
        Case("/account/signup/", {**everyone("redirect"), "anonymous": "200"}, note="explains invitations"),
    ),
    "account_inactive": (Case("/account/inactive/", everyone()),),
    "account_reauthenticate": (Case("/account/reauthenticate/", signed_in()),),
    # Steps of a flow: without the flow's first step they send you back to its start.
    "account_request_reauthentication_code": (Case("/account/reauthenticate/code/", signed_in("redirect")),),
    "account_confirm_reauthentication_code": (Case("/account/reauthenticate/code/confirm/", signed_in("redirect")),),
    "account_email": (Case("/account/email/", signed_in()),),
    "account_email_verification_sent": (Case("/account/confirm-email/", everyone()),),
    "account_confirm_email": (Case("/account/confirm-email/not-a-key/", everyone()),),
    "account_change_password": (Case("/account/password/change/", signed_in()),),
    "account_set_password": (Case("/account/password/set/", signed_in("redirect")),),
    "account_reset_password": (Case("/account/password/reset/", everyone()),),
    "account_reset_password_done": (Case("/account/password/reset/done/", everyone()),),
    "account_reset_password_from_key": (Case("/account/password/reset/key/1-not-a-key/", everyone()),),
    "account_reset_password_from_key_done": (Case("/account/password/reset/key/done/", everyone()),),
    "account_confirm_login_code": (Case("/account/login/code/confirm/", signed_in("redirect")),),
    "mfa_index": (Case("/account/2fa/", signed_in()),),
    "mfa_authenticate": (Case("/account/2fa/authenticate/", signed_in("redirect")),),
    # Staff have an authenticator app in this world; the others have none yet.
    "mfa_reauthenticate": (Case("/account/2fa/reauthenticate/", only({"editor": "200", "admin": "200"}, "redirect")),),
    "mfa_activate_totp": (
        Case("/account/2fa/totp/activate/", signed_in("redirect"), note="asks to re-authenticate first"),
    ),
    "mfa_deactivate_totp": (
        Case("/account/2fa/totp/deactivate/", only({"editor": "redirect", "admin": "redirect"}, "404")),
    ),
    "mfa_view_recovery_codes": (Case("/account/2fa/recovery-codes/", signed_in("404")),),
    "mfa_generate_recovery_codes": (Case("/account/2fa/recovery-codes/generate/", signed_in("redirect")),),
    "mfa_download_recovery_codes": (Case("/account/2fa/recovery-codes/download/", signed_in("404")),),
    "socialaccount_login_cancelled": (Case("/account/3rdparty/login/cancelled/", everyone()),),
    "socialaccount_login_error": (Case("/account/3rdparty/login/error/", everyone("401")),),
    "socialaccount_signup": (Case("/account/3rdparty/signup/", everyone("login"), note="no sign-in under way"),),
    "socialaccount_connections": (Case("/account/3rdparty/", signed_in()),),
    "account/social/login/cancelled/": (Case("/account/social/login/cancelled/", everyone("redirect")),),
    "account/social/login/error/": (Case("/account/social/login/error/", everyone("redirect")),),
    "account/social/signup/": (Case("/account/social/signup/", everyone("redirect")),),
    "account/social/connections/": (Case("/account/social/connections/", everyone("redirect")),),
    "openid_connect_login": (Case("/account/oidc/entra/login/", everyone("404"), note="no provider configured"),),
    "openid_connect_callback": (Case("/account/oidc/entra/login/callback/", everyone("404")),),
    # --- Peer challenges: the pool, teams, "my challenges" and feedback (pcpeers) ----------------
    # Peers' personal details and team building are for association staff; a peer sees only their
    # own challenges; feedback comes from a peer on the team, or a super-user of the council.
    "peer_challenges:peer_list": (
        Case("/peer-challenges/peers/", STAFF_ONLY),
        Case("/peer-challenges/peers/?party=nonsense", only({"editor": "400", "admin": "400"})),
    ),
    "peer_challenges:peer_create": (
        Case("/peer-challenges/peers/new/", STAFF_ONLY),
        Case("/peer-challenges/peers/new/", only({"editor": "400", "admin": "400"}), method="POST"),
    ),
    "peer_challenges:peer_detail": (
        Case("/peer-challenges/peers/{pc_peer}/", STAFF_ONLY),
        Case("/peer-challenges/peers/999999/", only({"editor": "404", "admin": "404"})),
    ),
    "peer_challenges:peer_edit": (Case("/peer-challenges/peers/{pc_peer}/edit/", STAFF_ONLY),),
    "peer_challenges:mine": (Case("/peer-challenges/mine/", signed_in(), note="nobody here is a peer: none listed"),),
    "peer_challenges:feedback_figures": (Case("/peer-challenges/feedback/", STAFF_ONLY),),
    "peer_challenges:feedback_figures_csv": (Case("/peer-challenges/feedback/download.csv", STAFF_ONLY),),
    "peer_challenges:team": (
        Case("/peer-challenges/{pc_challenge}/team/", STAFF_ONLY),
        Case("/peer-challenges/no-such-challenge/team/", only({"editor": "404", "admin": "404"})),
    ),
    "peer_challenges:team_add": (
        Case("/peer-challenges/{pc_challenge}/team/add/", only({"editor": "400", "admin": "400"}), method="POST"),
        Case("/peer-challenges/{pc_challenge}/team/add/", {**only({}, "405"), "anonymous": "login"}),
    ),
    "peer_challenges:team_remove": (
        Case(
            "/peer-challenges/{pc_challenge}/team/{pc_member}/remove/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "peer_challenges:team_days": (
        Case(
            "/peer-challenges/{pc_challenge}/team/{pc_member}/days/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            note="no days given: the error",
        ),
    ),
    "peer_challenges:feedback_peer": (
        Case("/peer-challenges/{pc_challenge}/feedback/peer/", only({}), note="only a peer on the team"),
    ),
    "peer_challenges:feedback_council": (
        Case("/peer-challenges/{pc_challenge}/feedback/council/", only({"super_a": "200", "admin": "200"})),
        Case(
            "/peer-challenges/{pc_challenge}/feedback/council/",
            only({"super_a": "400", "admin": "400"}),
            method="POST",
            note="an empty form: its errors",
        ),
    ),
    # --- Councillor development (tiex/development) -------------------------------------------------
    "development:index": (Case("/councillor-development/", everyone()),),
    "development:programme": (
        Case("/councillor-development/{dev_programme}/", everyone()),
        Case("/councillor-development/no-such-programme/", everyone("404")),
    ),
    "development:navigator": (Case("/councillor-development/navigator/", everyone()),),
    "development:navigator_question": (
        Case("/councillor-development/navigator/role/", everyone()),
        Case("/councillor-development/navigator/role/?continue=1", everyone(), note="no answer: the error"),
        Case("/councillor-development/navigator/role/?continue=1&role=leader", everyone("redirect")),
        Case("/councillor-development/navigator/nonsense/", everyone("404")),
    ),
    "development:navigator_results": (
        Case(
            "/councillor-development/navigator/results/?role=leader&years_as_councillor=8&years_in_role=2"
            "&portfolio=none&topics=leadership&formats=residential&time=weeks",
            everyone(),
        ),
        Case("/councillor-development/navigator/results/?role=leader", everyone("redirect"), note="answers missing"),
    ),
    "development:navigator_save": (
        Case(
            "/councillor-development/navigator/save/",
            signed_in("redirect"),
            method="POST",
            data={"query": "role=leader"},
        ),
    ),
    "development:navigator_forget": (
        Case(
            "/councillor-development/navigator/saved/{dev_saved_a}/delete/",
            signed_in("redirect"),
            method="POST",
            note="deletes only the person's own: the others' requests change nothing",
        ),
    ),
    "development:bookings": (Case("/councillor-development/bookings/", signed_in()),),
    "development:booking": (
        Case("/councillor-development/bookings/{dev_booking_a}/", only({"member_a": "200"}, "404"), note="own only"),
    ),
    "development:booking_cancel": (
        Case("/councillor-development/bookings/{dev_booking_a}/cancel/", only({"member_a": "200"}, "404")),
        Case(
            "/councillor-development/bookings/{dev_booking_a}/cancel/",
            only({"member_a": "redirect"}, "404"),
            method="POST",
        ),
    ),
    "development:booking_consent": (
        Case(
            "/councillor-development/bookings/{dev_booking_a}/consent/",
            only({"member_a": "redirect"}, "404"),
            method="POST",
        ),
    ),
    "development:book": (
        Case(
            "/councillor-development/{dev_programme}/cohorts/{dev_cohort_open}/book/",
            only({"member_a": "200", "super_a": "200", "member_b": "200"}),
            note="members of a council; staff belong to none",
        ),
        Case(
            "/councillor-development/{dev_programme}/cohorts/{dev_cohort}/book/",
            only({"member_a": "redirect", "super_a": "200", "member_b": "200"}),
            note="member_a has booked this one: to the booking",
        ),
        Case(
            "/councillor-development/{dev_programme}/cohorts/{dev_cohort_open}/book/",
            only({"member_a": "400", "super_a": "400", "member_b": "400"}),
            method="POST",
            note="an empty form: its errors",
        ),
        Case("/councillor-development/{dev_programme}/cohorts/999999/book/", only({}, "404")),
    ),
    "development:manage": (Case("/councillor-development/manage/", STAFF_ONLY),),
    "development:manage_cohort": (
        Case("/councillor-development/manage/cohorts/{dev_cohort}/", STAFF_ONLY),
        Case("/councillor-development/manage/cohorts/999999/", only({"editor": "404", "admin": "404"})),
    ),
    "development:manage_nominate": (
        Case(
            "/councillor-development/manage/bookings/{dev_booking_a}/nominate/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
    ),
    "development:manage_attendance": (
        Case(
            "/councillor-development/manage/bookings/{dev_booking_a}/attendance/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
            data={"attended": "on"},
        ),
    ),
    "api:programme_list": (
        Case("/api/v1/programmes", everyone()),
        Case("/api/v1/programmes?audience=leader&format=residential", everyone()),
        Case("/api/v1/programmes?audience=mayor", everyone("422")),
    ),
    "api:programme_detail": (
        Case("/api/v1/programmes/{dev_programme}", everyone()),
        Case("/api/v1/programmes/no-such-programme", everyone("404")),
    ),
    # --- The board (tiex/board): targets, meetings, actions -------------------------------------------
    # Published years, public items and papers and approved minutes are for everyone; member_b sits on
    # the board (a linked BoardMember) and, with staff, sees drafts; only staff change anything.
    "board:performance": (
        Case("/board/performance/", everyone()),
        Case("/board/performance/?year=2019", BOARD_DRAFTS, note="not published: the board and staff only"),
        Case("/board/performance/?year=20x9", everyone("404")),
    ),
    "board:performance_csv": (Case("/board/performance/download.csv?year=2018", everyone()),),
    "board:performance_json": (
        Case("/board/performance/download.json", everyone()),
        Case("/board/performance/download.json?year=2019", BOARD_DRAFTS),
    ),
    "board:deliverable": (
        Case("/board/performance/2018/1/", everyone()),
        Case("/board/performance/2018/99/", everyone("404")),
    ),
    "board:grant_year_create": (
        Case("/board/manage/years/new/", STAFF_ONLY),
        Case("/board/manage/years/new/", only({"editor": "400", "admin": "400"}), method="POST"),
    ),
    "board:grant_year_edit": (Case("/board/manage/years/2018/", STAFF_ONLY),),
    "board:deliverable_create": (Case("/board/manage/years/2018/deliverables/new/", STAFF_ONLY),),
    "board:deliverable_edit": (Case("/board/manage/years/2018/deliverables/1/", STAFF_ONLY),),
    "board:update_record": (
        Case("/board/manage/years/2018/deliverables/1/q2/", STAFF_ONLY),
        Case(
            "/board/manage/years/2018/deliverables/1/q2/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            data={"status": ""},
            note="no status: its error",
        ),
    ),
    "board:quarter_close": (
        Case(
            "/board/manage/years/2018/q1/close/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
            note="records the computed values at the quarter's close",
        ),
        Case("/board/manage/years/2018/q1/close/", {**only({}, "405"), "anonymous": "login"}),
    ),
    "board:meetings": (Case("/board/meetings/", everyone()),),
    "board:meeting_create": (
        Case("/board/meetings/new/", STAFF_ONLY),
        Case("/board/meetings/new/", only({"editor": "400", "admin": "400"}), method="POST"),
    ),
    "board:meeting": (
        Case("/board/meetings/{board_meeting}/", everyone(), note="drafts only for the board and staff"),
        Case("/board/meetings/999999/", everyone("404")),
    ),
    "board:paper": (
        Case("/board/meetings/{board_meeting}/papers/{board_paper_public}/", everyone("redirect")),
        Case(
            "/board/meetings/{board_meeting}/papers/{board_paper_private}/",
            {**everyone("404"), "member_b": "redirect", "editor": "redirect", "admin": "redirect"},
            note="an item not marked public",
        ),
    ),
    "board:item_add": (
        Case("/board/meetings/{board_meeting}/items/new/", STAFF_ONLY),
        Case(
            "/board/meetings/{board_meeting}/items/new/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
        ),
    ),
    "board:item_edit": (
        Case("/board/meetings/{board_meeting}/items/{board_item}/", STAFF_ONLY),
        Case(
            "/board/meetings/{board_meeting}/items/{board_item}/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            data={"title": ""},
            note="no title: its error",
        ),
        Case("/board/meetings/{board_meeting}/items/999999/", only({"editor": "404", "admin": "404"}, "403")),
    ),
    "board:action_add": (Case("/board/meetings/{board_meeting}/items/{board_item}/actions/new/", STAFF_ONLY),),
    "board:minutes_approve": (Case("/board/meetings/{board_meeting}/approve/", STAFF_ONLY),),
    "board:actions": (Case("/board/actions/", only({"member_b": "200", "editor": "200", "admin": "200"})),),
    "board:action_update": (
        Case("/board/actions/{board_action}/", STAFF_ONLY),
        Case(
            "/board/actions/{board_action}/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            data={"status": "done", "closed_on": "2001-01-01"},
            note="closed before the meeting that agreed it: its error",
        ),
    ),
    "board:members": (Case("/board/members/", STAFF_ONLY),),
    "board:member_add": (Case("/board/members/new/", STAFF_ONLY),),
    "board:member_edit": (
        Case("/board/members/{board_member}/", STAFF_ONLY),
        Case(
            "/board/members/{board_member}/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            data={"name": "", "role": "chair"},
            note="no name: its error",
        ),
    ),
    # --- The councillors' census (tiex/census) ---------------------------------------------------------
    # Results and history are public once published; staff see and move unpublished censuses. A council's
    # super-users (and staff) issue its response links; council A's members get 403, others 404. The
    # questionnaire is reached through a single-use link, signed in or not.
    "census:index": (Case("/census/", everyone()),),
    "census:history": (Case("/census/history/", everyone()),),
    "census:create": (
        Case("/census/new/", STAFF_ONLY),
        Case("/census/new/", only({"editor": "400", "admin": "400"}), method="POST", note="an empty form: the errors"),
        Case(
            "/census/new/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
            data={"year": "2031", "opens_on": "2031-09-01", "closes_on": "2031-11-30"},
        ),
    ),
    "census:results": (
        Case("/census/2025/", everyone()),
        Case("/census/2026/", {**everyone("404"), "editor": "200", "admin": "200"}, note="open: staff only"),
        Case("/census/1999/", everyone("404")),
    ),
    "census:state": (
        Case(
            "/census/2026/state/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
            data={"state": "closed"},
        ),
    ),
    "census:council": (
        Case("/census/2026/councils/{gss_a}/", CENSUS_LINKS_OF_A),
        Case("/census/2026/councils/{gss_a}/", CENSUS_LINKS_OF_A, method="POST", data={"count": "2"}),
        Case(
            "/census/2026/councils/{gss_a}/",
            {**CENSUS_LINKS_OF_A, "super_a": "400", "editor": "400", "admin": "400"},
            method="POST",
            note="no number: the error",
        ),
        Case("/census/2026/councils/E99999999/", signed_in("404")),
    ),
    "census:respond": (
        Case("/census/respond/{census_token}/", everyone()),
        Case("/census/respond/{census_token}/", everyone("400"), method="POST", note="nothing answered: the errors"),
        Case("/census/respond/not-a-token/", everyone("404")),
    ),
    "census:thanks": (Case("/census/respond/thanks/", everyone()),),
    "api:census_results": (
        Case("/api/v1/census/2025/results", everyone()),
        Case("/api/v1/census/2026/results", everyone("404"), note="open, not published"),
        Case("/api/v1/census/1999/results", everyone("404")),
    ),
    "board:reports": (Case("/board/reports/", everyone(), note="drafts listed only for the board and staff"),),
    "board:report": (
        Case("/board/reports/{board_report}/", everyone()),
        Case("/board/reports/{board_report_draft}/", BOARD_DRAFTS, note="a draft"),
        Case("/board/reports/999999/", everyone("404")),
    ),
    "board:report_figures": (
        Case("/board/reports/{board_report}/figures.json", everyone()),
        Case("/board/reports/{board_report_draft}/figures.json", BOARD_DRAFTS, note="a draft"),
    ),
    "board:report_create": (
        Case("/board/reports/new/", STAFF_ONLY),
        Case("/board/reports/new/", only({"editor": "400", "admin": "400"}), method="POST", note="nothing chosen"),
    ),
    "board:report_edit": (
        Case("/board/reports/{board_report_draft}/edit/", STAFF_ONLY),
        Case(
            "/board/reports/{board_report}/edit/",
            only({"editor": "redirect", "admin": "redirect"}),
            note="published: back to the report",
        ),
        Case(
            "/board/reports/{board_report_draft}/edit/",
            only({"editor": "400", "admin": "400"}),
            method="POST",
            data={"title": ""},
            note="no title: its error",
        ),
    ),
    "board:report_redraft": (
        Case(
            "/board/reports/{board_report_draft}/redraft/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
        Case("/board/reports/{board_report_draft}/redraft/", {**only({}, "405"), "anonymous": "login"}),
    ),
    "board:report_publish": (
        Case(
            "/board/reports/{board_report_draft}/publish/",
            only({"editor": "redirect", "admin": "redirect"}),
            method="POST",
        ),
        Case("/board/reports/{board_report_draft}/publish/", {**only({}, "405"), "anonymous": "login"}),
    ),
    # --- Wagtail ----------------------------------------------------------------------------------
    "wagtaildocs_serve": (Case("/documents/1/missing.pdf", everyone("404")),),
    "wagtaildocs_authenticate_with_password": (Case("/documents/authenticate_with_password/1/", everyone("404")),),
    "wagtail_serve": (Case("/pages/no-such-page/", everyone("404")),),
    "wagtailcore_login": (Case("/pages/_util/login/", {**everyone("200"), "anonymous": "200"}),),
    "wagtailcore_authenticate_with_password": (Case("/pages/_util/authenticate_with_password/1/1/", everyone("404")),),
}

# Groups of routes that share one access rule, checked through sample URLs.
PREFIX_SAMPLES: dict[str, tuple[str, tuple[Case, ...]]] = {
    "admin/": (
        "The Wagtail staff admin: only editors and admins (with two-factor authentication) get in; "
        "Wagtail's own permissions decide inside.",
        (
            Case("/admin/", STAFF_ONLY),
            Case("/admin/pages/", STAFF_ONLY),
            Case("/admin/documents/", STAFF_ONLY),
            Case("/admin/audit_log/", {**STAFF_ONLY, "editor": "redirect"}, note="admins only"),
            Case("/admin/users/", {**STAFF_ONLY, "editor": "redirect"}, note="admins only"),
            Case(
                "/admin/shared-services/export.csv",
                STAFF_ONLY,
                note="those who may change partnerships (editors and admins): every partnership as CSV",
            ),
            Case("/admin/login/", everyone("login"), note="our sign-in page is the only one"),
        ),
    ),
}
