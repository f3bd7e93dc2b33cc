"""The programme navigator: which programmes fit a councillor, best first, and why (pure: no ORM, no request).

The navigator asks one question a page (``QUESTIONS``); the answers travel in the query
string (``Answers.from_query`` / ``Answers.query``), so a result is a shareable address and
nothing is stored. ``recommend`` splits the catalogue into programmes someone may take (with
the reasons each fits, best first) and programmes they may not (with what rules them out).

Eligibility is a hard rule (``ineligibility``): the audience a programme is for, the least and
most years as a councillor, the most years in the current role (the Leaders' Programme is for
leaders in post three years or less). Booking checks the same function, so the navigator and
the booking form never disagree. Fit is a score over soft preferences: what someone wants to
develop, their portfolio, how they like to learn and the time they have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tiex.development.choices import Audience, Format, Portfolio, Topic

AUDIENCE_NAMES = dict(Audience.choices)
AUDIENCE_PLURALS: dict[str, str] = {
    Audience.PROSPECTIVE: "prospective candidates",
    Audience.NEWLY_ELECTED: "newly elected councillors",
    Audience.BACKBENCH: "backbench councillors",
    Audience.OPPOSITION: "opposition councillors and group leaders",
    Audience.CABINET: "cabinet members and portfolio holders",
    Audience.LEADER: "council leaders and elected mayors",
}
FORMAT_NAMES = dict(Format.choices)
TOPIC_NAMES = dict(Topic.choices)
PORTFOLIO_NAMES = dict(Portfolio.choices)
# Council types as tiex.councils.models.CouncilType codes them (kept here so this module stays pure).
COUNCIL_TYPE_PLURALS: dict[str, str] = {
    "CTY": "county councils",
    "NMD": "district councils",
    "UA": "unitary councils",
    "MD": "metropolitan district councils",
    "LBO": "London boroughs",
    "CC": "the City of London",
    "COMB": "combined authorities",
    "SRA": "the Greater London Authority",
}

# The time someone has, and the most hours a programme may take to suit it.
TIME_CHOICES = [
    ("hours", "A few hours"),
    ("days", "A few days over some months"),
    ("weeks", "A week or more, including time away"),
]
TIME_HOURS = {"hours": 6, "days": 40, "weeks": 10_000}
TIME_NAMES = dict(TIME_CHOICES)
MAX_YEARS = 60

# The questions, in order: (step slug, the answers it sets).
QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("role", ("role",)),
    ("experience", ("years_as_councillor", "years_in_role")),
    ("portfolio", ("portfolio",)),
    ("develop", ("topics",)),
    ("learning", ("formats",)),
    ("time", ("time",)),
]
STEPS = [step for step, _ in QUESTIONS]
# Someone who is not a councillor yet has no experience or portfolio to tell.
SKIPPED_FOR_PROSPECTIVE = frozenset({"experience", "portfolio"})

# Weights of the fit score (see ``_fit``).
ROLE_POINTS = 3
TAILORED_POINTS = 1  # a programme for one or two audiences, one of them theirs
TOPIC_POINTS = 2
PORTFOLIO_POINTS = 2
FORMAT_POINTS = 2
TIME_POINTS = 1
TOO_LONG_POINTS = -3


@dataclass(frozen=True)
class Answers:
    role: str = ""
    years_as_councillor: int | None = None
    years_in_role: int | None = None
    portfolio: str = ""
    topics: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    time: str = ""
    # The type of the councillor's council (a CouncilType code). Not asked as a question: it comes
    # from the council a signed-in person books for, or from a shared address that carries it.
    council_type: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]]) -> Answers:
        """Read answers from a query (a dict of lists, e.g. ``QueryDict.lists()``); drop what is not valid."""

        def one(name: str, allowed: Iterable[str]) -> str:
            values = query.get(name) or []
            value = values[-1] if values else ""
            return value if value in set(allowed) else ""

        def many(name: str, allowed: Iterable[str]) -> tuple[str, ...]:
            known = set(allowed)
            return tuple(dict.fromkeys(value for value in query.get(name) or [] if value in known))

        def years(name: str) -> int | None:
            values = query.get(name) or []
            value = values[-1].strip() if values else ""
            return int(value) if value.isdigit() and int(value) <= MAX_YEARS else None

        return cls(
            role=one("role", Audience.values),
            years_as_councillor=years("years_as_councillor"),
            years_in_role=years("years_in_role"),
            portfolio=one("portfolio", Portfolio.values),
            topics=many("topics", Topic.values),
            formats=many("formats", Format.values),
            time=one("time", TIME_HOURS),
            council_type=one("council_type", COUNCIL_TYPE_PLURALS),
        )

    def pairs(self) -> list[tuple[str, str]]:
        """The answers given, as (name, value) pairs in question order."""
        found: list[tuple[str, str]] = []
        if self.role:
            found.append(("role", self.role))
        if self.years_as_councillor is not None:
            found.append(("years_as_councillor", str(self.years_as_councillor)))
        if self.years_in_role is not None:
            found.append(("years_in_role", str(self.years_in_role)))
        if self.portfolio:
            found.append(("portfolio", self.portfolio))
        found.extend(("topics", value) for value in self.topics)
        found.extend(("formats", value) for value in self.formats)
        if self.time:
            found.append(("time", self.time))
        if self.council_type:
            found.append(("council_type", self.council_type))
        return found

    def query(self) -> str:
        return urlencode(self.pairs())

    @property
    def is_prospective(self) -> bool:
        return self.role == Audience.PROSPECTIVE

    def answered(self, step: str) -> bool:
        if step == "role":
            return bool(self.role)
        if step == "experience":
            return self.years_as_councillor is not None and self.years_in_role is not None
        if step == "portfolio":
            return bool(self.portfolio)
        if step == "develop":
            return bool(self.topics)
        if step == "learning":
            return bool(self.formats)
        if step == "time":
            return bool(self.time)
        raise ValueError(f"unknown step {step!r}")


def steps_for(answers: Answers) -> list[str]:
    """The questions this person is asked (a prospective candidate skips experience and portfolio)."""
    if answers.is_prospective:
        return [step for step in STEPS if step not in SKIPPED_FOR_PROSPECTIVE]
    return list(STEPS)


def next_step(answers: Answers, after: str | None = None) -> str | None:
    """The question after ``after`` (or the first unanswered one); None when the results are due."""
    steps = steps_for(answers)
    if after is not None and after in steps:
        rest = steps[steps.index(after) + 1 :]
        return rest[0] if rest else None
    for step in steps:
        if not answers.answered(step):
            return step
    return None


def previous_step(answers: Answers, step: str) -> str | None:
    steps = steps_for(answers)
    if step not in steps:
        return steps[-1] if step == "results" and steps else None
    index = steps.index(step)
    return steps[index - 1] if index > 0 else None


def is_complete(answers: Answers) -> bool:
    return next_step(answers) is None


@dataclass(frozen=True)
class ProgrammeFacts:
    """What the navigator needs to know of a programme (read from a ProgrammePage by selectors)."""

    slug: str
    title: str
    summary: str = ""
    audiences: tuple[str, ...] = ()
    min_years_service: int | None = None
    max_years_service: int | None = None
    max_years_in_post: int | None = None
    topics: tuple[str, ...] = ()
    portfolios: tuple[str, ...] = ()
    format: str = ""
    time_commitment_hours: int = 0
    nomination_required: bool = False
    by_political_group: bool = False
    council_types: tuple[str, ...] = ()  # empty: councillors of any council


@dataclass(frozen=True)
class Fit:
    programme: ProgrammeFacts
    score: int = 0
    reasons: tuple[str, ...] = ()  # why it fits
    cautions: tuple[str, ...] = ()  # what may make it harder, without ruling it out
    ineligible: tuple[str, ...] = ()  # what rules this person out

    @property
    def eligible(self) -> bool:
        return not self.ineligible


@dataclass(frozen=True)
class Recommendation:
    fits: list[Fit] = field(default_factory=list)  # best first
    excluded: list[Fit] = field(default_factory=list)  # by title


def _years(number: int) -> str:
    return "1 year" if number == 1 else f"{number} years"


def _audience_list(audiences: Iterable[str]) -> str:
    names = [AUDIENCE_PLURALS.get(item, item) for item in audiences]
    if len(names) <= 1:
        return "".join(names)
    return "; ".join(names[:-1]) + "; and " + names[-1] if len(names) > 2 else " or ".join(names)


def _council_types(codes: Iterable[str]) -> str:
    names = [COUNCIL_TYPE_PLURALS.get(code, code) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _a(role: str) -> str:
    name = AUDIENCE_NAMES[role].lower()
    return ("an " if name[:1] in "aeiou" else "a ") + name


def rules(programme: ProgrammeFacts) -> list[str]:
    """Who may take part, in words: what makes someone ineligible (shown with every programme)."""
    found = []
    if programme.audiences and len(programme.audiences) < len(Audience.values):
        found.append(f"Only for {_audience_list(programme.audiences)}.")
    if programme.min_years_service is not None and programme.min_years_service > 0:
        found.append(f"Only for councillors of at least {_years(programme.min_years_service)}.")
    if programme.max_years_service is not None:
        found.append(f"Only for councillors of {_years(programme.max_years_service)} or less.")
    if programme.max_years_in_post is not None:
        found.append(f"Only for those in their current role {_years(programme.max_years_in_post)} or less.")
    if programme.council_types:
        found.append(f"Only for councillors of {_council_types(programme.council_types)}.")
    if programme.nomination_required:
        found.append("Places are confirmed only on nomination by your political group office.")
    if programme.by_political_group:
        found.append("Each cohort is run for one political group.")
    return found


def ineligibility(programme: ProgrammeFacts, answers: Answers) -> tuple[str, ...]:
    """What rules this person out of the programme (empty when they may take part).

    An answer not given rules nothing out: the booking form asks for every answer it needs.
    """
    found = []
    if answers.role and programme.audiences and answers.role not in programme.audiences:
        found.append(f"It is for {_audience_list(programme.audiences)}, and you are {_a(answers.role)}.")
    served = 0 if answers.is_prospective else answers.years_as_councillor
    if served is not None:
        if programme.min_years_service is not None and served < programme.min_years_service:
            found.append(
                f"It is for councillors of at least {_years(programme.min_years_service)}; "
                f"you have been one for {_years(served)}."
            )
        if programme.max_years_service is not None and served > programme.max_years_service:
            found.append(
                f"It is for councillors of {_years(programme.max_years_service)} or less; "
                f"you have been one for {_years(served)}."
            )
    in_post = 0 if answers.is_prospective else answers.years_in_role
    if programme.max_years_in_post is not None and in_post is not None and in_post > programme.max_years_in_post:
        found.append(
            f"It is for those in their role {_years(programme.max_years_in_post)} or less; "
            f"you have been in yours for {_years(in_post)}."
        )
    wrong_council = council_type_rule(programme, answers.council_type)
    if wrong_council:
        found.append(wrong_council)
    return tuple(found)


def council_type_rule(programme: ProgrammeFacts, council_type: str) -> str:
    """Why a councillor of a council of this type may not take part ("" when they may, or when not known)."""
    if council_type and programme.council_types and council_type not in programme.council_types:
        return f"It is for councillors of {_council_types(programme.council_types)}, and your council is not one."
    return ""


def _fit(programme: ProgrammeFacts, answers: Answers) -> Fit:
    score = 0
    reasons: list[str] = []
    cautions: list[str] = []
    if answers.role and answers.role in programme.audiences:
        score += ROLE_POINTS
        reasons.append(f"It is meant for {AUDIENCE_PLURALS[Audience(answers.role)]}.")
        if len(programme.audiences) <= 2:
            score += TAILORED_POINTS
    if programme.max_years_in_post is not None and answers.years_in_role is not None and not answers.is_prospective:
        reasons.append(f"You have been in your role {_years(answers.years_in_role)}, within its limit.")
    shared = [topic for topic in answers.topics if topic in programme.topics]
    if shared:
        score += TOPIC_POINTS * len(shared)
        names = ", ".join(TOPIC_NAMES[topic].lower() for topic in shared)
        reasons.append(f"It develops what you asked for: {names}.")
    if answers.portfolio and answers.portfolio != Portfolio.NONE and answers.portfolio in programme.portfolios:
        score += PORTFOLIO_POINTS
        reasons.append(f"It has content for your portfolio ({PORTFOLIO_NAMES[answers.portfolio].lower()}).")
    if programme.format and programme.format in answers.formats:
        score += FORMAT_POINTS
        reasons.append(f"It is taught the way you like to learn ({FORMAT_NAMES[programme.format].lower()}).")
    if answers.time:
        if programme.time_commitment_hours <= TIME_HOURS[answers.time]:
            score += TIME_POINTS
            reasons.append(f"It fits the time you have ({TIME_NAMES[answers.time].lower()}).")
        else:
            score += TOO_LONG_POINTS
            cautions.append(
                f"It takes about {programme.time_commitment_hours} hours, more than the time you said you have."
            )
    if programme.nomination_required:
        cautions.append("You need a nomination from your political group office.")
    return Fit(programme=programme, score=score, reasons=tuple(reasons), cautions=tuple(cautions))


def recommend(answers: Answers, programmes: Iterable[ProgrammeFacts]) -> Recommendation:
    """The programmes that fit, best first (score, then title), and those ruled out, with the reasons."""
    fits: list[Fit] = []
    excluded: list[Fit] = []
    for programme in programmes:
        ruled_out = ineligibility(programme, answers)
        if ruled_out:
            excluded.append(Fit(programme=programme, ineligible=ruled_out))
        else:
            fits.append(_fit(programme, answers))
    fits.sort(key=lambda fit: (-fit.score, fit.programme.title.lower()))
    excluded.sort(key=lambda fit: fit.programme.title.lower())
    return Recommendation(fits=fits, excluded=excluded)
