import pytest
from django.core.exceptions import ValidationError

from regions.nace import normalise_nace


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("C10.89", ("10.89", "C")),
        ("10.89", ("10.89", "C")),
        ("c 10.8", ("10.8", "C")),
        ("72", ("72", "M")),
        ("A03.22", ("03.22", "A")),
        ("E38.32", ("38.32", "E")),
    ],
)
def test_nace_codes_normalised_with_their_section(given, expected):
    assert normalise_nace(given) == expected


@pytest.mark.parametrize("given", ["", "C", "X10.1", "04", "B10.89", "10.891", "ten"])
def test_bad_nace_codes_get_a_clear_error(given):
    with pytest.raises(ValidationError, match="NACE Rev.2 code"):
        normalise_nace(given)
