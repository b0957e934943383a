"""SME URLs and the SME / membership API: who may do what. Organisation A is the sme's company,
B other_sme's; see tests/url_matrix.py."""

from pathlib import Path

from smes import importing
from smes.demo import _valid_id
from smes.forms import CompanyForm
from smes.models import CompanyImport
from tests.url_matrix import (
    AUTHORITIES,
    FACILITATORS,
    NOT_ALLOWED,
    SIGNED_IN,
    Call,
    Expect,
    form_data,
    sample_upload,
)

EXPORTERS = FACILITATORS | AUTHORITIES | {"admin"}
IMPORTERS = FACILITATORS | {"admin"}
EDITS_ORG_A = frozenset({"sme", "admin"})
SAMPLE = Path(importing.__file__).resolve().parent / "data" / "company_import_sample.csv"


def build(world):
    world.company_batch = CompanyImport.objects.create(
        uploaded_by=world.people["facilitator"], filename="x.csv", rows=[], report=[]
    )


def _org_a(world):
    return {"pk": world.org_a.pk}


def _batch(world):
    return {"pk": world.company_batch.pk}


def _company_form(world, **changes):
    org = world.org_a
    return form_data(CompanyForm(instance=org.sme_profile, organisation=org), **changes)


def _new_company(world, role):
    """Organisation A's profile as a new company: another name and business ID."""
    return _company_form(world, name="Brand New AB", country="SE", business_id=_valid_id("SE", 4242))


URLS = {
    "smes:directory": Expect(get=SIGNED_IN),
    "smes:register": Expect(get=SIGNED_IN, post=Call(SIGNED_IN, data=_new_company)),
    # A POST starts the export in the background (a row for the worker), whatever its size.
    "smes:export": Expect(kwargs=lambda w: {"fmt": "csv"}, get=EXPORTERS, post=EXPORTERS),
    "smes:import": Expect(
        get=IMPORTERS, post=Call(IMPORTERS, data=lambda w, r: {"file": sample_upload(SAMPLE, "companies.csv")})
    ),
    "smes:import_sample": Expect(get=IMPORTERS),
    # Only whoever uploaded the file (and programme admins): the other facilitators get 404.
    "smes:import_preview": Expect(kwargs=_batch, get={"facilitator", "admin"}),
    "smes:import_confirm": Expect(kwargs=_batch, get=NOT_ALLOWED, post={"facilitator", "admin"}),
    "smes:detail": Expect(kwargs=_org_a, get=SIGNED_IN),
    "smes:edit": Expect(
        kwargs=_org_a, get=EDITS_ORG_A, post=Call(EDITS_ORG_A, data=lambda w, r: _company_form(w, name="Own AB Ltd"))
    ),
    # API
    "organisation-list": Expect(get=SIGNED_IN),
    "organisation-detail": Expect(kwargs=_org_a, get=SIGNED_IN),
    "my-organisation-list": Expect(get=SIGNED_IN),
    # The caller's own companies only: everyone else (programme admins too) gets 404.
    "my-organisation-detail": Expect(kwargs=_org_a, get={"sme"}, patch=Call({"sme"}, data={"name": "Own AB Ltd"})),
    # Members are told they are members already (400).
    "membership-request-list": Expect(
        get=SIGNED_IN,
        post=Call(
            SIGNED_IN, writes=SIGNED_IN - {"sme"}, status={"sme": 400}, data=lambda w, r: {"organisation": w.org_a.pk}
        ),
    ),
    "membership-request-approve": Expect(kwargs=lambda w: {"pk": w.join_request.pk}, get=NOT_ALLOWED, post=EDITS_ORG_A),
    "membership-request-decline": Expect(kwargs=lambda w: {"pk": w.join_request.pk}, get=NOT_ALLOWED, post=EDITS_ORG_A),
}
