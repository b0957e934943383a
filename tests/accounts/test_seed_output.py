"""`make run` says in a few lines what the demo holds, and every demo account can log in at once."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from bsrstars.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the demo's emails leave on commit, in-process as in `make run`
def test_seed_says_what_it_made_in_a_few_lines_without_printing_emails(reference_data, settings, capsys, eager_tasks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8123"
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    lines = out.getvalue().splitlines()
    from importlib.util import find_spec

    from django.apps import apps

    modules = [c.name for c in apps.get_app_configs() if find_spec(f"{c.name}.demo")]
    assert len(lines) <= len(modules) + 4  # about one line a module, the emails and the address
    assert not any(line.startswith(("Subject:", "From:", "To:")) for line in lines)
    assert any("demo emails sent" in line for line in lines)
    assert "Subject:" not in capsys.readouterr().out  # the console email backend prints there
    assert lines[-1] == "Demo data ready at http://127.0.0.1:8123. Accounts are listed in README.md."


def test_every_demo_account_has_a_verified_address(demo_data):
    demo = User.objects.filter(email__endswith="@example.org")
    assert demo.count() >= 16
    unverified = demo.exclude(emailaddress__verified=True).values_list("email", flat=True)
    assert list(unverified) == []
    assert EmailAddress.objects.get(email="johan.nilsson@example.org").verified is True
