"""The dataset manifest is complete and every importer it names exists."""

from __future__ import annotations

import pytest
from django.conf import settings

from tiex.core.datasets import manifest


@pytest.mark.parametrize("slug", list(manifest()))
def test_each_dataset_names_its_source_licence_attribution_and_importer(slug: str) -> None:
    spec = manifest()[slug]
    assert spec.source_url.startswith("https://")
    assert spec.licence and spec.attribution and spec.title and spec.publisher
    assert callable(spec.importer_function())


@pytest.mark.parametrize("slug", [slug for slug, spec in manifest().items() if spec.reference])
def test_each_reference_dataset_has_a_local_copy_in_the_data_dir(slug: str) -> None:
    if not settings.DATA_DIR.exists():
        pytest.skip(f"no reference data at {settings.DATA_DIR}")
    assert manifest()[slug].default_local_source().exists()
