import pytest

from tiex.peer_challenges.models import ChallengeKind, KindTheme, Skill
from tiex.peer_challenges.reference import reference_load

pytestmark = pytest.mark.django_db


def test_kinds_themes_and_skills_load_from_data_and_reload_without_duplicates() -> None:
    reference_load()
    reference_load()
    corporate = ChallengeKind.objects.get(slug="corporate")
    assert corporate.counts_as_corporate
    assert list(corporate.themes.values_list("title", flat=True)) == [
        "Local priorities and outcomes",
        "Organisational and place leadership",
        "Governance and culture",
        "Financial planning and management",
        "Capacity for improvement",
    ]
    assert not ChallengeKind.objects.get(slug="finance").counts_as_corporate
    assert KindTheme.objects.count() == 10
    assert Skill.objects.filter(slug="finance").exists()


def test_a_theme_dropped_from_the_file_is_removed() -> None:
    reference_load()
    corporate = ChallengeKind.objects.get(slug="corporate")
    KindTheme.objects.create(kind=corporate, slug="old-theme", title="Old theme", order=9)
    notes = reference_load()
    assert not KindTheme.objects.filter(slug="old-theme").exists()
    assert any("Corporate peer challenge" in note for note in notes)
