import pytest
from django.core.exceptions import ValidationError

from bsrstars.accounts.business_ids import canonical_business_id, display_business_id


@pytest.mark.parametrize(
    ("country", "given", "canonical"),
    [
        ("SE", "556036-0793", "5560360793"),
        ("SE", "5560360793", "5560360793"),
        ("DK", "13 58 56 28", "13585628"),
        ("FI", "2976540-2", "29765402"),
        ("NO", "923 456 783", "923456783"),
        ("LT", "188710061", "188710061"),
    ],
)
def test_canonical_business_id_valid_numbers_get_one_compact_form(country, given, canonical):
    assert canonical_business_id(country, given) == canonical


@pytest.mark.parametrize(
    ("country", "given", "expected_hint"),
    [
        ("SE", "556036-0794", "556036-0793"),
        ("DK", "13585627", "13585628"),
        ("FI", "2976540-3", "2976540-2"),
        ("NO", "923456784", "923456783"),
        ("LT", "18871006", "188710061"),
        ("LT", "18871006A", "188710061"),
    ],
)
def test_canonical_business_id_invalid_numbers_name_the_expected_format(country, given, expected_hint):
    with pytest.raises(ValidationError) as excinfo:
        canonical_business_id(country, given)
    assert expected_hint in excinfo.value.messages[0]


def test_display_business_id_uses_national_format():
    assert display_business_id("SE", "5560360793") == "556036-0793"
    assert display_business_id("FI", "29765402") == "2976540-2"
