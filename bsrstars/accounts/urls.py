from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/api-token/", views.api_token, name="api_token"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/export.json", views.my_data_export, name="my_data_export"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/members/", views.organisation_members, name="organisation_members"),
    path("organisations/<int:pk>/members/<int:membership_pk>/", views.member_action, name="member_action"),
    path("organisations/<int:pk>/requests/<int:request_pk>/", views.decide_request, name="decide_request"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("organisations/<int:pk>/join/", views.request_membership, name="request_membership"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
