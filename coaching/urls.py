from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.calls, name="calls"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/coaches/", views.suggestions, name="suggestions"),
    path("review/", views.review, name="review"),
    path("review/applications.<str:fmt>", views.review_export, name="review_export"),
    path("overview/", views.overview, name="overview"),
    path("coach/profile/", views.coach_profile, name="coach_profile"),
    path("coach/assignments/", views.my_assignments, name="my_assignments"),
    path("coachings/<int:pk>/", views.plan, name="plan"),
    path("coachings/<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("coachings/<int:pk>/tasks/", views.task_add, name="task_add"),
    path("coachings/<int:pk>/tasks/<int:task_pk>/", views.task_update, name="task_update"),
    path("coachings/<int:pk>/sessions/", views.sessions, name="sessions"),
    path("coachings/<int:pk>/sessions/<int:session_pk>/answer/", views.session_answer, name="session_answer"),
    path("coachings/<int:pk>/sessions/<int:session_pk>/resolve/", views.session_resolve, name="session_resolve"),
    path("coachings/<int:pk>/allowance/", views.allowance_raise, name="allowance_raise"),
    path("coachings/<int:pk>/closing/", views.closing, name="closing"),
    path("coachings/<int:pk>/closing/report/", views.closing_report, name="closing_report"),
    path("coachings/<int:pk>/closing/feedback/", views.feedback, name="feedback"),
    path("coachings/<int:pk>/closing/outcomes/", views.outcome_add, name="outcome_add"),
    path("follow-ups/<int:pk>/", views.follow_up, name="follow_up"),
]
