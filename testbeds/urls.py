from django.urls import path

from . import views

app_name = "testbeds"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("facilities/new/", views.facility_create, name="facility_create"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility"),
    path("facilities/<int:pk>/edit/", views.facility_edit, name="facility_edit"),
    path("facilities/<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path("facilities/<int:pk>/utilisation/", views.utilisation, name="utilisation"),
    path("facilities/<int:pk>/utilisation.<str:fmt>", views.utilisation_export, name="utilisation_export"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/calendar/", views.unit_calendar, name="calendar"),
    path("units/<int:pk>/calendar/link/", views.calendar_feed_new, name="calendar_feed_new"),
    path("units/<int:pk>/blackouts/", views.blackouts, name="blackouts"),
    path("units/<int:pk>/blackouts/<int:blackout_pk>/remove/", views.blackout_remove, name="blackout_remove"),
    path("feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("operator/", views.operator_home, name="operator"),
    path("bookings/<int:pk>/move/", views.booking_move, name="booking_move"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.call_create, name="call_create"),
    path("decisions/", views.decisions, name="decisions"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/report/", views.usage_report, name="usage_report"),
    path("applications/<int:pk>/confirm/", views.usage_confirm, name="usage_confirm"),
]
