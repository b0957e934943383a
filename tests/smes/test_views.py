import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bsrstars.accounts.models import MembershipRequest, Organisation
from regions.models import S3Domain
from smes.models import CompanyImport, SMEProfile
from tests.factories import UserFactory, give_role, person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Lund Enzymes AB",
    "country": "SE",
    "business_id": "556036-0793",
    "region": "SE224",
    "city": "Lund",
    "nace_code": "C21.10",
    "employees": "12",
    "annual_turnover_eur": "1500000",
    "balance_sheet_total_eur": "900000",
    "founding_year": "2012",
    "description": "Enzymes for food.",
    "contact_name": "Eva",
    "contact_email": "eva@lund-enzymes.example",
}


def _form(**changes):
    data = {**FORM, **changes}
    data.setdefault("s3_domains", [S3Domain.objects.get(code="BIO.TECH").pk])
    return data


def test_register_company_journey(client):
    founder = UserFactory()
    client.force_login(founder)
    response = client.post(reverse("smes:register"), _form())
    organisation = Organisation.objects.get(business_id="5560360793")
    assert response["Location"] == reverse("smes:detail", args=[organisation.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Lund Enzymes AB" in page and "Small enterprise" in page and "556036-0793" in page


def test_registering_a_registered_company_offers_to_ask_to_join(client):
    existing = company("Original AB", business_id="556036-0793")
    client.force_login(UserFactory())
    response = client.post(reverse("smes:register"), _form(business_id="5560360793"))
    assert response["Location"] == reverse("accounts:request_membership", args=[existing.pk])
    assert Organisation.objects.count() == 1
    client.post(response["Location"], {"message": "I work there"})
    assert MembershipRequest.objects.get(organisation=existing).message == "I work there"


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"business_id": "556036-0794"}, "business_id", "556036-0793"),
        ({"country": "LT", "business_id": "12345"}, "business_id", "9 digits"),
        ({"region": "LT011"}, "region", "not in the chosen country"),
        ({"employees": "-3"}, "employees", ""),
        ({"annual_turnover_eur": "99999999999999999"}, "annual_turnover_eur", ""),
        ({"founding_year": "2999"}, "founding_year", "future"),
        ({"nace_code": "Q"}, "nace_code", "NACE"),
        ({"s3_domains": []}, "s3_domains", ""),
    ],
)
def test_register_bad_input_gets_field_error_and_saves_nothing(client, change, field, text):
    client.force_login(UserFactory())
    response = client.post(reverse("smes:register"), _form(**change))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert text in " ".join(errors[field])
    assert Organisation.objects.count() == 0


def test_profile_hides_private_fields_from_another_sme_but_not_from_members_or_facilitators(client):
    owner = UserFactory()
    organisation = company(
        "Private AB",
        registered_by=owner,
        employees=33,
        contact_email="secret@private.example",
        contact_public=False,
        figures_public=False,
    )
    url = reverse("smes:detail", args=[organisation.pk])
    client.force_login(person())  # another organisation's SME member
    html = client.get(url).content.decode()
    assert "Private AB" in html and "secret@private.example" not in html and "€" not in html
    facilitator = UserFactory()
    give_role(facilitator, "facilitator")
    for viewer in (owner, facilitator):
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "secret@private.example" in html and "€" in html


def test_directory_filters(client):
    company("Blue Fish AB", domains=("BIO.BLUE",))
    company("Robot Oy", country="FI", region="FI197", domains=("DIG.AUTOMATION",), nace_code="C28.99")
    company("Tiny Kelp AS", country="NO", region="NO060", domains=("BIO.BLUE",), employees=3, turnover=100_000)
    company(
        "Big Build AB",
        region="SE110",
        employees=400,
        turnover=99_000_000,
        balance=99_000_000,
        domains=("CIRC.CONSTRUCT",),
        description="Reuse of building parts",
        nace_code="F43.39",
    )
    client.force_login(UserFactory())

    def names(**params):
        response = client.get(reverse("smes:directory"), params)
        return sorted(org.name for org, _ in response.context["rows"])

    assert names(country="FI") == ["Robot Oy"]
    assert names(domain="BIO") == ["Blue Fish AB", "Tiny Kelp AS"]  # a domain includes its sub-domains
    assert names(domain="BIO.BLUE", country="NO") == ["Tiny Kelp AS"]
    assert names(size_class="micro") == ["Tiny Kelp AS"]
    assert names(size_class="large") == ["Big Build AB"]
    assert names(nace_section="F") == ["Big Build AB"]
    assert names(region="SE22") == ["Blue Fish AB"]  # NUTS-2 includes its NUTS-3 regions
    assert names(q="building reuse") == ["Big Build AB"]
    response = client.get(reverse("smes:directory"), {"ordering": "-name"})
    assert [org.name for org, _ in response.context["rows"]][0] == "Tiny Kelp AS"


def _directory_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("smes:directory"))
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["rows"])


def test_directory_query_count_same_for_1_and_50_smes(client):
    client.force_login(person())
    company()
    one, rows_one = _directory_queries(client)
    for _ in range(49):
        company(domains=("BIO.FOOD", "CIRC.WASTE"))
    many, rows_many = _directory_queries(client)
    assert (rows_one, rows_many) == (1, 25)  # paginated
    assert many == one


