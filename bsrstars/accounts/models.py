import zoneinfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from bsrstars.outbox.models import OutboxItem
from bsrstars.outbox.services import register as register_outbox

from . import roles
from .business_ids import canonical_business_id, display_business_id


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid_timezone")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The email address is the login; it is stored lower-case and unique."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.DEFAULT_USER_TIMEZONE, validators=[validate_timezone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=dj_timezone.now)
    privacy_notice_version = models.CharField(_("privacy notice version accepted"), max_length=20, blank=True)
    privacy_consented_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]


class OrganisationKind(models.TextChoices):
    SME = "sme", _("SME")
    RESEARCH = "research", _("Research organisation")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    NATIONAL_AUTHORITY = "national_authority", _("National authority")
    PARTNER = "partner", _("Project partner")
    FACILITY_OPERATOR = "facility_operator", _("Facility operator")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region (NUTS 3)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"level": 3},
    )
    business_id = models.CharField(
        _("national business ID"), max_length=32, blank=True, help_text=_("Stored in compact form.")
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("registered at"), default=dj_timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # The directory's and /api/v1/organisations/' order (name, pk): a page of 50 read along the
        # index instead of sorting every company per request (bench/pages.py).
        indexes = [models.Index(fields=["name", "id"], name="accounts_org_directory_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "business_id"],
                condition=~Q(business_id=""),
                name="accounts_organisation_unique_business_id",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.business_id:
            try:
                self.business_id = canonical_business_id(self.country, self.business_id)
            except ValidationError as exc:
                raise ValidationError({"business_id": exc}) from None
        if self.region_id and self.region.country != str(self.country):
            raise ValidationError({"region": _("The region must lie in the organisation's country.")})
        if self.region_id and self.region.level != 3:
            raise ValidationError({"region": _("Choose a NUTS 3 region.")})

    @property
    def business_id_display(self):
        return display_business_id(self.country, self.business_id)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField(_("organisation admin"), default=False)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="accounts_membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class Role(models.Model):
    """A programme role. Rows, not code: admins can add roles; predicates check the codes in roles.py."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return str(roles.LABELS.get(self.code, self.name))


class RoleAssignment(models.Model):
    """A person holds a role, optionally for a region (a regional authority's scope)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(region__isnull=True), name="accounts_role_unique_unscoped"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="accounts_role_unique_per_region",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.role}" + (f" ({self.region.code})" if self.region_id else "")

    def clean(self):
        super().clean()
        scoped = self.role_id is not None and self.role.code in roles.REGION_SCOPED
        if scoped and self.region_id is None:
            raise ValidationError({"region": _("This role needs the region it covers.")})
        if not scoped and self.region_id is not None:
            raise ValidationError({"region": _("This role is not limited to a region.")})


class MembershipRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MembershipRequest(models.Model):
    """A person asks to join an organisation that is already registered."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membership_requests")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="membership_requests")
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipRequestStatus.choices, default=MembershipRequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=dj_timezone.now)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="accounts_one_pending_request_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.status})"


@register_outbox
class Invitation(OutboxItem):
    """An organisation admin invites a colleague by email. The email is outbox work (`status`)."""

    outbox_task = "accounts.send_invitation_email"
    VALID_DAYS = 14

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="accounts_one_open_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def is_open(self, now=None) -> bool:
        now = now or dj_timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
