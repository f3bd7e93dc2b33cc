"""Building the demo (pure: councils as plain data in, plans out; one seeded random generator).

How the calibration works (the figures are in challenges.toml):

1. Of the councils that existed at the coverage date (1 April 2018), a fixed number are
   chosen to have had no corporate peer challenge since 2012/13 (``without_corporate_since_2012``),
   and of those a fixed number never to have had one (``never_had_one``); the rest had one
   before 2012/13 only. Every other council gets at least one corporate challenge in the
   financial years from 2012/13 to 2017/18, spread evenly, and each year is topped up with
   repeat challenges (at least ``min_gap_years`` apart) and finance challenges to about
   ``challenges_per_year``.
2. From 2018/19 on, each year ``uncovered_per_year`` councils with none since 2012 take one
   up and the rest are repeats (at least ``min_gap_years`` after the last); some councils are
   never reached, so the coverage page still has a target list.
3. The current year has the challenges delivered so far and ``in_progress`` ones at every
   stage; recent ones may be late (``overdue``), which deadlines.py then flags.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils.text import slugify

from tiex.peer_challenges import financial_years as fy
from tiex.peer_challenges.demo.peers import build_peers, pick_team
from tiex.peer_challenges.demo.plans import ChallengePlan, FeedbackPlan, PeerPlan, Place
from tiex.peer_challenges.demo.timeline import Lateness, Timeline, timeline
from tiex.peer_challenges.models import STAGE_ORDER, Stage

# How many days ahead of (or, negative, after) today the visit starts, to land at each stage.
STAGE_VISIT_AHEAD: dict[str, tuple[int, int]] = {
    Stage.ENQUIRY: (145, 235),
    Stage.SCOPING: (72, 135),
    Stage.TEAM: (22, 34),
    Stage.POSITION_STATEMENT: (11, 13),
    Stage.PRE_VISIT_CALL: (1, 4),
    Stage.VISIT: (-2, 0),
    Stage.FEEDBACK: (-20, -4),
    Stage.REPORT: (-85, -45),
}
COMMENTS_POSITIVE = (
    "The team understood our context quickly and the feedback was candid and useful.",
    "It gave the new administration an external view that helped set priorities.",
    "Challenging in the right places; the recommendations are now in our plan.",
)
COMMENTS_NEGATIVE = (
    "The report took longer than we hoped to arrive.",
    "Useful, but the scope was wider than we could act on in a year.",
)


class Builder:
    def __init__(self, config: dict[str, Any], places: list[Place], today: date) -> None:
        self.config = config
        self.calibration = config["calibration"]
        self.places = sorted(places, key=lambda p: p.id)
        self.today = today
        self.rng = random.Random(config["seed"])  # noqa: S311 (demo data, nothing secret)
        self.challenges: list[ChallengePlan] = []
        self.corporate_visits: dict[int, list[date]] = {}
        self.references: set[str] = set()
        self.advisers: dict[str, str] = {}

    # --- Helpers -------------------------------------------------------------------

    def visit_day(self, year: int, place: Place, latest: date | None = None) -> date | None:
        """A visit start in financial year ``year`` on which the council exists (None if it never does)."""
        first, last = fy.year_start(year), min(fy.year_end(year), latest or fy.year_end(year))
        span = (last - first).days - 4
        for _ in range(20):
            day = first + timedelta(days=self.rng.randint(0, max(span, 0)))
            day += timedelta(days=(0 - day.weekday()) % 7 if day.weekday() > 3 else 0)  # start Monday to Thursday
            if place.exists_on(day) and place.exists_on(day + timedelta(days=3)):
                return day
        return None

    def adviser(self, region: str) -> str:
        if region not in self.advisers:
            names = self.config["peers"]
            self.advisers[region] = (
                f"{self.rng.choice(names['given_names'])} {self.rng.choice(names['family_names'])} (demo)"
            )
        return self.advisers[region]

    def reference(self, kind: str, day: date, place: Place) -> str:
        base = f"demo-{'cpc' if kind == 'corporate' else 'fpc'}-{day.year}-{slugify(place.name)[:36]}"
        reference, number = base, 2
        while reference in self.references:
            reference, number = f"{base}-{number}", number + 1
        self.references.add(reference)
        return reference

    def lateness(self, visit_start: date) -> Lateness:
        overdue = self.config["overdue"]
        review = self.rng.random() < self.calibration["progress_review_share"]
        if (self.today - visit_start).days > 2 * 365:
            return Lateness(progress_review=review)
        roll = self.rng.random()
        if roll < overdue["report_share"]:
            return Lateness(report_missing=True, progress_review=review)
        roll -= overdue["report_share"]
        if roll < overdue["action_plan_share"]:
            return Lateness(action_plan_missing=True, progress_review=review)
        roll -= overdue["action_plan_share"]
        return Lateness(
            progress_review=review, progress_review_missing=review and roll < overdue["progress_review_share"]
        )

    def add(self, place: Place, kind: str, visit_start: date, line: Timeline | None = None) -> ChallengePlan:
        line = line or timeline(visit_start, today=self.today, rng=self.rng, lateness=self.lateness(visit_start))
        focus = self.rng.sample(self.config["focus_areas"], self.rng.randint(0, 2))
        plan = ChallengePlan(
            reference=self.reference(kind, visit_start, place),
            council_id=place.id,
            kind=kind,
            timeline=line,
            regional_adviser=self.adviser(place.region),
            focus_areas="\n".join(focus),
            people_met=self.rng.randint(90, 260) if line.completed(Stage.VISIT) else None,
        )
        self.challenges.append(plan)
        if kind == "corporate":
            self.corporate_visits.setdefault(place.id, []).append(visit_start)
        return plan

    def existing(self, day: date) -> list[Place]:
        return [p for p in self.places if p.exists_on(day)]

    def year_count(self) -> tuple[int, int]:
        """(corporate, finance) challenges for one year."""
        spread = self.calibration["challenges_per_year_spread"]
        total = self.calibration["challenges_per_year"] + self.rng.randint(-spread, spread)
        finance = max(0, self.calibration["finance_per_year"] + self.rng.randint(-2, 2))
        return total - finance, finance

    def finance(self, year: int, count: int, exclude: set[int], latest: date | None = None) -> None:
        pool = [p for p in self.existing(fy.year_start(year)) if p.id not in exclude]
        for place in self.rng.sample(pool, min(count, len(pool))):
            day = self.visit_day(year, place, latest)
            if day is not None:
                self.add(place, "finance", day)

    # --- The years ------------------------------------------------------------------

    def calibrated_years(self) -> None:
        """Up to the coverage date: the councils without one since 2012 and those never, exactly."""
        cal = self.calibration
        coverage_date: date = cal["coverage_date"]
        first, last = cal["first_year"], fy.financial_year(coverage_date) - 1
        window = list(range(first, last + 1))
        at_date = self.existing(coverage_date)
        self.rng.shuffle(at_date)
        never = at_date[: cal["never_had_one"]]
        before_only = at_date[cal["never_had_one"] : cal["without_corporate_since_2012"]]
        covered = at_date[cal["without_corporate_since_2012"] :]
        excluded = {p.id for p in never + before_only}
        earlier = [*before_only, *self.rng.sample(covered, len(covered) // 3)]
        for place in earlier:
            for _ in range(5):
                day = self.visit_day(self.rng.randint(cal["earliest_year"], first - 1), place)
                if day is not None:
                    self.add(place, "corporate", day)
                    break
        firsts: dict[int, list[Place]] = {year: [] for year in window}
        for index, place in enumerate(covered):
            firsts[window[index % len(window)]].append(place)
        first_year = {p.id: year for year, places in firsts.items() for p in places}
        repeated: set[int] = set()
        for year in window:
            corporate, finance = self.year_count()
            chosen = list(firsts[year])
            candidates = [
                p for p in covered if p.id not in repeated and abs(first_year[p.id] - year) >= cal["min_gap_years"]
            ]
            extra = self.rng.sample(candidates, max(0, min(corporate - len(chosen), len(candidates))))
            repeated.update(p.id for p in extra)
            for place in chosen + extra:
                day = self.visit_day(year, place)
                if day is not None:
                    self.add(place, "corporate", day)
            self.finance(year, finance, excluded)

    def later_years(self) -> None:
        """From the coverage date to today: councils with none since 2012 more likely to be chosen."""
        cal = self.calibration
        since = fy.year_start(cal["first_year"])
        current = fy.financial_year(self.today)
        for year in range(fy.financial_year(cal["coverage_date"]), current + 1):
            corporate, finance = self.year_count()
            latest = None
            if year == current:  # the current year: only what has been delivered so far
                share = (self.today - fy.year_start(year)).days / 365
                corporate, finance = round(corporate * share * 0.7), round(finance * share * 0.7)
                latest = self.today - timedelta(days=90)
                if latest < fy.year_start(year):
                    continue
            pool = self.existing(fy.year_start(year))
            uncovered = [p for p in pool if not any(day >= since for day in self.corporate_visits.get(p.id, []))]
            rested = [
                p
                for p in pool
                if p not in uncovered and max(self.corporate_visits[p.id]).year <= year - cal["min_gap_years"]
            ]
            reached = self.rng.sample(uncovered, min(len(uncovered), cal["uncovered_per_year"], corporate))
            repeats = self.rng.sample(rested, min(len(rested), corporate - len(reached)))
            for place in reached + repeats:
                day = self.visit_day(year, place, latest)
                if day is not None:
                    self.add(place, "corporate", day)
            self.finance(year, finance, set(), latest)

    def in_progress(self) -> None:
        """Challenges under way now, at each stage named in ``in_progress``."""
        pool = [p for p in self.existing(self.today) if p.id not in self.busy()]
        self.rng.shuffle(pool)
        for entry in self.config["in_progress"]:
            stage, low_high = entry["stage"], STAGE_VISIT_AHEAD[entry["stage"]]
            for _ in range(entry["count"]):
                if not pool:
                    return
                place = pool.pop()
                for _attempt in range(200):
                    start = self.today + timedelta(days=self.rng.randint(*low_high))
                    line = timeline(start, today=self.today, rng=self.rng, lateness=Lateness())
                    if line.stage == stage:
                        self.add(place, "corporate", start, line)
                        break

    def busy(self) -> set[int]:
        """Councils with a challenge in the last year (not approached again yet)."""
        return {c.council_id for c in self.challenges if (self.today - c.visit_start).days < 365}

    def teams_and_feedback(self, peers: list[PeerPlan]) -> None:
        fb = self.config["feedback"]
        load: dict[int, int] = {}
        for plan in sorted(self.challenges, key=lambda c: (c.visit_start, c.reference)):
            if STAGE_ORDER[plan.timeline.stage] < STAGE_ORDER[Stage.TEAM]:
                continue
            plan.team = pick_team(plan, peers, load, self.config["team"], self.rng)
            ended = plan.timeline.completed(Stage.FEEDBACK)
            if ended is None or (self.today - ended).days < 30:
                continue
            if self.rng.random() < fb["council_share"]:
                positive = self.rng.random() < fb["positive_impact"]
                satisfied = self.rng.random() < fb["satisfied"]
                comments = self.rng.choice(COMMENTS_POSITIVE if positive and satisfied else COMMENTS_NEGATIVE)
                plan.feedback.append(FeedbackPlan("council", None, positive, satisfied, comments))
            if plan.team and self.rng.random() < fb["peer_share"]:
                placement = self.rng.choice(plan.team)
                plan.feedback.append(FeedbackPlan("peer", placement.peer, True, self.rng.random() < 0.95, ""))


def build(config: dict[str, Any], places: list[Place], today: date) -> tuple[list[PeerPlan], list[ChallengePlan]]:
    """The pool of demo peers and every demo challenge, calibrated (see the module docstring)."""
    builder = Builder(config, places, today)
    current = [p for p in builder.places if p.exists_on(today)]
    peers = build_peers(config["peers"], current, builder.rng, today)
    builder.calibrated_years()
    builder.later_years()
    builder.in_progress()
    builder.teams_and_feedback(peers)
    return peers, builder.challenges