def test_export_contents_csv_and_xlsx_with_private_fields_for_facilitator(client):
    company("Open AB", employees=12, figures_public=True, contact_public=True, contact_email="open@open.example")
    company("Closed Oy", country="FI", region="FI197", employees=7, contact_email="closed@closed.example")
    facilitator = person("facilitator", org_kind="partner")
    client.force_login(facilitator)
    csv = pd.read_csv(io.StringIO(client.get(reverse("smes:export", args=["csv"])).content.decode()), dtype=str)
    assert sorted(csv["name"]) == ["Closed Oy", "Open AB"]
    closed = csv.set_index("name").loc["Closed Oy"]
    assert (closed["contact_email"], closed["employees"], closed["region"]) == ("closed@closed.example", "7", "FI197")
    response = client.get(reverse("smes:export", args=["xlsx"]), {"country": "FI"})
    xlsx = pd.read_excel(io.BytesIO(b"".join(response.streaming_content)), dtype=str)
    assert list(xlsx["name"]) == ["Closed Oy"]


def test_authority_exports_only_own_region_without_private_fields(client):
    company("Skåne One AB", employees=12, contact_email="one@one.example")
    company("Vilnius UAB", country="LT", region="LT011")
    authority = person("regional_authority", "SE224", org_kind="regional_authority")
    client.force_login(authority)
    csv = pd.read_csv(
        io.StringIO(client.get(reverse("smes:export", args=["csv"])).content.decode()), dtype=str, keep_default_na=False
    )
    assert list(csv["name"]) == ["Skåne One AB"]
    assert csv.loc[0, "contact_email"] == ""
    assert csv.loc[0, "employees"] == ""


def _upload(client, content: bytes, name="companies.csv"):
    return client.post(reverse("smes:import"), {"file": SimpleUploadedFile(name, content)})


CSV_HEADER = (
    "name,country,business_id,region,city,nace_code,employees,annual_turnover_eur,"
    "balance_sheet_total_eur,founding_year,description,contact_name,contact_email,s3_domains\n"
)


def test_import_dry_run_reports_rows_then_imports_all(client):
    existing = company("Already AB", business_id="556036-0793")
    facilitator = person("facilitator", org_kind="partner")
    client.force_login(facilitator)
    content = (
        CSV_HEADER
        + "New One AB,SE,559123456-1,SE224,Lund,C20.15,12,1800000,950000,2017,Biochar,Karin,k@x.example,BIO.FOREST\n"
        + "Already Again AB,SE,5560360793,SE224,Lund,C20.15,12,1800000,950000,2017,Dup,Karin,k@x.example,\n"
        + "Kaunas UAB,LT,304998877,LT022,Kaunas,E38.32,27,3400000,2100000,2015,Fibre,Jonas,j@x.example,\n"
    ).encode()
    response = _upload(client, content)
    batch = CompanyImport.objects.get()
    assert response["Location"] == reverse("smes:import_preview", args=[batch.pk])
    assert [(r["row"], r["status"]) for r in batch.report] == [(2, "new"), (3, "existing"), (4, "new")]
    assert Organisation.objects.count() == 2  # the dry run imported nothing
    client.post(reverse("smes:import_confirm", args=[batch.pk]))
    assert sorted(Organisation.objects.filter(kind="sme").values_list("name", flat=True)) == [
        "Already AB",
        "Kaunas UAB",
        "New One AB",
    ]
    assert Organisation.objects.get(pk=existing.pk).name == "Already AB"  # matched, not changed
    assert SMEProfile.objects.get(organisation__name="Kaunas UAB").size_class == "small"


def test_import_with_a_bad_row_names_the_row_and_imports_nothing(client):
    client.force_login(person("facilitator", org_kind="partner"))
    content = (
        CSV_HEADER
        + "Good AB,SE,559123456-1,SE224,Lund,C20.15,12,1800000,950000,2017,Fine,Karin,k@x.example,\n"
        + "Bad AB,SE,559123456-2,XX999,Lund,C20.15,-4,lots,950000,2017,Bad,Karin,not-an-email,NOPE\n"
        + "Twice AB,SE,5591234561,SE224,Lund,C20.15,12,1800000,950000,2017,Dup,Karin,k@x.example,\n"
    ).encode()
    _upload(client, content)
    batch = CompanyImport.objects.get()
    bad, twice = batch.report[1], batch.report[2]
    assert bad["row"] == 3 and bad["status"] == "error"
    joined = " ".join(bad["errors"])
    for expected in ("Swedish organisation number", "XX999", "employees cannot be negative", "lots", "NOPE"):
        assert expected in joined
    assert twice["errors"] == ["This business ID appears twice in the file."]
    response = client.post(reverse("smes:import_confirm", args=[batch.pk]))
    assert Organisation.objects.filter(kind="sme").count() == 0
    assert response.status_code == 302


