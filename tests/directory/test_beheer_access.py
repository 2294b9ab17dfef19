"""Role matrix for every view of the editors' area."""

import pytest
from django.urls import reverse

from directory.choices import OfferStatus
from directory.models import Feedback
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "other_editor", "consultant", "superuser"]


@pytest.fixture
def offer(assen):
    return OfferFactory(name="Logeerhuis Assen", status=OfferStatus.DRAFT)


@pytest.fixture
def location(assen):
    from tests.directory.factories import LocationFactory, ProviderFactory

    return LocationFactory(provider=ProviderFactory(municipality=assen))


@pytest.fixture
def feedback(offer):
    return Feedback.objects.create(offer=offer, message="Het nummer klopt niet.")


def as_role(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def urls(offer, feedback, location=None):
    provider = location.provider if location else offer.provider
    return {
        "providers": ("get", reverse("beheer:provider_list", args=["assen"])),
        "provider_new": ("get", reverse("beheer:provider_create", args=["assen"])),
        "provider_edit": ("get", reverse("beheer:provider_edit", args=[provider.pk])),
        "location_new": ("get", reverse("beheer:location_create", args=[provider.pk])),
        "location_edit": ("get", reverse("beheer:location_edit", args=[location.pk]))
        if location
        else ("get", "/"),
        "home": ("get", reverse("beheer:home")),
        "dashboard": ("get", reverse("beheer:dashboard", args=["assen"])),
        "create": ("get", reverse("beheer:offer_create", args=["assen"])),
        "edit": ("get", reverse("beheer:offer_edit", args=[offer.pk])),
        "history": ("get", reverse("beheer:offer_history", args=[offer.pk])),
        "feedback": ("get", reverse("beheer:feedback_list", args=["assen"])),
        "publish": ("post", reverse("beheer:offer_publish", args=[offer.pk])),
        "archive": ("post", reverse("beheer:offer_archive", args=[offer.pk])),
        "verify": ("post", reverse("beheer:offer_verify", args=[offer.pk])),
        "duplicate": ("post", reverse("beheer:offer_duplicate", args=[offer.pk])),
        "handled": ("post", reverse("beheer:feedback_handled", args=[feedback.pk])),
        "export": ("get", reverse("beheer:catalogue_export", args=["assen"])),
        "import": ("get", reverse("beheer:catalogue_import", args=["assen"])),
        "import_hsds": ("get", reverse("beheer:catalogue_import_hsds", args=["assen"])),
        "import_hsds_post": ("post", reverse("beheer:catalogue_import_hsds", args=["assen"])),
        "loket": ("get", reverse("beheer:loket_edit", args=["assen"])),
        "loket_save": ("post", reverse("beheer:loket_edit", args=["assen"])),
    }


# view -> expected status per role (anonymous, editor, other editor, consultant, superuser)
EXPECTED = {
    "providers": (302, 200, 404, 403, 200),
    "provider_new": (302, 200, 404, 403, 200),
    "loket": (302, 200, 404, 403, 200),
    "loket_save": (302, 200, 404, 403, 200),  # 200: the form with its errors
    "provider_edit": (302, 200, 404, 403, 200),
    "location_new": (302, 200, 404, 403, 200),
    "location_edit": (302, 200, 404, 403, 200),
    "home": (302, 302, 302, 403, 200),
    "dashboard": (302, 200, 404, 403, 200),
    "create": (302, 200, 404, 403, 200),
    "edit": (302, 200, 404, 403, 200),
    "history": (302, 200, 404, 403, 200),
    "feedback": (302, 200, 404, 403, 200),
    "publish": (302, 302, 404, 403, 302),
    "archive": (302, 302, 404, 403, 302),
    "verify": (302, 302, 404, 403, 302),
    "duplicate": (302, 302, 404, 403, 302),
    "handled": (302, 302, 404, 403, 302),
    "export": (302, 200, 404, 403, 200),
    "import": (302, 200, 404, 403, 200),
    "import_hsds": (302, 200, 404, 403, 200),
    "import_hsds_post": (302, 200, 404, 403, 200),  # 200: the form with its errors
}


@pytest.mark.parametrize("view", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, request, offer, feedback, location, view, role):
    method, url = urls(offer, feedback, location)[view]
    response = getattr(as_role(client, request, role), method)(url)
    assert response.status_code == EXPECTED[view][ROLES.index(role)]
    if role == "anonymous":
        assert response["Location"].startswith("/account/login/")


@pytest.mark.parametrize("view", ["publish", "archive", "verify", "duplicate", "handled"])
def test_state_changes_refuse_get(client, editor, offer, feedback, view):
    client.force_login(editor)
    assert client.get(urls(offer, feedback)[view][1]).status_code == 405


def test_regional_offer_of_another_municipality_is_read_only(client, editor, assen, midden_drenthe):
    regional = OfferFactory(name="Regionaal", municipality=midden_drenthe)
    regional.extra_municipalities.add(assen)
    client.force_login(editor)
    edit = reverse("beheer:offer_edit", args=[regional.pk])
    page = client.get(edit)
    assert page.status_code == 200
    assert "U kunt het bekijken, maar niet wijzigen" in page.content.decode()
    assert client.post(edit, {"name": "Overgenomen"}).status_code == 403
    publish = reverse("beheer:offer_publish", args=[regional.pk])
    assert client.post(publish).status_code == 403
    regional.refresh_from_db()
    assert regional.name == "Regionaal"


def test_draft_of_another_municipality_is_invisible(client, editor, midden_drenthe, assen):
    draft = OfferFactory(municipality=midden_drenthe, status=OfferStatus.DRAFT)
    draft.extra_municipalities.add(assen)  # serves Assen, but is not published
    client.force_login(editor)
    assert client.get(reverse("beheer:offer_edit", args=[draft.pk])).status_code == 404


def test_staff_without_two_factor_is_sent_to_set_it_up(client, db):
    from tests.conftest import make_staff

    client.force_login(make_staff("nieuw@assen.example", ("GM0106", "redacteur"), mfa=False))
    response = client.get(reverse("beheer:dashboard", args=["assen"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Browsing the public site is also refused until two-factor login is set up.
    assert client.get("/").status_code == 302


def test_django_admin_is_for_superusers_only(client, editor, superuser):
    client.force_login(editor)
    assert client.get("/beheer/django/").status_code in (302, 403)
    client.force_login(superuser)
    assert client.get("/beheer/django/").status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get("/beheer/django/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
