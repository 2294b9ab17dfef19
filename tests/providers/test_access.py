"""Provider staff reach only their own organisation's offers; a role matrix per view."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from accounts.models import User
from providers.models import ProviderMember
from tests.providers.conftest import make_provider_staff

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "caregiver",
    "editor",
    "other_editor",
    "consultant",
    "linde_staff",
    "other_provider_staff",
    "superuser",
]
# Expected status per view and role, in the order of ROLES.
MATRIX = {
    "home": (302, 403, 403, 403, 403, 200, 200, 403),
    "availability": (302, 403, 403, 403, 403, 200, 404, 403),
    "availability_post": (302, 403, 403, 403, 403, 302, 404, 403),
    "invite": (302, 403, 200, 404, 403, 403, 403, 200),
    "beheer": (302, 403, 302, 302, 403, 403, 403, 200),
    "werkbak": (302, 403, 403, 403, 200, 403, 403, 200),
}


@pytest.fixture
def caregiver(db):
    return User.objects.create_user(username="zoon@example.org", email="zoon@example.org")


def request_for(view: str, offer, provider):
    return {
        "home": ("get", reverse("providers:home"), None),
        "availability": ("get", reverse("providers:availability", args=[offer.pk]), None),
        "availability_post": (
            "post",
            reverse("providers:availability", args=[offer.pk]),
            {"plek-state": "vol"},
        ),
        "invite": ("get", reverse("provider_member_invite", args=[provider.pk]), None),
        "beheer": ("get", reverse("beheer:home"), None),
        "werkbak": ("get", reverse("werkbak:queue"), None),
    }[view]


@pytest.mark.parametrize("view", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, request, logeerhuis, linde, view, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, path, data = request_for(view, logeerhuis, linde)
    response = getattr(client, method)(path, data or {})
    assert response.status_code == MATRIX[view][ROLES.index(role)], (view, role)


def test_provider_staff_must_set_up_two_factor_login_first(client, linde):
    user = make_provider_staff("nieuw@delinde.example", linde)
    user.authenticator_set.all().delete()
    client.force_login(user)
    response = client.get(reverse("providers:home"))
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]


def test_editor_invites_provider_staff_who_sees_only_their_own_offers(
    client, editor, linde, logeerhuis, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("provider_member_invite", args=[linde.pk]),
            {"email": "Planning@DeLinde.example", "first_name": "Petra", "last_name": "Bos"},
        )
    assert response.status_code == 302
    member = ProviderMember.objects.get(user__email="planning@delinde.example")
    assert member.provider == linde and member.invited_by == editor
    message = mail.outbox[-1]
    assert message.to == ["planning@delinde.example"] and "Zorggroep De Linde" in message.body
    assert "/account/password/reset/key/" in message.body

    Authenticator.objects.create(user=member.user, type=Authenticator.Type.TOTP, data={})
    client.force_login(member.user)
    page = client.get(reverse("providers:home")).content.decode()
    assert "Logeerhuis De Linde" in page
    assert "Plaatsen" in page and 'href="/beheer/"' not in page  # no Beheer in the header


@pytest.mark.parametrize(
    "email",
    ["redacteur@assen.example", "zoon@example.org", "planner@anders.example"],
)
def test_an_address_of_another_account_is_refused(
    client, editor, linde, caregiver, other_provider_staff, email
):
    client.force_login(editor)
    response = client.post(
        reverse("provider_member_invite", args=[linde.pk]),
        {"email": email, "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 200
    assert "Dit e-mailadres hoort al bij een ander account" in response.content.decode()
    assert not ProviderMember.objects.filter(user__email=email, provider=linde).exists()


def test_superuser_invites_for_any_provider(client, superuser, linde):
    client.force_login(superuser)
    response = client.post(
        reverse("provider_member_invite", args=[linde.pk]),
        {"email": "a@delinde.example", "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 302
    assert ProviderMember.objects.filter(user__email="a@delinde.example").exists()
