"""The portal's form renderer writes selects in Python (bsrstars/forms.py); the markup must be
what Django's own select.html template writes, for every kind of select the portal has."""

import re

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from bsrstars.forms import PortalFormRenderer
from smes.forms import RegionSelect


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Alpha"), ("b", "Beta & <Gamma>")])
    optional = forms.ChoiceField(required=False, choices=[("1", "One"), ("2", 'Two "quoted"')])
    grouped = forms.ChoiceField(
        choices=[("", "---------"), ("Sweden", [("SE224", "Skåne")]), ("DK", [("DK01", "Hovedstaden")])]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    numbers = forms.TypedChoiceField(
        coerce=int, choices=[(1, "1"), (2, "2")], widget=forms.Select(attrs={"class": "small", "data-x": "a&b"})
    )
    region = forms.ChoiceField(
        choices=[("", "---------"), ("Sweden", [("SE224", "Skåne (SE224)")])],
        widget=RegionSelect(attrs={"data-country-select": "id_country", "disabled": False, "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.countries = {"SE224": "SE"}


def _markup(form_data, renderer):
    form = Everything(form_data, renderer=renderer)
    form.is_valid()
    return {name: str(form[name].as_widget()) for name in form.fields}


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b", "optional": "2", "grouped": "SE224", "many": ["x", "z"], "numbers": "2", "region": "SE224"},
        {"plain": "nope"},
    ],
    ids=["unbound", "chosen", "invalid"],
)
def test_selects_render_as_djangos_template_does(data):
    ours = _markup(data, PortalFormRenderer())
    django = _markup(data, TemplatesSetting())
    for name in ours:
        assert _normalised(ours[name]) == _normalised(django[name]), name
    assert 'value="b" selected' in ours["plain"] or data is None or data.get("plain") != "b"
    assert "Beta &amp; &lt;Gamma&gt;" in ours["plain"]


def test_the_chosen_options_are_selected_and_attributes_kept():
    data = {"plain": "b", "many": ["x", "z"], "region": "SE224", "numbers": "2"}
    ours = _markup(data, PortalFormRenderer())
    assert '<option value="b" selected>Beta &amp; &lt;Gamma&gt;</option>' in ours["plain"]
    assert ours["many"].count(" selected") == 2 and " multiple" in ours["many"]
    assert 'value="SE224" selected data-country="SE"' in ours["region"] and " autofocus" in ours["region"]
    assert "disabled" not in ours["region"]
    assert 'data-x="a&amp;b"' in ours["numbers"]
