"""The portal's URLconf plus a view that fails, for the 500 page's test."""

from django.urls import path

from bsrstars.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401 -- handlers used by Django


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *urlpatterns]
