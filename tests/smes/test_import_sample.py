"""The sample import file is something a new user tries first: it must import cleanly beside the
demo data, and a row that looks like a registered company is flagged in the preview."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bsrstars.accounts.models import Organisation
from smes.models import CompanyImport
from tests.factories import person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "smes" / "data" / "company_import_sample.csv"


def _admin(client):
    facilitator = person("facilitator", org_kind="partner")
    client.force_login(facilitator)
    return facilitator


def test_sample_file_imports_beside_the_demo_without_duplicates(client, demo_data):
    _admin(client)
    client.post(reverse("smes:import"), {"file": SimpleUploadedFile("sample.csv", SAMPLE.read_bytes())})
    batch = CompanyImport.objects.get()
    assert [(r["status"], r["warnings"]) for r in batch.report] == [("new", []), ("new", [])]
    client.post(reverse("smes:import_confirm", args=[batch.pk]))
    names = list(Organisation.objects.filter(kind="sme").values_list("country", "name"))
    assert len(names) == len(set(names))


def test_row_named_like_a_registered_company_is_flagged_in_the_preview(client):
    company("Öresund Biochar AB", country="SE")
    _admin(client)
    header = SAMPLE.read_text().splitlines()[0]
    row = "öresund  biochar ab,SE,559300123-2,SE224,Lund,C20.15,12,1800000,950000,2017,Biochar,Karin,k@x.example"
    row += "," * (header.count(",") - row.count(","))
    response = client.post(
        reverse("smes:import"), {"file": SimpleUploadedFile("c.csv", f"{header}\n{row}\n".encode())}, follow=True
    )
    (report,) = CompanyImport.objects.get().report
    assert report["status"] == "new"
    assert "already registered in SE" in report["warnings"][0]
    page = response.content.decode()
    assert "1 row has the name of a registered company" in page
    assert "Öresund Biochar AB" in page
