from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form field is rendered by templates/partials/field.html: a label without Django's
    colon, "(optional)" on optional fields, help and errors tied to the input for screen readers."""

    field_template_name = "partials/field.html"
