import rules

from bsrstars.accounts.rules import is_signed_in

# Anyone signed in has a list of their own downloads; each job is scoped to the person who asked
# (the views look jobs up among the requester's own, so anyone else gets 404).
rules.add_perm("downloads.view_own_exports", is_signed_in)
