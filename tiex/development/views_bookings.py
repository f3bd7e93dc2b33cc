"""Booking a cohort place, a person's own bookings, cancelling, and the staff pages (nomination,
attendance and completion). Adapters only: selectors read, services_bookings writes and checks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tiex.accounts import permissions as account_permissions
from tiex.development import navigator, selectors, services_bookings
from tiex.development.choices import HOLDS_PLACE, BookingStatus
from tiex.development.forms import AttendanceForm, BookingForm
from tiex.development.models import Booking
from tiex.development.permissions import BOOKING_CREATE, BOOKING_MANAGE

STATUS_TAGS = {
    BookingStatus.CONFIRMED: "govuk-tag--green",
    BookingStatus.AWAITING_NOMINATION: "govuk-tag--yellow",
    BookingStatus.REQUESTED: "govuk-tag--blue",
    BookingStatus.WAITING_LIST: "govuk-tag--orange",
    BookingStatus.CANCELLED: "govuk-tag--grey",
}


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, slug: str, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_for_booking(slug=slug, cohort_id=cohort_id)
    if cohort is None:
        raise Http404("No cohort open for booking has that address")
    councils = selectors.councils_of(user=request.user)
    if not councils or not account_permissions.can(request.user, BOOKING_CREATE):
        raise PermissionDenied("Only members of a council may book")
    existing = selectors.booking_live_for(user=request.user, cohort=cohort)
    if existing is not None:
        return redirect(reverse("development:booking", args=[existing.pk]))
    party_required = bool(cohort.party) or cohort.programme.by_political_group
    if request.method == "POST":
        form = BookingForm(request.POST, councils=councils, party_required=party_required)
        if form.is_valid():
            cleaned = dict(form.cleaned_data)
            data = services_bookings.BookingRequest(council_id=cleaned.pop("council"), **cleaned)
            try:
                booking = services_bookings.booking_request(user=request.user, cohort=cohort, data=data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect(reverse("development:booking", args=[booking.pk]))
        status = 400
    else:
        # Answers from the navigator fill the form in (nothing is stored).
        answers = navigator.Answers.from_query(dict(request.GET.lists()))
        initial: dict[str, Any] = {"party": cohort.party}
        if answers.role:
            initial["role"] = answers.role
        for name in ("years_as_councillor", "years_in_role"):
            if getattr(answers, name) is not None:
                initial[name] = getattr(answers, name)
        if len(councils) == 1:
            initial["council"] = councils[0].pk
        form = BookingForm(initial=initial, councils=councils, party_required=party_required)
        status = 200
    context = {"form": form, "cohort": cohort, "programme": cohort.programme}
    return render(request, "development/booking_form.html", context, status=status)


def _own_booking(request: HttpRequest, pk: int) -> Booking:
    booking = selectors.booking_get_for_user(user=request.user, pk=pk)
    if booking is None:
        raise Http404("You have no booking with that number")
    return booking


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    bookings = selectors.bookings_of(user=request.user)
    return render(request, "development/booking_list.html", {"bookings": bookings, "tags": STATUS_TAGS})


@login_required
@require_safe
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_booking(request, pk)
    context = {"booking": found, "tags": STATUS_TAGS, "may_cancel": found.status != BookingStatus.CANCELLED}
    return render(request, "development/booking_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_booking(request, pk)
    if found.status == BookingStatus.CANCELLED:
        return redirect(reverse("development:booking", args=[pk]))
    if request.method == "POST":
        try:
            services_bookings.booking_cancel(actor=request.user, booking=found)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Your booking is cancelled.")
        return redirect(reverse("development:booking", args=[pk]))
    return render(
        request, "development/booking_cancel.html", {"booking": found, "holds_place": found.status in HOLDS_PLACE}
    )


@login_required
@require_POST
def booking_consent(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_booking(request, pk)
    consent = request.POST.get("alumni_consent") == "on"
    services_bookings.booking_set_consent(actor=request.user, booking=found, consent=consent)
    messages.success(
        request,
        "You will be listed on your council's profile when you complete the programme."
        if consent
        else "You will not be listed on your council's profile.",
    )
    return redirect(reverse("development:booking", args=[pk]))


def _require_staff(request: HttpRequest) -> None:
    account_permissions.require(request.user, BOOKING_MANAGE)


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return render(request, "development/manage_list.html", {"cohorts": selectors.cohorts_for_staff()})


@login_required
@require_safe
def manage_cohort(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    cohort = selectors.cohort_get(pk=pk)
    if cohort is None:
        raise Http404("No cohort has that number")
    context = {
        "cohort": cohort,
        "programme": cohort.programme,
        "bookings": selectors.cohort_bookings(cohort=cohort),
        "tags": STATUS_TAGS,
        "statuses": BookingStatus,
    }
    return render(request, "development/manage_cohort.html", context)


def _staff_booking(request: HttpRequest, pk: int) -> Booking:
    _require_staff(request)
    found = selectors.booking_get(pk=pk)
    if found is None:
        raise Http404("No booking has that number")
    return found


def _back_to_cohort(found: Booking) -> HttpResponse:
    return redirect(reverse("development:manage_cohort", args=[found.cohort_id]) + f"#booking-{found.pk}")


@login_required
@require_POST
def manage_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _staff_booking(request, pk)
    try:
        services_bookings.booking_nominate(actor=request.user, booking=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The nomination of {found.user or 'this person'} is recorded.")
    return _back_to_cohort(found)


@login_required
@require_POST
def manage_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    found = _staff_booking(request, pk)
    form = AttendanceForm(request.POST)
    form.is_valid()  # two optional check boxes: always valid
    try:
        services_bookings.booking_record_attendance(
            actor=request.user,
            booking=found,
            attended=form.cleaned_data["attended"],
            completed=form.cleaned_data["completed"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Attendance of {found.user or 'this person'} is recorded.")
    return _back_to_cohort(found)


def council_alumni_html(council_id: int) -> str:
    """The "Councillor development" section of a council's profile: alumni who agreed to be listed."""
    from django.template.loader import render_to_string

    return render_to_string(
        "development/_council_alumni.html", {"alumni": selectors.council_alumni(council_id=council_id)}
    )