def test_import_checks_every_row_again_on_confirm_and_imports_none_when_one_went_bad(client):
    client.force_login(person("facilitator", org_kind="partner"))
    content = (
        CSV_HEADER
        + "First AB,SE,559123456-1,SE224,Lund,C20.15,12,1800000,950000,2017,Fine,Karin,k@x.example,\n"
        + "Antra UAB,LT,305000211,LT011,Vilnius,C20.15,12,1800000,950000,2017,Fine,Rūta,r@x.example,\n"
    ).encode()
    _upload(client, content)
    batch = CompanyImport.objects.get()
    assert [r["status"] for r in batch.report] == ["new", "new"]
    from regions.models import Region

    # Between check and confirm the register changes: row 3's region is no longer a NUTS 3 region.
    Region.objects.filter(code="LT011").update(level=2)
    response = client.post(reverse("smes:import_confirm", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert [(r["row"], r["status"]) for r in batch.report] == [(2, "new"), (3, "error")]
    assert batch.report[1]["errors"] == ["Unknown NUTS 3 region code “LT011”."]
    assert Organisation.objects.filter(kind="sme").count() == 0  # row 2 was still fine: none or all
    assert "Nothing was imported" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("companies.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file."),
        ("companies.xlsx", b"not really a spreadsheet", "could not be read"),
        ("companies.csv", b"name,country\nA,SE\n", "Columns missing"),
        ("companies.csv", b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_unreadable_uploads_get_a_clear_error(client, name, content, message):
    client.force_login(person("facilitator", org_kind="partner"))
    response = _upload(client, content, name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert CompanyImport.objects.count() == 0


def test_import_preview_of_someone_elses_upload_is_404(client):
    uploader = person("facilitator", org_kind="partner")
    client.force_login(uploader)
    _upload(client, (CSV_HEADER + "A AB,SE,559123456-1,SE224,Lund,C20.15,1,1,1,2017,x,K,k@x.example,\n").encode())
    batch = CompanyImport.objects.get()
    client.force_login(person("facilitator", org_kind="partner"))
    assert client.get(reverse("smes:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("smes:import_confirm", args=[batch.pk])).status_code == 404


def test_profile_edit_by_admin_member_only(client):
    owner = UserFactory()
    organisation = company("Editable AB", registered_by=owner)
    url = reverse("smes:edit", args=[organisation.pk])
    client.force_login(person())
    assert client.get(url).status_code == 403
    client.force_login(owner)
    registered = (organisation.country, organisation.business_id)
    # The inputs are disabled on the edit page; a hand-made request that sends them anyway changes nothing.
    data = {**_form(), "business_id": "557000-1379"}  # another valid Swedish organisation number
    data.update(name="Edited AB", employees="300", annual_turnover_eur="90000000", balance_sheet_total_eur="90000000")
    response = client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Edited AB"
    assert organisation.sme_profile.size_class == "large"
    assert (organisation.country, organisation.business_id) == registered
    assert Organisation.objects.filter(business_id="5570001379").count() == 0


def test_import_is_all_or_nothing_when_a_row_fails_while_importing(client, monkeypatch):
    client.force_login(person("facilitator", org_kind="partner"))
    content = (
        CSV_HEADER
        + "First AB,SE,559123456-1,SE224,Lund,C20.15,12,1800000,950000,2017,Fine,Karin,k@x.example,\n"
        + "Second AB,SE,5592345671,SE224,Lund,C20.15,12,1800000,950000,2017,Fine,Karin,k@x.example,\n"
    ).encode()
    _upload(client, content)
    batch = CompanyImport.objects.get()
    from smes import importing, services

    real_register = services.register_company
    calls = []

    def register_then_collide(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 2:  # someone registered the second company a moment ago
            raise services.DuplicateCompany(Organisation.objects.get(name="First AB"))
        return real_register(**kwargs)

    monkeypatch.setattr(importing.services, "register_company", register_then_collide)
    response = client.post(reverse("smes:import_confirm", args=[batch.pk]), follow=True)
    assert calls == ["First AB", "Second AB"]
    assert not Organisation.objects.filter(name="First AB").exists()  # the first row was rolled back
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "Nothing was imported" in response.content.decode()


def test_directory_rows_show_private_figures_to_members_facilitators_and_admins_only(client):
    """The list decides visibility once per reader (selectors.private_shown_to): the same answer
    as the per-company rule, row by row, for every kind of reader."""
    from smes.selectors import directory, private_shown_to, shows_private

    member = UserFactory()
    hidden = company("Hidden Figures AB", employees=33, figures_public=False, registered_by=member)
    company("Open Figures AB", employees=7, figures_public=True)
    assert hidden.memberships.filter(user=member).exists()
    readers = [member, person(), person("facilitator", org_kind="partner"), person("programme_admin")]
    orgs = list(directory())
    for reader in readers:
        decide = private_shown_to(reader)
        assert [decide(org.pk) for org in orgs] == [shows_private(reader, org) for org in orgs]
    client.force_login(readers[1])
    html = client.get(reverse("smes:directory")).content.decode()
    assert "33 employees" not in html and "7 employees" in html
    client.force_login(member)
    assert "33 employees" in client.get(reverse("smes:directory")).content.decode()
