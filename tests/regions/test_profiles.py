import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from regions import services
from regions.models import ProfileRevision, Region, RegionProfile, S3Domain, S3Priority
from tests.factories import person

pytestmark = pytest.mark.django_db


def _post(priorities, contacts=(), summary="Our S3", needs=()):
    data = {
        "summary": summary,
        "strategy_url": "",
        "needs": [S3Domain.objects.get(code=c).pk for c in needs],
        "priorities-TOTAL_FORMS": len(priorities),
        "priorities-INITIAL_FORMS": 0,
        "contacts-TOTAL_FORMS": len(contacts),
        "contacts-INITIAL_FORMS": 0,
    }
    for i, (title, strength, domains) in enumerate(priorities):
        data.update(
            {
                f"priorities-{i}-title": title,
                f"priorities-{i}-strength": strength,
                f"priorities-{i}-domains": [S3Domain.objects.get(code=c).pk for c in domains],
                f"priorities-{i}-nace_codes": "C10, A03.2",
            }
        )
    for i, (name, email) in enumerate(contacts):
        data.update({f"contacts-{i}-name": name, f"contacts-{i}-email": email})
    return data


def test_authority_edits_own_region_and_history_records_who_and_what(client):
    authority = person("regional_authority", "SE224", org_kind="regional_authority", full_name="Anna Lindqvist")
    client.force_login(authority)
    url = reverse("regions:profile_edit", args=["SE224"])
    client.post(url, _post([("Food", 4, ["BIO.FOOD"])], contacts=[("Anna", "anna@example.org")]))
    client.post(
        url, _post([("Food", 5, ["BIO.FOOD"]), ("Blue", 3, ["BIO.BLUE"])], contacts=[("Anna", "anna@example.org")])
    )
    profile = RegionProfile.objects.get(region__code="SE224")
    assert [(p.title, p.strength, p.nace_codes) for p in profile.priorities.all()] == [
        ("Food", 5, ["C10", "A03.2"]),
        ("Blue", 3, ["C10", "A03.2"]),
    ]
    latest, first = ProfileRevision.objects.filter(region__code="SE224")
    assert latest.changed_by == authority
    assert {"what": "priority_changed", "title": "Food", "field": "strength", "old": 4, "new": 5} in latest.changes
    assert {"what": "priority_added", "title": "Blue", "new": 3} in latest.changes
    history = client.get(reverse("regions:profile_history", args=["SE224"])).content.decode()
    assert "Anna Lindqvist" in history and "strength 4 → 5" in history and "Added priority “Blue”" in history


def test_saving_without_changes_adds_no_revision(client):
    client.force_login(person("regional_authority", "SE224", org_kind="regional_authority"))
    url = reverse("regions:profile_edit", args=["SE224"])
    client.post(url, _post([("Food", 4, ["BIO.FOOD"])]))
    client.post(url, _post([("Food", 4, ["BIO.FOOD"])]))
    assert ProfileRevision.objects.count() == 1


def test_authority_of_another_region_gets_403_and_changes_nothing(client):
    client.force_login(person("regional_authority", "LT011", org_kind="regional_authority"))
    response = client.post(reverse("regions:profile_edit", args=["SE224"]), _post([("Food", 4, ["BIO.FOOD"])]))
    assert response.status_code == 403
    assert not RegionProfile.objects.filter(region__code="SE224").exists()


def test_nuts2_authority_edits_its_sub_regions_too(client):
    client.force_login(person("regional_authority", "DK01", org_kind="regional_authority"))
    assert client.get(reverse("regions:profile_edit", args=["DK011"])).status_code == 200
    assert client.get(reverse("regions:profile_edit", args=["DK02"])).status_code == 403


@pytest.mark.parametrize("strength", ["0", "6", "-1", "x"])
def test_strength_outside_1_to_5_is_refused_by_the_form(client, strength):
    client.force_login(person("regional_authority", "SE224", org_kind="regional_authority"))
    response = client.post(reverse("regions:profile_edit", args=["SE224"]), _post([("Food", strength, ["BIO.FOOD"])]))
    assert response.status_code == 200
    assert "strength" in response.context["priorities"].forms[0].errors
    assert not RegionProfile.objects.exists()


