from django.urls import path

from . import views

app_name = "testbeds"

urlpatterns = [
    path("applications/<int:pk>/", views.application_detail, name="application"),
]
