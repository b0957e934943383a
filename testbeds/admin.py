"""The Django admin shows the testbeds rows; writes with rules (bookings, decisions) go through the
portal's pages, so bookings, blackouts and applications are read-only here."""

from django.contrib import admin

from .models import AccessApplication, ApplicationEvent, Facility, TimeBlock, Unit, UsageReport, VoucherCall


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name", "process_type", "scale", "price_per_day", "buffer_hours", "min_days", "max_days"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "country", "region"]
    list_filter = ["country"]
    search_fields = ["name", "operator__name"]
    raw_id_fields = ["operator", "region"]
    inlines = [UnitInline]


@admin.register(VoucherCall)
class VoucherCallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens", "closes", "max_amount", "max_projects", "total_budget", "transnational_only"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessApplication)
class AccessApplicationAdmin(ReadOnlyAdmin):
    list_display = ["company", "facility", "call", "status", "requested_amount", "granted_amount", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["company__name", "facility__name"]
    inlines = [StepInline]


@admin.register(TimeBlock)
class TimeBlockAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "status", "start", "end", "blocked_until"]
    list_filter = ["kind", "status"]


@admin.register(UsageReport)
class UsageReportAdmin(ReadOnlyAdmin):
    list_display = ["application", "submitted_at", "days_used", "confirmed_at"]
