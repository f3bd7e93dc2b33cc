"""Account pages: profile, organisations and their members, invitations. Adapters only."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tiex.accounts import permissions, selectors, services
from tiex.accounts.forms import (
    CouncilOrganisationForm,
    InvitationAcceptForm,
    InvitationForm,
    ProfileForm,
    RoleForm,
    add_service_errors,
)
from tiex.accounts.models import Membership, Organisation
from tiex.accounts.roles import roles_for_kind


def _organisation_or_404(slug: str) -> Organisation:
    organisation = selectors.organisation_get_by_slug(slug=slug)
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def _members_url(organisation: Organisation) -> str:
    return reverse("accounts:organisation_members", kwargs={"slug": organisation.slug})


# --- Profile ----------------------------------------------------------------------------


class SignInView(LoginView):
    """allauth's sign-in view (throttled, CSRF-checked, the same form and flow) without its
    "entrance" context: sign-up, passkey and login-by-code links and the site, which our
    account/login.html never shows and which cost about a tenth of the page."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return dict(super(LoginView, self).get_context_data(**kwargs))


sign_in = SignInView.as_view()


@login_required
@require_http_methods(["GET", "HEAD"])
def email_address(request: HttpRequest) -> HttpResponse:
    """The account's one sign-in address, read-only: it changes only by a new invitation."""
    return render(request, "account/email.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name})  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, full_name=form.cleaned_data["full_name"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your name has been saved.")
            return redirect("accounts:profile")
    context = {
        "form": form,
        "memberships": selectors.membership_list_for_user(user=user),
        "has_totp": selectors.user_has_totp(user=user),
        "roles": selectors.roles_of(user),
        "manageable": selectors.organisation_list_manageable(user=user),
    }
    return render(request, "accounts/user_profile.html", context, status=400 if form.errors else 200)


