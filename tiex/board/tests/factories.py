"""factory_boy factories for the board: a grant year (2018/19 unless told), deliverables, updates, meetings, reports."""

from __future__ import annotations

from datetime import date

import factory

from tiex.board.models import (
    AgendaItem,
    BoardMember,
    BoardReport,
    Deliverable,
    GrantYear,
    Meeting,
    Programme,
    QuarterlyUpdate,
    ReportState,
)
from tiex.board.rag import Rag


class GrantYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantYear
        django_get_or_create = ("year",)

    year = 2018
    department = "Ministry of Housing, Communities and Local Government"
    period_start = factory.LazyAttribute(lambda o: date(o.year, 4, 1))
    period_end = factory.LazyAttribute(lambda o: date(o.year + 1, 3, 31))
    published = True


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    grant_year = factory.SubFactory(GrantYearFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Deliverable {n + 1}")
    programme = Programme.IMPROVEMENT
    measure = "Reported by the owner"
    target = "Done in the year"
    owner = "Improvement team"


class QuarterlyUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyUpdate

    deliverable = factory.SubFactory(DeliverableFactory)
    quarter = 1
    status = Rag.AMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = date(2019, 5, 23)
    venue = "18 Smith Square, London"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n + 1}")


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    name = factory.Sequence(lambda n: f"Cllr Member {n}")
    authority = "Testshire County Council"


class BoardReportFactory(factory.django.DjangoModelFactory):
    """A drafted chair's report for 2018/19 (``state`` and ``published_at`` to publish it)."""

    class Meta:
        model = BoardReport

    kind = "chair"
    title = "Chair's report: 2018/19"
    period_start = date(2018, 4, 1)
    period_end = date(2019, 3, 31)
    state = ReportState.DRAFT
    sections = factory.LazyFunction(
        lambda: [
            {"heading": "Introduction", "text": "This report covers 2018/19."},
            {"heading": "Peer challenges", "text": "[2 peer challenges](/peer-challenges/figures/) were delivered."},
        ]
    )
    figures = factory.LazyFunction(
        lambda: [
            {
                "key": "peer_challenges_delivered",
                "label": "Peer challenges delivered",
                "value": "2",
                "display": "2",
                "href": "/peer-challenges/figures/",
                "source": "the peer challenges' yearly figures",
                "items": [],
            }
        ]
    )
    data_version = factory.LazyFunction(
        lambda: {"imports": {}, "imports_token": "0" * 16, "figures_as_of": "2019-03-31", "figures_sha256": "0" * 64}
    )
