"""The council directory's filter form (a GET form that works without JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import QueryDict

from tiex.councils.models import Control, CouncilType, Nation
from tiex.councils.selectors import DEFAULT_PRINCIPAL, MAX_QUERY_LENGTH, CouncilFilters
from tiex.finance.selectors import INDICATOR_NAMES, FinanceIndicator, FinanceSort, sort_choices

YEAR_MIN = 1970
YEAR_MAX = 2100
TRUE_VALUES = frozenset({"true", "1", "yes", "on", "t", "y"})  # as pydantic reads booleans
FALSE_VALUES = frozenset({"false", "0", "no", "off", "f", "n"})
FINANCE_BOUND = 100_000.0  # percent: wider than any indicator, finite


def parse_bool(value: str) -> bool | None:
    """'true'/'false' and the usual spellings; None for anything else."""
    text = value.strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    return None


def without_blanks(data: QueryDict) -> QueryDict:
    """The query without empty values: a GET form sends 'nation=' for 'All nations'."""
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned


class CouncilFilterForm(forms.Form):
    q = forms.CharField(
        label="Search by name or code",
        help_text="For example Kent, a former name, or a GSS code such as E10000016",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"class": "govuk-input", "type": "search", "spellcheck": "false"}),
    )
    nation = forms.ChoiceField(
        label="Nation",
        required=False,
        choices=[("", "All nations"), *Nation.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    type = forms.MultipleChoiceField(label="Type of council", required=False, choices=CouncilType.choices)
    region = forms.ChoiceField(
        label="Region",
        required=False,
        choices=[("", "All regions")],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    principal = forms.CharField(label="Which councils", required=False)
    control = forms.ChoiceField(
        label="Controlling party",
        help_text="After the latest elections on record",
        required=False,
        choices=[("", "Any"), *Control.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    changed_control_since = forms.IntegerField(
        label="Changed control since",
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"invalid": "Enter a year, for example 2024"},
    )
    include_former = forms.CharField(label="Include former councils", required=False)
    # Council finances (tiex/finance): filter and sort by an indicator, in percent.
    finance_indicator = forms.ChoiceField(
        label="Financial indicator",
        required=False,
        choices=[("", "None"), *((item.value, INDICATOR_NAMES[item]) for item in FinanceIndicator)],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    finance_min = forms.FloatField(
        label="At least (%)",
        required=False,
        min_value=-FINANCE_BOUND,
        max_value=FINANCE_BOUND,
        error_messages={"invalid": "Enter a number, for example -25"},
    )
    finance_max = forms.FloatField(
        label="At most (%)",
        required=False,
        min_value=-FINANCE_BOUND,
        max_value=FINANCE_BOUND,
        error_messages={"invalid": "Enter a number, for example -25"},
    )
    finance_sort = forms.ChoiceField(
        label="Order by",
        required=False,
        choices=sort_choices(),
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(
        self, data: QueryDict | None = None, *, regions: Sequence[str] = (), years: Sequence[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(without_blanks(data) if data is not None else None, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [("", "All regions"), *((region, region) for region in regions)]
        self.years = list(years)

    def clean_principal(self) -> bool:
        raw = self.cleaned_data.get("principal") or ""
        if not raw:
            return DEFAULT_PRINCIPAL
        value = parse_bool(raw)
        if value is None:
            raise forms.ValidationError("Choose principal councils only, or all councils")
        return value

    def clean_include_former(self) -> bool:
        raw = self.cleaned_data.get("include_former") or ""
        if not raw:
            return False
        value = parse_bool(raw)
        if value is None:
            raise forms.ValidationError("Include former councils must be yes or no")
        return value

    def to_filters(self) -> CouncilFilters:
        """The validated filters (call after is_valid())."""
        data = self.cleaned_data
        return CouncilFilters(
            q=" ".join((data.get("q") or "").split()),
            nation=data.get("nation") or "",
            types=tuple(dict.fromkeys(data.get("type") or ())),
            region=data.get("region") or "",
            principal=data.get("principal", DEFAULT_PRINCIPAL),
            control=data.get("control") or "",
            changed_control_since=data.get("changed_control_since"),
            include_former=bool(data.get("include_former")),
            finance_indicator=data.get("finance_indicator") or "",
            finance_min=data.get("finance_min"),
            finance_max=data.get("finance_max"),
            finance_sort="" if data.get("finance_sort") in {None, "", FinanceSort.NAME} else data["finance_sort"],
        )

    def year_choices(self) -> list[int]:
        """Years to offer in the 'changed control since' select, including a year given in the URL."""
        years = list(self.years)
        value = self.cleaned_data.get("changed_control_since") if hasattr(self, "cleaned_data") else None
        if isinstance(value, int) and value not in years:
            years.append(value)
        return sorted(years, reverse=True)