# --- Organisations -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list_manageable(user=request.user)
    may_create = permissions.can(request.user, permissions.ORGANISATION_CREATE)
    if not may_create and not organisations.exists():
        raise PermissionDenied("You do not manage any organisation.")
    form = None
    if may_create:
        form = CouncilOrganisationForm(request.POST or None, councils=selectors.council_choices_without_organisation())
        if request.method == "POST" and form.is_valid():
            council = selectors.council_get_current(pk=int(form.cleaned_data["council"]))
            if council is None:
                form.add_error("council", "Choose a council from the list")
            else:
                organisation = services.organisation_for_council(council=council, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, f"{organisation.name} has been added. Invite its first super-user below.")
                return redirect(_members_url(organisation))
    elif request.method == "POST":
        raise PermissionDenied("Only admins add organisations.")
    if may_create:
        services.organisation_get_association()  # so admins always see the association in the list
    context = {"organisations": organisations, "form": form}
    return render(request, "accounts/organisation_list.html", context, status=400 if form and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.require(request.user, permissions.ORGANISATION_MANAGE_MEMBERS, organisation)
    allowed_roles = [
        role
        for role in roles_for_kind(organisation.kind)
        if permissions.can(request.user, permissions.INVITATION_CREATE, permissions.RoleTarget(organisation, role))
    ]
    form = InvitationForm(request.POST or None, kind=organisation.kind, allowed_roles=allowed_roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,  # type: ignore[arg-type]
                email=form.cleaned_data["email"],
                organisation=organisation,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"An invitation has been sent to {invitation.email}.")
            return redirect(_members_url(organisation))
    context = {
        "organisation": organisation,
        "memberships": selectors.membership_list_for_organisation(organisation=organisation),
        "invitations": selectors.invitation_list_pending(organisation=organisation),
        "form": form,
        "may_invite": bool(allowed_roles),
    }
    return render(request, "accounts/organisation_members.html", context, status=400 if form.errors else 200)


def _membership_to_change(request: HttpRequest, slug: str, pk: int) -> tuple[Organisation, Membership]:
    """The organisation and membership named in the URL, if this person may change it (else 403/404)."""
    organisation = _organisation_or_404(slug)
    permissions.require(request.user, permissions.ORGANISATION_MANAGE_MEMBERS, organisation)
    membership = selectors.membership_get(organisation=organisation, pk=pk)
    if membership is None:
        raise Http404("No such member")
    permissions.require(request.user, permissions.MEMBERSHIP_CHANGE, membership)
    return organisation, membership


@login_required
@require_http_methods(["GET", "POST"])
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _membership_to_change(request, slug, pk)
    form = RoleForm(request.POST or None, kind=organisation.kind, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_role(
                actor=request.user,  # type: ignore[arg-type]
                user=membership.user,
                organisation=organisation,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.user} is now {form.cleaned_data['role'].replace('_', '-')}.")
            return redirect(_members_url(organisation))
    context = {"organisation": organisation, "membership": membership, "form": form}
    return render(request, "accounts/membership_role.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, membership = _membership_to_change(request, slug, pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership=membership)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{membership.user} has been removed from {organisation.name}.")
            if membership.user_id == request.user.pk:
                return redirect("accounts:profile")
            return redirect(_members_url(organisation))
    context = {"organisation": organisation, "membership": membership, "error": error}
    return render(request, "accounts/membership_remove.html", context, status=400 if error else 200)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    permissions.require(request.user, permissions.ORGANISATION_MANAGE_MEMBERS, organisation)
    invitation = selectors.invitation_get(organisation=organisation, pk=pk)
    if invitation is None:
        raise Http404("No such invitation")
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect(_members_url(organisation))


# --- Accepting an invitation ---------------------------------------------------------------
#
# The e-mailed link carries the token in its address. Opening it checks the token, keeps it
# in the session and redirects to a token-free address (as Django's password reset does),
# so the token never reaches another site in a Referer header, while the form page itself
# keeps the ordinary referrer policy: a page sent with "no-referrer" makes Chromium post its
# forms with "Origin: null", which Django's CSRF protection rightly refuses.

INVITATION_SESSION_KEY = "tiex_invitation_token"


@never_cache
@require_http_methods(["GET", "HEAD"])
def invitation_open(request: HttpRequest, token: str) -> HttpResponseBase:
    invitation = selectors.invitation_get_by_token(token=token)
    response: HttpResponseBase
    if invitation is None or not invitation.is_pending:
        request.session.pop(INVITATION_SESSION_KEY, None)
        context = {"invitation": invitation, "form": None, "state": "invalid"}
        response = render(request, "accounts/invitation_accept.html", context, status=404)
    else:
        request.session[INVITATION_SESSION_KEY] = token
        response = redirect("accounts:invitation_accept")
    # The token is in this address: never send it on, not even to the page redirected to.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest) -> HttpResponseBase:
    token = str(request.session.get(INVITATION_SESSION_KEY) or "")
    invitation = selectors.invitation_get_by_token(token=token) if token else None
    context: dict = {"invitation": invitation, "form": None, "state": "new_user"}
    if invitation is None or not invitation.is_pending:
        context["state"] = "invalid" if token else "no_link"
        return render(request, "accounts/invitation_accept.html", context, status=404)
    if request.user.is_authenticated:
        return _accept_signed_in(request, token, context)
    if selectors.user_get_by_email(email=invitation.email) is not None:
        context["state"] = "sign_in"
        return render(request, "accounts/invitation_accept.html", context)
    return _accept_new_user(request, token, context)


def _accept_signed_in(request: HttpRequest, token: str, context: dict) -> HttpResponseBase:
    invitation = context["invitation"]
    if request.user.email.lower() != invitation.email.lower():  # type: ignore[union-attr]
        context["state"] = "wrong_user"
        return render(request, "accounts/invitation_accept.html", context, status=403)
    context["state"] = "signed_in"
    if request.method == "POST":
        try:
            services.invitation_accept(token=token, user=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "accounts/invitation_accept.html", context, status=400)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, f"You are now {invitation.role_in_a_sentence} of {invitation.organisation}.")
        return redirect("accounts:profile")
    return render(request, "accounts/invitation_accept.html", context)


def _accept_new_user(request: HttpRequest, token: str, context: dict) -> HttpResponseBase:
    invitation = context["invitation"]
    form = InvitationAcceptForm(request.POST or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                token=token, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
            )
        except ValidationError as error:
            add_service_errors(form, error, rename={"password": "password1", "email": "__all__"})
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(
                request,
                f"Welcome to tiex. You are now {invitation.role_in_a_sentence} of {invitation.organisation}.",
            )
            request.tiex_welcomed = True  # type: ignore[attr-defined]  # no second "signed in" banner
            # They have just chosen the password: an editor's two-factor set-up need not ask for it again.
            record_authentication(request, membership.user, method="password", email=invitation.email)
            return perform_login(
                request, membership.user, email_verification="none", redirect_url=reverse("accounts:profile")
            )
    return render(request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200)
