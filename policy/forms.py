from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Region, S3Domain

from .models import (
    MAX_EVIDENCE_BLOCKS,
    MAX_RECOMMENDATIONS,
    MAX_SECTION_CHARS,
    MAX_SECTIONS,
    BriefVersion,
    EvidenceKind,
    Level,
)


def brief_regions():
    """Partner regions and the programme's countries: what a brief is usually about."""
    partners = Region.objects.filter(is_partner=True)
    countries = set(partners.values_list("country", flat=True))
    return Region.objects.filter(Q(is_partner=True) | Q(level=0, country__in=countries)).order_by("country", "level")


class BriefForm(forms.ModelForm):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), required=False, queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("S3 domains"),
        required=False,
        queryset=S3Domain.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(label=_("Anyone may download the published PDF, without signing in"), required=False)

    class Meta:
        model = BriefVersion
        fields = ["title", "summary", "language", "scope", "regions", "domains", "change_note"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = brief_regions()


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=MAX_SECTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, lists, links and tables. HTML and images are removed."),
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    addressee = forms.CharField(label=_("Addressed to"), max_length=200, required=False)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    position = forms.IntegerField(
        label=_("After section number"),
        min_value=0,
        max_value=MAX_SECTIONS,
        initial=1,
        help_text=_("0 places it before the first section."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    indicator = forms.ChoiceField(label=_("Statistic (for the regional statistics chart)"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from regions.models import StatisticIndicator

        self.fields["indicator"].choices = [("", _("The first with figures"))] + [
            (i.code, i.label) for i in StatisticIndicator.objects.order_by("name")
        ]


def _formset(form, maximum):
    return forms.formset_factory(
        form, extra=1, can_delete=True, max_num=maximum, validate_max=True, absolute_max=maximum + 5
    )


SectionFormSet = _formset(SectionForm, MAX_SECTIONS)
RecommendationFormSet = _formset(RecommendationForm, MAX_RECOMMENDATIONS)
EvidenceFormSet = _formset(EvidenceForm, MAX_EVIDENCE_BLOCKS)


def rows(formset) -> list[dict]:
    """The filled, not deleted rows of a valid formset, in order."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def evidence_item(row: dict) -> dict:
    params = {"indicator": row["indicator"]} if row.get("indicator") and row["kind"] == "regional_statistics" else {}
    return {"kind": row["kind"], "position": row["position"], "caption": row["caption"], "params": params}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class NewVersionForm(forms.Form):
    change_note = forms.CharField(label=_("What will change"), max_length=500, required=False)
