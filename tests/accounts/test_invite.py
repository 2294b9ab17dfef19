import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from directory.models import Municipality

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "consultant", "superuser"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("editor", 403), ("consultant", 403), ("superuser", 200)],
)
@pytest.mark.parametrize("name", ["accounts:staff_list", "accounts:staff_invite"])
def test_only_superusers_manage_staff(client, request, role, status, name):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(name)).status_code == status


def test_invited_editor_sets_a_password_then_must_set_up_two_factor(
    client, superuser, assen, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:staff_invite"),
            {"email": "Nieuw@Assen.example", "first_name": "Nina", "editor_for": [assen.pk]},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@assen.example")
    assert not user.has_usable_password()
    assert Role.objects.filter(user=user, municipality=assen, kind="redacteur").exists()
    assert EmailAddress.objects.get(user=user).verified
    assert mail.outbox[0].to == ["nieuw@assen.example"]
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    client.logout()

    path = link.split("8000", 1)[1] if "8000" in link else link
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    password = "Mantelzorg-Assen-2026!"
    done = client.post(form_url, {"password1": password, "password2": password}, follow=True)
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.has_usable_password()

    login = client.post(
        reverse("account_login"), {"login": "nieuw@assen.example", "password": password}
    )
    assert login.status_code == 302
    response = client.get(reverse("beheer:dashboard", args=["assen"]))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # The password once more (allauth: a stolen session cannot add its own app), said why.
    asked = client.get(response["Location"])
    reauth = client.get(asked["Location"]).content.decode()
    assert "ook al bent u net ingelogd" in reauth
    setup = client.post(asked["Location"], {"password": password}, follow=True)
    content = setup.content.decode()
    assert "Code uit de app" in content and "Authenticator code" not in content


def test_invite_needs_a_role(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("accounts:staff_invite"), {"email": "x@example.org", "first_name": "X"}
    )
    assert "Kies minstens één rol" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_inviting_an_existing_user_adds_roles(
    client, superuser, editor, django_capture_on_commit_callbacks
):
    md = Municipality.objects.get(code="GM1731")
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:staff_invite"),
            {"email": editor.email, "first_name": "R", "consultant_for": [md.pk]},
        )
    assert User.objects.filter(email=editor.email).count() == 1
    assert editor.roles.count() == 2


def test_anyone_can_sign_up_as_caregiver_but_never_becomes_staff(
    client, django_capture_on_commit_callbacks
):
    """Caregivers make an account with only an e-mail address; staff roles come only from a
    superuser's invitation."""
    with django_capture_on_commit_callbacks(execute=True):  # the code is mailed after commit
        response = client.post(reverse("account_signup"), {"email": "mantelzorger@example.org"})
    assert response.status_code == 302
    user = User.objects.get(email="mantelzorger@example.org")
    assert not user.has_usable_password()
    assert not user.roles.exists() and not user.is_staff_member
    assert "mantelzorger@example.org" in mail.outbox[-1].to  # the verification code
    client.force_login(user)
    assert client.get(reverse("beheer:home")).status_code == 403
