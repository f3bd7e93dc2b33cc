from django.db import migrations, models


def create_row(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("core", "SiteState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_rename_wagtail_welcome_page")]

    operations = [
        migrations.CreateModel(
            name="SiteState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("generation", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "site state"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
