import rules

from bsrstars.accounts.rules import (
    is_admin_of,
    is_facilitator,
    is_member_of,
    is_programme_admin,
    is_regional_authority,
    is_signed_in,
)

# What an SME marks as not public: only its members, facilitators and programme admins.
can_see_private = is_member_of | is_facilitator | is_programme_admin

rules.add_perm("smes.view_directory", is_signed_in)
rules.add_perm("smes.view_smeprofile", is_signed_in)
rules.add_perm("smes.view_private_profile", can_see_private)
rules.add_perm("smes.register_company", is_signed_in)
rules.add_perm("smes.change_smeprofile", is_admin_of | is_programme_admin)
# Authorities export only their own region's SMEs (the selector scopes the rows).
rules.add_perm("smes.export_directory", is_facilitator | is_regional_authority | is_programme_admin)
rules.add_perm("smes.import_companies", is_facilitator | is_programme_admin)
