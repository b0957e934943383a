import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bsrstars.accounts.models import Membership, Organisation
from regions.models import Region
from smes import services
from smes.models import SMEProfile
from tests.factories import UserFactory
from tests.smes.factories import company
from tests.threads import at_once

pytestmark = pytest.mark.django_db


def test_registration_creates_company_profile_and_admin_member():
    founder = UserFactory()
    organisation = company("Algae AB", registered_by=founder, business_id="556036-0793", employees=12)
    assert organisation.business_id == "5560360793"
    assert organisation.kind == "sme"
    assert organisation.sme_profile.size_class == "small"
    assert Membership.objects.get(organisation=organisation, user=founder).is_admin is True
    assert services.is_eligible_sme(organisation) is True


def test_same_company_with_differently_written_id_is_the_same_record():
    first = company("Algae AB", business_id="556036-0793")
    with pytest.raises(services.DuplicateCompany) as excinfo:
        company("Algae Aktiebolag", business_id="5560360793")
    assert excinfo.value.organisation == first
    assert Organisation.objects.filter(business_id="5560360793").count() == 1
    assert SMEProfile.objects.count() == 1


def test_large_company_registers_but_is_not_eligible():
    organisation = company(employees=400, turnover=90_000_000, balance=80_000_000)
    assert organisation.sme_profile.size_class == "large"
    assert services.is_eligible_sme(organisation) is False


def test_bad_input_saves_nothing():
    with pytest.raises(ValidationError):
        company(region="LT011")  # a Lithuanian region for a Swedish company
    with pytest.raises(ValidationError):
        company(turnover=-5)
    with pytest.raises(ValidationError):
        company(nace_code="Z99")
    with pytest.raises(ValidationError):
        company(business_id="556036-0794")
    assert Organisation.objects.count() == 0
    assert SMEProfile.objects.count() == 0


def test_update_recomputes_size_class_and_keeps_business_id():
    organisation = company(employees=5, turnover=1_000_000, balance=1_000_000, business_id="556036-0793")
    assert organisation.sme_profile.size_class == "micro"
    # A caller that changed the instance's fixed field (a form bound to it, say) does not get it saved.
    organisation.business_id = "5570001379"  # another valid Swedish organisation number
    services.update_company(
        organisation=organisation,
        name="Renamed AB",
        region=organisation.region,
        website="",
        profile={"employees": 300, "annual_turnover_eur": 99_000_000, "balance_sheet_total_eur": 99_000_000},
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.sme_profile.size_class) == ("Renamed AB", "large")
    assert (organisation.country, organisation.business_id) == ("SE", "5560360793")
    assert services.is_eligible_sme(organisation) is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_company_make_one_record(reference_data):
    results, errors = [], []
    barrier = threading.Barrier(6)

    def register(i):
        try:
            barrier.wait()
            results.append(
                services.register_company(
                    name=f"Racer {i}",
                    country="SE",
                    business_id="556036-0793",
                    region=Region.objects.get(code="SE224"),
                    profile={
                        "city": "Lund",
                        "nace_code": "C10.89",
                        "employees": 3,
                        "annual_turnover_eur": 10,
                        "balance_sheet_total_eur": 10,
                        "founding_year": 2020,
                        "description": "x",
                        "contact_name": "x",
                        "contact_email": "x@example.org",
                    },
                    registered_by=None,
                )
            )
        except services.DuplicateCompany as exc:
            errors.append(exc.organisation.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1
    assert errors == [results[0].pk] * 5
    assert Organisation.objects.filter(business_id="5560360793").count() == 1


@pytest.mark.parametrize(
    ("country", "region", "given", "stored"),
    [
        ("SE", "SE224", "SE 5560 3607 9301", "SE556036079301"),
        ("SE", "SE224", "556036079301", "SE556036079301"),
        ("NO", "NO060", "NO 923 456 783 MVA", "NO923456783MVA"),
        ("FI", "FI197", "FI29765402", "FI29765402"),
    ],
)
def test_vat_number_validated_and_stored_compact(country, region, given, stored):
    organisation = company(country=country, region=region, vat_number=given)
    assert organisation.sme_profile.vat_number == stored


@pytest.mark.parametrize("given", ["SE556036079302", "DK13585628", "12"])
def test_bad_or_foreign_vat_number_is_refused(given):
    with pytest.raises(ValidationError) as excinfo:
        company(vat_number=given)
    assert "VAT number" in str(excinfo.value)
    assert Organisation.objects.count() == 0


def test_database_refuses_a_founding_year_past_its_ceiling():
    from django.db import IntegrityError, transaction

    from smes.models import SMEProfile

    organisation = company()
    with pytest.raises(IntegrityError), transaction.atomic():
        SMEProfile.objects.filter(pk=organisation.pk).update(founding_year=2500)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_confirmed_twice_at_once_imports_once(reference_data):
    """A double-clicked confirm: the batch row is locked, so the second confirm finds it imported."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smes import importing
    from smes.models import CompanyImport

    content = (
        b"name,country,business_id,region,city,nace_code,employees,annual_turnover_eur,"
        b"balance_sheet_total_eur,founding_year,description,contact_name,contact_email,s3_domains\n"
        b"First AB,SE,559123456-1,SE224,Lund,C20.15,12,1800000,950000,2017,Fine,Karin,k@x.example,\n"
        b"Second AB,SE,5592345671,SE224,Lund,C20.15,12,1800000,950000,2017,Fine,Karin,k@x.example,\n"
    )
    batch = importing.preview_import(uploaded=SimpleUploadedFile("companies.csv", content), uploaded_by=UserFactory())
    outcomes = at_once(*[lambda: importing.commit_import(batch=batch)] * 2)
    imported = [o for o in outcomes if isinstance(o, CompanyImport)]
    refused = [o for o in outcomes if isinstance(o, importing.ImportRefused)]
    assert (len(imported), len(refused)) == (1, 1), outcomes
    assert refused[0].batch.status == "imported"
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert sorted(Organisation.objects.filter(kind="sme").values_list("name", flat=True)) == ["First AB", "Second AB"]
