from django.contrib import admin

from .models import (
    KPIDefinition,
    KPIRegionTarget,
    KPISnapshot,
    PolicyLearningActivity,
    ProfileRevision,
    Region,
    S3Domain,
    StatisticIndicator,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "country", "is_partner"]
    list_filter = ["is_partner", "level", "country"]
    list_editable = ["is_partner"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "country", "parent"]


@admin.register(S3Domain)
class S3DomainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


class RegionTargetInline(admin.TabularInline):
    model = KPIRegionTarget
    extra = 0
    raw_id_fields = ["region"]


@admin.register(KPIDefinition)
class KPIDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "provider_code", "baseline", "milestone", "target", "position"]
    list_editable = ["position"]
    inlines = [RegionTargetInline]


@admin.register(KPISnapshot)
class KPISnapshotAdmin(admin.ModelAdmin):
    list_display = ["definition", "month", "value", "taken_at"]
    list_filter = ["definition"]
    readonly_fields = ["definition", "month", "value", "by_region", "by_country", "taken_at"]

    def has_add_permission(self, request):
        return False  # snapshots are what was reported: taken by the monthly task only


@admin.register(StatisticIndicator)
class StatisticIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "source"]


@admin.register(PolicyLearningActivity)
class PolicyLearningActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "host_region"]
    list_filter = ["kind"]
    filter_horizontal = ["participants"]
    raw_id_fields = ["host_region"]


@admin.register(ProfileRevision)
class ProfileRevisionAdmin(admin.ModelAdmin):
    list_display = ["region", "changed_by", "changed_at"]
    readonly_fields = ["region", "changed_by", "changed_at", "changes", "snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # history is not rewritten
