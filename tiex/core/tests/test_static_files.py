"""The static files are collected with the production storage, as `make run` does.

The test settings serve static files without a manifest; production's storage
(tiex.core.storage.StaticStorage, whitenoise's compressed manifest storage) refuses any file that names
another it cannot find (a stylesheet's source map, an image), so `make run` would stop at
collectstatic. This runs it with the production storage into a temporary folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.management import call_command
from django.test import override_settings
from django.utils.module_loading import import_string

from config import settings as production


def test_collectstatic_succeeds_with_the_production_storage(tmp_path: Path) -> None:
    storages = {**settings.STORAGES, "staticfiles": production.STORAGES["staticfiles"]}
    assert issubclass(import_string(storages["staticfiles"]["BACKEND"]), ManifestFilesMixin)
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("build/tiex.css", "build/swagger-ui/swagger-ui.css", "build/swagger-ui/swagger-ui.css.map"):
        assert name in manifest, name
    # A JavaScript module's imports name the hashed files, so a deploy cannot pair a new map
    # with a module cached under its old, unchanging name.
    imports = set(re.findall(r'from "\./([^"]+)"', (tmp_path / manifest["partnerships/map.js"]).read_text()))
    assert imports == {
        manifest[f"partnerships/{name}"].removeprefix("partnerships/")
        for name in ("map_groups.js", "map_panel.js", "map_regions.js")
    }


@pytest.mark.parametrize("name", ["build/tiex.css", "build/swagger-ui/swagger-ui-bundle.js"])
def test_the_built_front_end_is_there(name: str) -> None:
    assert (Path(settings.BASE_DIR) / "tiex" / "core" / "static" / name).is_file(), "run make install"
