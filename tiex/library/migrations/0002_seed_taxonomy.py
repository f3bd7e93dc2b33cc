from django.db import migrations


def seed(apps, schema_editor):
    from tiex.library.taxonomy import seed_taxonomy

    seed_taxonomy(apps.get_model("library", "Theme"), apps.get_model("library", "ServiceArea"))


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
