from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/sessions/new/", views.session_add, name="session_add"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/registrations/", views.registrations, name="registrations"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/profiles/", views.profiles, name="profiles"),
    path("<int:pk>/recommendations/", views.recommendations, name="recommendations"),
    path("<int:pk>/requests/", views.requests_page, name="requests"),
    path("<int:pk>/requests/new/<int:registration_pk>/", views.send_request, name="send_request"),
    path("<int:pk>/requests/<int:request_pk>/", views.answer_request, name="answer_request"),
    path("<int:pk>/schedule/", views.schedule_page, name="schedule"),
    path("<int:pk>/schedule/run/<int:session_pk>/", views.schedule_run, name="schedule_run"),
    path("<int:pk>/schedule/publish/", views.schedule_publish, name="schedule_publish"),
    path("<int:pk>/schedule/meetings/<int:meeting_pk>/", views.meeting_change, name="meeting_change"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/meetings.<str:fmt>", views.report_export, name="report_export"),
    path("<int:pk>/check-in/<int:registration_pk>/", views.mark, name="mark"),
    path("<int:pk>/availability/", views.availability, name="availability"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/<int:meeting_pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/agenda/feed/", views.agenda_feed_new, name="agenda_feed_new"),
    path("feed/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
]
