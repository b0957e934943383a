from decimal import Decimal

from bsrstars.accounts.models import Organisation
from regions.models import Region, S3Domain
from smes import services

_counter = iter(range(1, 10**6))


def company(
    name=None,
    *,
    country="SE",
    region="SE224",
    employees=20,
    turnover=3_000_000,
    balance=2_000_000,
    domains=("BIO.FOOD",),
    registered_by=None,
    business_id=None,
    **profile,
) -> Organisation:
    """A registered SME through the real service (valid IDs computed like the demo data)."""
    from smes.demo import _valid_id

    n = next(_counter)
    data = {
        "city": "Lund",
        "nace_code": "C10.89",
        "employees": employees,
        "annual_turnover_eur": Decimal(turnover),
        "balance_sheet_total_eur": Decimal(balance),
        "founding_year": 2015,
        "description": f"Company {n}",
        "contact_name": "Kim Contact",
        "contact_email": f"contact{n}@example.org",
        "s3_domains": list(S3Domain.objects.filter(code__in=domains)),
        **profile,
    }
    return services.register_company(
        name=name or f"Test Company {n}",
        country=country,
        business_id=business_id or _valid_id(country, 500 + n),
        region=Region.objects.get(code=region),
        profile=data,
        registered_by=registered_by,
    )
