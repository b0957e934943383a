from django.contrib import admin

from .models import Event, EventOrganiser, MatchmakingSession, Registration, SessionBreak


class CoOrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "start", "capacity", "is_published", "organiser"]
    list_filter = ["type", "is_published"]
    search_fields = ["title"]
    raw_id_fields = ["organiser"]
    inlines = [CoOrganiserInline]


class BreakInline(admin.TabularInline):
    model = SessionBreak
    extra = 0


@admin.register(MatchmakingSession)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "start", "end", "slot_minutes", "tables"]
    inlines = [BreakInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "organisation", "status", "created_at", "attended"]
    list_filter = ["status", "event"]
    readonly_fields = ["event", "person", "organisation", "status", "created_at", "status_changed_at"]

    def has_add_permission(self, request):
        return False  # registrations go through the event page, which keeps capacity and the waiting list
