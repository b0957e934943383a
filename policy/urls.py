from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("", views.brief_list, name="list"),
    path("published/", views.public_list, name="public_list"),
    path("new/", views.brief_create, name="create"),
    path("<int:pk>/", views.brief_latest, name="brief"),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/comments/<int:comment_pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("<int:pk>/v<int:number>/", views.version_detail, name="detail"),
    path("<int:pk>/v<int:number>/edit/", views.version_edit, name="edit"),
    path("<int:pk>/v<int:number>/submit/", views.version_submit, name="submit"),
    path("<int:pk>/v<int:number>/review/", views.version_review, name="review"),
    path("<int:pk>/v<int:number>/publish/", views.version_publish, name="publish"),
    path("<int:pk>/v<int:number>/new-version/", views.version_new, name="new_version"),
    path("<int:pk>/v<int:number>/pdf/", views.renditions, name="renditions"),
    path("<int:pk>/v<int:number>/pdf/status/", views.renditions_status, name="renditions_status"),
    path("<int:pk>/v<int:number>/pdf/download/", views.download, name="download"),
]
