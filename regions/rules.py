import rules

from bsrstars.accounts.rules import (
    is_authority_for,
    is_facilitator,
    is_partner,
    is_programme_admin,
    is_regional_authority,
    is_signed_in,
)

rules.add_perm("regions.view_region", is_signed_in)
rules.add_perm("regions.view_s3domain", is_signed_in)
rules.add_perm("regions.change_region", is_programme_admin)
# A regional authority keeps its own region's profile (and its sub-regions'); admins any.
rules.add_perm("regions.change_regionprofile", is_authority_for | is_programme_admin)
# The dashboard: authorities see their region(s) and the programme; the others all regions.
rules.add_perm("regions.view_dashboard", is_partner | is_regional_authority | is_facilitator | is_programme_admin)
rules.add_perm("regions.import_statistics", is_partner | is_programme_admin)
rules.add_perm("regions.manage_policy_learning", is_partner | is_facilitator | is_programme_admin)
# Authorities record the activities they took part in (the KPI counts them); the programme team any.
rules.add_perm(
    "regions.record_policy_learning", is_regional_authority | is_partner | is_facilitator | is_programme_admin
)
