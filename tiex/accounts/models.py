"""People, the organisations they belong to, and their roles there."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tiex.accounts.roles import OrganisationKind, Role, is_valid_role, role_with_article, roles_for_kind


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the staff admin at /admin/.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """A council's organisation (one per council) or the national association (exactly one)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    council = models.OneToOneField(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
        help_text="Set for council organisations only.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=OrganisationKind.COUNCIL) & Q(council__isnull=False))
                | (Q(kind=OrganisationKind.ASSOCIATION) & Q(council__isnull=True)),
                name="organisation_council_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=OrganisationKind.ASSOCIATION),
                name="organisation_one_association",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_association(self) -> bool:
        return self.kind == OrganisationKind.ASSOCIATION

    @property
    def roles(self) -> tuple[str, ...]:
        return roles_for_kind(self.kind)


class Membership(models.Model):
    """A person's role in one organisation. The role must suit the kind of organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_one_per_user_organisation"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.get_role_display().lower()} of {self.organisation}"

    def clean(self) -> None:
        # The database cannot compare with the organisation's kind; services call full_clean().
        if self.organisation_id and not is_valid_role(self.organisation.kind, self.role):
            raise ValidationError({"role": _role_error(self.organisation, self.role)})


def _role_error(organisation: Organisation, role: str) -> str:
    allowed = ", ".join(Role(r).label.lower() for r in organisation.roles)
    label = Role(role).label.lower() if role in Role.values else repr(role)
    return f"{label.capitalize()} is not a role in {organisation.name}; choose one of: {allowed}."


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An offer of a role in an organisation, sent by e-mail. Only a hash of the token is stored."""

    email = models.EmailField("e-mail address")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_known"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
            # One open invitation per person and organisation (a new one replaces the old).
            models.UniqueConstraint(
                fields=["email", "organisation"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} of {self.organisation}"

    @property
    def role_in_a_sentence(self) -> str:
        """ "a member", "an editor": the role as the invitation's sentences say it."""
        return role_with_article(self.role)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    def clean(self) -> None:
        if self.organisation_id and not is_valid_role(self.organisation.kind, self.role):
            raise ValidationError({"role": _role_error(self.organisation, self.role)})
