"""Texts that Django and django-countries show in the portal's pages but whose own catalogues
lack in one of our languages (Lithuanian, mostly). Listed here so that `make messages` extracts
them into the portal's catalogues, which take precedence over the packages' (LOCALE_PATHS).
tests/test_translated_pages.py finds any new one. Never imported: extraction only."""

from django.utils.translation import gettext_noop, ngettext_lazy

TEXTS = [
    # django-countries: names it overrides in its base.py or data.py
    gettext_noop("Bahamas (The)"),
    gettext_noop("Democratic Republic of the Congo"),
    gettext_noop("Eswatini"),
    gettext_noop("Falkland Islands (Malvinas)"),
    gettext_noop("Micronesia"),
    gettext_noop("Naoero"),
    gettext_noop("North Macedonia"),
    gettext_noop("Palestine"),
    gettext_noop("Saint Helena"),
    gettext_noop("South Georgia"),
    gettext_noop("Vatican City"),
    # django.forms.formsets: a posted formset without its management form
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
]

# django.utils.timesince (the "in 1 month, 1 week" of deadlines), same messages as Django's
TIME_STRINGS = [
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
]
