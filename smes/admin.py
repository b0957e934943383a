from django.contrib import admin

from .models import CompanyImport, SMEProfile


@admin.register(SMEProfile)
class SMEProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "city", "nace_code", "size_class", "employees", "updated_at"]
    list_filter = ["size_class", "nace_section", "organisation__country"]
    search_fields = ["organisation__name", "organisation__business_id", "city"]
    readonly_fields = ["organisation", "size_class", "nace_section", "updated_at"]
    filter_horizontal = ["s3_domains", "offer_domains", "need_domains"]

    def has_add_permission(self, request):
        return False  # companies are registered through the portal's form or the import

    def has_change_permission(self, request, obj=None):
        return False  # edits go through the profile page, which recomputes the size class


@admin.register(CompanyImport)
class CompanyImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "uploaded_by", "status", "created_at", "imported_at"]
    list_filter = ["status"]
    readonly_fields = ["uploaded_by", "filename", "rows", "report", "status", "created_at", "imported_at"]

    def has_add_permission(self, request):
        return False
