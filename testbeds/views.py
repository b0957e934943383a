from django.shortcuts import get_object_or_404, render

from bsrstars.permissions import permission_required

from . import selectors
from .models import AccessApplication


def _application(request, pk, **kwargs):
    return get_object_or_404(AccessApplication, pk=pk)


@permission_required("testbeds.view_application", fn=_application)
def application_detail(request, pk):
    application = selectors.application_detail(pk)
    return render(request, "testbeds/application.html", {"application": application})
