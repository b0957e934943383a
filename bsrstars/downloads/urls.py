from django.urls import path

from . import views

app_name = "downloads"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/file/", views.download, name="download"),
]
