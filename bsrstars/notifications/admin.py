from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "created_at", "read_at", "status", "attempts"]
    list_filter = ["kind", "status"]
    search_fields = ["recipient__email", "kind"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "status_changed_at", "last_error"]
