from django.contrib import admin

from .models import Application, Assignment, Call, CoachingSession, CoachProfile, StatusChange


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "places", "hours_allowance"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "at", "from_status", "to_status", "reason"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: decisions go through the review pages so the audit trail is kept."""

    list_display = ["organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    inlines = [StatusChangeInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CoachProfile)
class CoachProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "capacity_smes", "capacity_hours", "is_active"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["application", "coach", "transnational", "allowance_minutes", "closed_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "start", "duration_minutes", "status"]
    exclude = ["private_notes"]

    def has_change_permission(self, request, obj=None):
        return False
