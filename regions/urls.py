from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.region_list, name="list"),
    path("s3-domains/", views.domain_list, name="domains"),
    path("figures/", views.programme_figures, name="figures"),
    path("<str:code>/", views.region_detail, name="detail"),
]
