from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "fmt", "requested_by", "created_at", "status", "rows_done", "rows_total"]
    list_filter = ["kind", "fmt", "status"]
    readonly_fields = ["token", "file", "params", "last_error"]