def test_strength_outside_1_to_5_is_refused_by_service_and_database():
    region = Region.objects.get(code="SE224")
    with pytest.raises(ValidationError):
        services.save_profile(
            region=region,
            changed_by=None,
            summary="",
            strategy_url="",
            needs=[],
            contacts=[],
            priorities=[{"title": "X", "strength": 9, "domains": []}],
        )
    assert not RegionProfile.objects.exists()
    profile = RegionProfile.objects.create(region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        S3Priority.objects.create(profile=profile, title="X", strength=6)


def test_bad_nace_code_in_priority_is_a_field_error(client):
    client.force_login(person("regional_authority", "SE224", org_kind="regional_authority"))
    data = _post([("Food", 4, ["BIO.FOOD"])])
    data["priorities-0-nace_codes"] = "C10, ZZ"
    response = client.post(reverse("regions:profile_edit", args=["SE224"]), data)
    assert "nace_codes" in response.context["priorities"].forms[0].errors


def test_blank_extra_priority_as_a_browser_sends_it_is_ignored(client):
    client.force_login(person("regional_authority", "SE224", org_kind="regional_authority"))
    data = _post([("Food", 4, ["BIO.FOOD"])])
    data.update(
        {
            "priorities-TOTAL_FORMS": 2,
            "priorities-1-title": "",
            "priorities-1-description": "",
            "priorities-1-strength": "",
            "priorities-1-nace_codes": "",
            "priorities-1-strategy_url": "",
        }
    )
    response = client.post(reverse("regions:profile_edit", args=["SE224"]), data)
    assert response.status_code == 302
    assert list(RegionProfile.objects.get().priorities.values_list("title", "strength")) == [("Food", 4)]


def _resubmit(page: str) -> dict:
    """What a browser posts back when the person presses Save without touching anything."""
    from html.parser import HTMLParser

    data: dict[str, list[str]] = {}

    class Form(HTMLParser):
        select = textarea = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                data.setdefault(a["name"], []).append(a.get("value", ""))
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                data.setdefault(self.select, []).append(a.get("value", ""))
            elif tag == "textarea":
                self.textarea = a["name"]
                data.setdefault(self.textarea, []).append("")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, text):
            if self.textarea:
                data[self.textarea][-1] += text

    Form().feed(page)
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_saving_the_edit_page_unchanged_keeps_codes_and_records_no_revision(client):
    authority = person("regional_authority", "SE224", org_kind="regional_authority")
    region = Region.objects.get(code="SE224")
    services.save_profile(
        region=region,
        changed_by=None,
        summary="Skåne's strategy",
        strategy_url="https://example.org/s3",
        needs=S3Domain.objects.filter(code="DIG.DATA"),
        priorities=[
            {
                "title": "Food",
                "strength": 4,
                "domains": S3Domain.objects.filter(code="BIO.FOOD"),
                "nace_codes": ["C10", "A01"],
            },
            {
                "title": "Life science",
                "strength": 5,
                "domains": S3Domain.objects.filter(code="BIO.TECH"),
                "nace_codes": ["C21", "M72.1"],
            },
        ],
        contacts=[{"name": "Anna", "role": "S3 lead", "email": "anna@example.org", "phone": ""}],
    )
    client.force_login(authority)
    url = reverse("regions:profile_edit", args=["SE224"])
    response = client.post(url, _resubmit(client.get(url).content.decode()), follow=True)
    assert "Nothing had changed." in response.content.decode()
    assert [p.nace_codes for p in S3Priority.objects.filter(profile__region=region)] == [
        ["C10", "A01"],
        ["C21", "M72.1"],
    ]
    assert ProfileRevision.objects.filter(region=region).count() == 1


def test_nace_codes_are_stored_in_canonical_form_whatever_was_typed(client):
    client.force_login(person("regional_authority", "SE224", org_kind="regional_authority"))
    data = _post([("Food", 4, ["BIO.FOOD"])])
    data["priorities-0-nace_codes"] = " c10 ; 10, 62 ,M72.1"
    client.post(reverse("regions:profile_edit", args=["SE224"]), data)
    assert S3Priority.objects.get(profile__region__code="SE224").nace_codes == ["C10", "J62", "M72.1"]
