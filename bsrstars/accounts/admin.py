from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Invitation, Membership, MembershipRequest, Organisation, Role, RoleAssignment, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user", "organisation"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "region", "granted_by", "granted_at"]
    readonly_fields = ["role", "region", "granted_by", "granted_at"]
    verbose_name_plural = _("Roles (add them under Role assignments, which notifies the person)")

    def has_add_permission(self, request, obj=None):
        return False


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "is_superuser", "role_assignments__role"]
    inlines = [MembershipInline, RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language", "timezone"]}),
        (_("Consent"), {"fields": ["privacy_notice_version", "privacy_consented_at"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined", "privacy_notice_version", "privacy_consented_at"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # memberships and roles come after the person exists


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "region", "business_id", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "business_id"]
    raw_id_fields = ["region"]
    inlines = [MembershipInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "granted_at", "granted_by"]
    list_filter = ["role"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "region"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # New assignments go through the service: same checks, and the person is notified.
        assignment = services.grant_role(
            user=obj.user, role_code=obj.role.code, region=obj.region, granted_by=request.user
        )
        obj.pk = assignment.pk


@admin.register(MembershipRequest)
class MembershipRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = ["user", "organisation", "message", "status", "created_at", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False  # decided on the organisation's members page, which notifies both sides


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "invited_by", "created_at", "expires_at", "accepted_at", "status"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = [
        "organisation",
        "email",
        "token",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "status",
        "attempts",
        "last_error",
        "status_changed_at",
    ]

    def has_add_permission(self, request):
        return False
