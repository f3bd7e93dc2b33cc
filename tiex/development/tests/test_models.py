import datetime

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import Page

from tiex.development.models import Cohort, DevelopmentIndexPage, ProgrammePage

pytestmark = pytest.mark.django_db


def test_a_cohort_cannot_hold_more_places_than_it_has():
    root = Page.get_first_root_node()
    index = root.add_child(instance=DevelopmentIndexPage(title="Councillor development", slug="cd"))
    programme = index.add_child(instance=ProgrammePage(title="P", slug="p", summary="s"))
    cohort = Cohort.objects.create(programme=programme, starts_on=datetime.date(2027, 1, 1), places=1, places_held=1)
    assert cohort.places_left == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(places_held=2)
