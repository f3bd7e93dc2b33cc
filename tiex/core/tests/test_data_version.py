"""data_version(): a token that changes whenever a dataset is imported, and only then."""

from __future__ import annotations

import pytest

from tiex.core.datasets import manifest
from tiex.core.selectors import data_version
from tiex.core.services import dataset_record_import

pytestmark = pytest.mark.django_db


def test_data_version_changes_with_every_import_and_is_stable_between(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        empty = data_version()
    assert empty == data_version()
    specs = list(manifest().values())
    dataset_record_import(spec=specs[0], source="first.csv", row_count=1)
    first = data_version()
    assert first not in {empty}
    assert first == data_version()
    dataset_record_import(spec=specs[1], source="other.csv", row_count=1)
    second = data_version()
    dataset_record_import(spec=specs[0], source="again.csv", row_count=2)  # the same dataset, imported again
    assert len({empty, first, second, data_version()}) == 4
