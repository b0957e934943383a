"""The EU SME definition (Commission Recommendation 2003/361/EC, Annex, Article 2).

Staff headcount decides first; then the company must meet the turnover ceiling OR the
balance-sheet ceiling of its class. Staff counts of linked and partner enterprises
(Article 3) are not modelled: the profile asks for the figures of the company as a whole.
This is the one copy of the rule: other modules ask `smes.services.is_eligible_sme`.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MILLION = Decimal(1_000_000)


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    LARGE = "large", _("Not an SME")
    UNKNOWN = "unknown", _("Not enough figures")


# (class, staff strictly below, turnover at most, balance-sheet total at most) in EUR
CEILINGS = [
    (SizeClass.MICRO, 10, 2 * MILLION, 2 * MILLION),
    (SizeClass.SMALL, 50, 10 * MILLION, 10 * MILLION),
    (SizeClass.MEDIUM, 250, 50 * MILLION, 43 * MILLION),
]


def classify(employees: int | None, turnover: Decimal | None, balance_sheet: Decimal | None) -> SizeClass:
    if employees is None or (turnover is None and balance_sheet is None):
        return SizeClass.UNKNOWN
    for size_class, staff_below, turnover_max, balance_max in CEILINGS:
        if employees < staff_below and (
            (turnover is not None and turnover <= turnover_max)
            or (balance_sheet is not None and balance_sheet <= balance_max)
        ):
            return size_class
    return SizeClass.LARGE


ELIGIBLE = {SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM}
