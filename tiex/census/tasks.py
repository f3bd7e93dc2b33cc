"""Background tasks of the census: when a census opens, ask each council's super-users to hand out
the response links (enqueued by services.census_set_state after its commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from tiex.accounts.selectors import council_super_user_emails
from tiex.census.models import Census
from tiex.core.links import absolute_url
from tiex.councils.models import Council, CouncillorCount


@task(backend="background")
def send_census_open_notices(census_id: int) -> int:
    """E-mail the active super-users of every council in the census's population; the number of councils
    written to (0 when the census is no longer open)."""
    census = Census.objects.defer("results").filter(pk=census_id, state="open").first()
    if census is None:
        return 0
    council_ids = set(
        CouncillorCount.objects.filter(year=census.population_year, council__nation="England").values_list(
            "council_id", flat=True
        )
    )
    emails = council_super_user_emails(council_ids=council_ids)
    councils = Council.objects.filter(pk__in=emails).order_by("name")
    for council in councils:
        link = absolute_url(reverse("census:council", args=[census.year, council.code]))
        body = render_to_string("census/email/census_open.txt", {"census": census, "council": council, "link": link})
        subject = f"The {census.year} councillors' census is open: send your councillors their links"
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails[council.pk])
    return len(councils)
