from django.urls import path

from . import views

app_name = "smes"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/sample.csv", views.sample_file, name="import_sample"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
