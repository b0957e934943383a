from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
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

    def render(self, template_name, context, request=None):
        # A select renders Django's select.html markup here in Python: through the template it
        # took two includes per option, and the directory's filters (150 options) spent a third
        # of the page's time on them. The markup is the same (tests/test_forms.py compares it).
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        return super().render(template_name, context, request)


SELECT_TEMPLATE = "django/forms/widgets/select.html"


def render_select(widget) -> str:
    """select.html's markup, built with escape() and f-strings (format_html and flatatt per
    option cost as much as the template did)."""
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            value, label = escape(option["value"]), conditional_escape(option["label"])
            parts.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 -- every name, value and label is escaped above


def _attrs(attrs: dict) -> str:
    """attrs.html: a True value is a bare attribute, False is left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class ImportUploadForm(forms.Form):
    """The upload step of every all-or-nothing import (see bsrstars/imports.py)."""

    file = forms.FileField(
        label=_("CSV or XLSX file"), help_text=_("At most 2 MB and 5,000 rows. The sample file shows the columns.")
    )
