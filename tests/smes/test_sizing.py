from decimal import Decimal

import pytest

from smes.sizing import SizeClass, classify

M = Decimal(1_000_000)


@pytest.mark.parametrize(
    ("staff", "turnover", "balance", "expected"),
    [
        (249, 50 * M, 43 * M, SizeClass.MEDIUM),  # at every ceiling
        (250, 1 * M, 1 * M, SizeClass.LARGE),  # 250 staff is never an SME
        (249, 60 * M, 43 * M, SizeClass.MEDIUM),  # turnover over, balance sheet within: still medium
        (249, 50 * M, 90 * M, SizeClass.MEDIUM),  # balance sheet over, turnover within: still medium
        (249, 50 * M + 1, 43 * M + 1, SizeClass.LARGE),  # both over
        (9, 2 * M, 5 * M, SizeClass.MICRO),  # micro by turnover
        (9, 5 * M, 2 * M, SizeClass.MICRO),  # micro by balance sheet
        (9, 5 * M, 5 * M, SizeClass.SMALL),  # micro staff, small money
        (10, 1 * M, 1 * M, SizeClass.SMALL),  # 10 staff is small
        (49, 10 * M, 10 * M, SizeClass.SMALL),
        (50, 10 * M, 10 * M, SizeClass.MEDIUM),
        (0, 0, 0, SizeClass.MICRO),
        (None, 1 * M, 1 * M, SizeClass.UNKNOWN),
        (5, None, None, SizeClass.UNKNOWN),
        (5, 3 * M, None, SizeClass.SMALL),  # a missing figure never helps the company
    ],
)
def test_eu_sme_definition(staff, turnover, balance, expected):
    assert classify(staff, turnover, balance) == expected
