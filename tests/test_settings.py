import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "bsrstars.settings.production",
    "DJANGO_SECRET_KEY": "a" * 20 + "-production-secret-key-for-the-check-only-" + "z" * 20,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "CACHE_URL": "rediscache://redis.example.org:6379/1",
    "EMAIL_URL": "smtp+tls://mailer@smtp.example.org:587",
}


def _manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_check_deploy_prints_no_warnings():
    result = _manage("check", "--deploy", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        html = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or re.search(r"<style[\s>]", html):
            offenders.append(str(path))
        if re.search(r"\sstyle=\"", html) or re.search(r"\son[a-z]+=\"", html):
            offenders.append(str(path))
    assert offenders == []


def test_docker_compose_defines_the_production_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "mailpit"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    # Migrations run once, before web, worker and beat start.
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_production_trusts_one_reverse_proxy_unless_told_otherwise():
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    assert _manage("shell", "-c", code, env=PRODUCTION_ENV).stdout.splitlines()[-1] == "1"
    env = {**PRODUCTION_ENV, "DJANGO_TRUSTED_PROXY_COUNT": "0"}
    assert _manage("shell", "-c", code, env=env).stdout.splitlines()[-1] == "0"


@pytest.mark.django_db
def test_behind_a_proxy_login_limits_count_each_client_not_everyone_as_one(client, settings):
    from tests.factories import UserFactory

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="real@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request reaches gunicorn from the proxy
    for n in range(31):  # past allauth's "login" limit of 30 a minute per client address
        response = client.post(
            "/accounts/login/",
            {"login": f"probe{n}@example.org", "password": "x"},
            HTTP_X_FORWARDED_FOR="203.0.113.1",
            **proxy,
        )
    assert response.status_code == 429
    other = client.post(
        "/accounts/login/",
        {"login": "real@example.org", "password": "correct-horse-battery"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert other.status_code == 302
