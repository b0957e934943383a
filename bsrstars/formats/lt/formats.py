"""Lithuanian: Django's own formats, but thousands are grouped with a (no-break) space, as the
State Commission of the Lithuanian Language and CLDR write them, not with a full stop."""

THOUSAND_SEPARATOR = "\xa0"
