import rules

from bsrstars.accounts.rules import (
    is_facilitator,
    is_partner,
    is_programme_admin,
    is_regional_authority,
    is_signed_in,
)

rules.add_perm("regions.view_region", is_signed_in)
rules.add_perm("regions.view_s3domain", is_signed_in)
rules.add_perm("regions.change_region", is_programme_admin)
# Programme figures: those who steer or report on the programme.
rules.add_perm(
    "regions.view_programme_figures", is_partner | is_regional_authority | is_facilitator | is_programme_admin
)
