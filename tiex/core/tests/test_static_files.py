"""The static files are collected with the production storage, as `make run` does.

The test settings serve static files without a manifest; production's storage
(whitenoise's CompressedManifestStaticFilesStorage) refuses any file that names
another it cannot find (a stylesheet's source map, an image), so `make run` would stop at
collectstatic. This runs it with the production storage into a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from config import settings as production


def test_collectstatic_succeeds_with_the_production_storage(tmp_path: Path) -> None:
    storages = {**settings.STORAGES, "staticfiles": production.STORAGES["staticfiles"]}
    assert "Manifest" in storages["staticfiles"]["BACKEND"]
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in ("build/tiex.css", "build/swagger-ui/swagger-ui.css", "build/swagger-ui/swagger-ui.css.map"):
        assert f'"{name}"' in manifest, name


@pytest.mark.parametrize("name", ["build/tiex.css", "build/swagger-ui/swagger-ui-bundle.js"])
def test_the_built_front_end_is_there(name: str) -> None:
    assert (Path(settings.BASE_DIR) / "tiex" / "core" / "static" / name).is_file(), "run make install"
