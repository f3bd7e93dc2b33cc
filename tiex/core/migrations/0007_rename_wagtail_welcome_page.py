"""Wagtail's first migration creates the site's root page titled "Welcome to your new Wagtail
site!". Editors see that title in the page explorer; give it the service's name instead.
(Readers never see the page: /pages/ redirects to the home page, tiex/core/wagtail_hooks.py.)"""

from django.db import migrations

WELCOME = "Welcome to your new Wagtail site!"
TITLE = "tiex"


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=2, title=WELCOME).update(title=TITLE, draft_title=TITLE)


def backwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=2, title=TITLE, slug="home").update(title=WELCOME, draft_title=WELCOME)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_event_no_replace"),
        ("wagtailcore", "0098_apitoken"),  # the page model as it is now (title and draft_title)
    ]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
