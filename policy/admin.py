"""Read-only views of briefs for programme admins: writes go through the pages (services), so a
published version stays frozen and every step notifies the people concerned."""

from django.contrib import admin

from .models import Brief, BriefVersion, Download, Rendition


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Brief)
class BriefAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "author", "organisation", "is_public", "created_at"]
    list_filter = ["is_public"]


@admin.register(BriefVersion)
class BriefVersionAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "status", "language", "scope", "published_at"]
    list_filter = ["status", "language", "scope"]
    search_fields = ["title"]
    exclude = ["snapshot"]


@admin.register(Rendition)
class RenditionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "attempts", "pages", "seconds", "created_at"]
    list_filter = ["status"]
    exclude = ["html", "snapshot"]


@admin.register(Download)
class DownloadAdmin(ReadOnlyAdmin):
    list_display = ["version", "organisation", "at"]
