from django.contrib import admin

from .models import Region, S3Domain


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
