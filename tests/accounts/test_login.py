import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_lands_on_start_page(client):
    UserFactory(email="someone@example.org")
    response = client.post(
        reverse("account_login"), {"login": "Someone@Example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_rate_limit_blocks_even_the_right_password_after_failures(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong-guess"})
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": "correct-horse-battery"}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_login_is_refused_to_non_staff_after_portal_login(client):
    client.force_login(UserFactory())
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/").status_code == 302


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
