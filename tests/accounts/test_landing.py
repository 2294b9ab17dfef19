"""Everyone lands where they work after signing in (issue 22.3), and never on a 403 page."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.landing import landing_url
from providers.models import ProviderMember
from referrers.models import ReferrerMember
from tests.browser.test_editor_flow import totp_code
from tests.conftest import make_staff
from tests.directory.factories import ProviderFactory
from tests.factories import ReferrerOrganisationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"


def with_totp(user) -> str:
    """Replace the test's placeholder authenticator with a real one; returns its secret."""
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return secret


def sign_in(client, user, secret: str, next_url: str = "") -> str:
    """Password, then the app's code, as staff sign in; returns where the site sends them."""
    login = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(login, data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    return response["Location"]


def provider_staff():
    user = make_staff("planning@linde.example")
    ProviderMember.objects.create(user=user, provider=ProviderFactory(name="Drentse Linde"))
    return user


def referrer():
    user = make_staff("poh@huisarts.example")
    ReferrerMember.objects.create(
        user=user, organisation=ReferrerOrganisationFactory(), job_title="praktijkondersteuner"
    )
    return user


ROLES = {
    "consulent": (lambda: make_staff("c@md.example", ("GM1731", "consulent")), "/beheer/werkbak/"),
    "aanbieder": (provider_staff, "/aanbieder/aanmeldingen/"),
    "beleidsmedewerker": (
        lambda: make_staff("b@md.example", ("GM1731", "beleidsmedewerker")),
        "/inzicht/midden-drenthe/vraag-en-aanbod/",
    ),
    "redacteur": (lambda: make_staff("r@md.example", ("GM1731", "redacteur")), "/beheer/"),
    "verwijzer": (referrer, "/verwijzer/"),
    "superuser": (lambda: make_staff("s@portaal.example", superuser=True), "/beheer/"),
    "consulent en redacteur": (
        lambda: make_staff("cr@md.example", ("GM1731", "consulent"), ("GM1731", "redacteur")),
        "/beheer/werkbak/",
    ),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lands_where_it_works_and_that_page_opens(client, role):
    make, expected = ROLES[role]
    user = make()
    landed = sign_in(client, user, with_totp(user))
    assert landed == expected
    response = client.get(landed, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_staff_who_signed_in_from_a_public_page_go_to_their_work(client, role):
    make, expected = ROLES[role]
    user = make()
    assert sign_in(client, user, with_totp(user), next_url="/gemeenten/assen/") == expected


@pytest.mark.parametrize("role", ["consulent", "aanbieder", "beleidsmedewerker", "verwijzer"])
def test_a_staff_page_they_may_not_open_is_not_followed(client, role):
    """Today a consultant, a provider and a policy officer landed on the editors' 403."""
    make, expected = ROLES[role]
    user = make()
    assert sign_in(client, user, with_totp(user), next_url="/beheer/") == expected


def test_a_staff_page_they_may_open_is_followed(client):
    user = make_staff("c@md.example", ("GM1731", "consulent"))
    wanted = "/beheer/werkbak/team/midden-drenthe/"
    assert sign_in(client, user, with_totp(user), next_url=wanted) == wanted


def test_a_caregiver_goes_back_to_the_page_they_came_from_else_mijn_aanvragen(
    django_user_model,
):
    caregiver = django_user_model.objects.create_user(
        username="d@example.org", email="d@example.org"
    )
    assert landing_url(caregiver, "/aanbod/12/logeerhuis/") == "/aanbod/12/logeerhuis/"
    step = "/aanvragen/6f1d2c3b-0000-4000-8000-000000000000/stap/naaste/"
    assert landing_url(caregiver, step) == step
    assert landing_url(caregiver, "") == "/mijn-aanvragen/"
    assert landing_url(caregiver, "/beheer/werkbak/") == "/mijn-aanvragen/"
    assert landing_url(caregiver, "/account/login/") == "/mijn-aanvragen/"


def test_a_caregiver_signing_in_by_code_comes_back_to_the_offer(
    client, django_user_model, django_capture_on_commit_callbacks
):
    from tests.browser.test_caregiver_flow import last_code

    caregiver = django_user_model.objects.create_user(
        username="d@example.org", email="d@example.org"
    )
    EmailAddress.objects.create(user=caregiver, email=caregiver.email, verified=True, primary=True)
    # The header's "Inloggen" has no next: the page the visitor came from becomes it.
    response = client.get(
        reverse("account_request_login_code"),
        HTTP_REFERER="http://testserver/gemeenten/assen/?soort=logeerzorg",
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/account/login/code/?next=%2Fgemeenten%2Fassen%2F%3Fsoort%3Dlogeerzorg"
    )
    page = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/gemeenten/assen/?soort=logeerzorg"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            response["Location"],
            {"email": caregiver.email, "next": "/gemeenten/assen/?soort=logeerzorg"},
        )
    response = client.post(response["Location"], {"code": last_code(caregiver.email)})
    assert response["Location"] == "/gemeenten/assen/?soort=logeerzorg"


def test_a_referer_from_another_site_is_ignored(client):
    response = client.get(reverse("account_login"), HTTP_REFERER="https://evil.example/x")
    assert response.status_code == 200
    response = client.get(
        reverse("account_login"), HTTP_REFERER="http://testserver/account/signup/"
    )
    assert response.status_code == 200


def test_next_survives_sign_up_and_the_code_step(client, django_capture_on_commit_callbacks):
    from tests.browser.test_caregiver_flow import last_code

    page = client.get(reverse("account_signup") + "?next=/aanvragen/").content.decode()
    assert 'name="next" value="/aanvragen/"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": "nieuw@example.org", "next": "/aanvragen/"}
        )
    assert response.status_code == 302
    # allauth keeps the address with the sign-in in progress, not in the code page's form.
    response = client.post(response["Location"], {"code": last_code("nieuw@example.org")})
    assert response["Location"] == "/aanvragen/"


def test_the_login_page_passes_next_on_to_the_code_and_sign_up_links(client):
    page = client.get(reverse("account_login") + "?next=/aanbod/3/x/").content.decode()
    assert 'href="/account/signup/?next=/aanbod/3/x/"' in page
    assert 'href="/account/login/code/?next=/aanbod/3/x/"' in page


def test_after_setting_up_the_app_the_codes_page_is_dutch_and_leads_to_the_work(client):
    """A new consultant signs in for the first time, sets up the app, sees the recovery codes
    and goes on to the work queue from there."""
    user = make_staff("c@md.example", ("GM1731", "consulent"), mfa=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(response["Location"])
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]
    page = client.get(response["Location"])
    # allauth asks for the password once more before an authenticator can be added.
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(page["Location"], {"password": PASSWORD})
    page = client.get(response["Location"])
    assert page.status_code == 200, page.get("Location")
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page.content.decode())[1]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    page = client.get(response["Location"]).content.decode()
    assert "Herstelcodes" in page and "Recovery" not in page
    assert 'href="/beheer/werkbak/"' in page
