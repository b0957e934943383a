from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _
from django_countries import countries


def country_choices():
    """Every country, named in the language of the request: choices given as this callable are
    listed when the form is rendered, not once at import (which froze them in English)."""
    return list(countries)


class PortalFormRenderer(TemplatesSetting):
    """Every form field is rendered by templates/partials/field.html: a label without Django's
    colon, "(optional)" on optional fields, help and errors tied to the input for screen readers."""

    field_template_name = "partials/field.html"


class ImportUploadForm(forms.Form):
    """The upload step of every all-or-nothing import (see bsrstars/imports.py)."""

    file = forms.FileField(
        label=_("CSV or XLSX file"), help_text=_("At most 2 MB and 5,000 rows. The sample file shows the columns.")
    )
