from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/api-token/", views.api_token, name="api_token"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
