"""The partnerships' state (models_state.py): a new version with every write, none without."""

from __future__ import annotations

import pytest

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.selectors_state import partnerships_state
from tiex.partnerships.services_state import state_bump
from tiex.partnerships.tests.factories import PartnershipFactory
from tiex.partnerships.wagtail_hooks import bump_state_after_deleting, bump_state_after_saving

pytestmark = pytest.mark.django_db


def test_no_write_recorded_means_nothing_may_be_kept_and_each_bump_is_a_new_version() -> None:
    PartnershipFactory()  # created directly, as a test's factory does: no state
    first = partnerships_state()
    assert not first.kept
    state_bump()
    second = partnerships_state()
    assert second.kept and second.version != first.version
    state_bump()
    assert partnerships_state().version != second.version


def test_the_admin_hooks_bump_for_partnerships_only() -> None:
    partnership = PartnershipFactory()
    bump_state_after_saving(None, CouncilFactory())
    assert not partnerships_state().kept
    bump_state_after_saving(None, partnership)
    saved = partnerships_state()
    assert saved.kept
    bump_state_after_deleting(None, [partnership])
    assert partnerships_state().version != saved.version
