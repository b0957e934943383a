from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.region_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("matrix/", views.matrix, name="matrix"),
    path("s3-domains/", views.domain_list, name="domains"),
    path("s3-domains/<str:code>/", views.domain_detail, name="domain_detail"),
    path("dashboard/", views.kpi_dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", views.kpi_export, name="dashboard_export"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/import/", views.statistics_import, name="statistics_import"),
    path("statistics/import/sample.csv", views.statistics_sample, name="statistics_sample"),
    path("statistics/import/<int:pk>/", views.statistics_import_preview, name="statistics_import_preview"),
    path("statistics/import/<int:pk>/confirm/", views.statistics_import_confirm, name="statistics_import_confirm"),
    path("policy-learning/", views.policy_learning, name="policy_learning"),
    path("policy-learning/new/", views.policy_learning_new, name="policy_learning_new"),
    path("<str:code>/", views.region_detail, name="detail"),
    path("<str:code>/edit/", views.profile_edit, name="profile_edit"),
    path("<str:code>/history/", views.profile_history, name="profile_history"),
    path("<str:code>/structural/", views.structural, name="structural"),
]
