"""A form sent with a stale CSRF token (issue 27.2). Signing in again in another tab gives a
new token, so the step still open in this tab failed with 'Dit formulier is verlopen' and its
answers were lost. These tests check CSRF, unlike the default test client."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from accounts.models import User
from respite import steps
from respite.models import RequestDraft, RespiteRequest
from respite.views import PENDING_KEY
from tests.respite.test_requests import answers

KEPT = "Uw antwoorden op deze pagina staan er nog, maar zijn nog niet vastgelegd."
EXPIRED = "Dit formulier is verlopen"


def signed_in(email: str = "z@example.org") -> tuple[Client, User]:
    caregiver = User.objects.create_user(username=email, email=email)
    client = Client(enforce_csrf_checks=True)
    client.force_login(caregiver)
    return client, caregiver


def token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]


def send(client: Client, url: str, data: dict, **extra):
    """Open the page and send its form, as a browser does."""
    return client.post(url, {**data, "csrfmiddlewaretoken": token(client.get(url))}, **extra)


def sign_in_elsewhere(client: Client) -> None:
    """Signing in again in another tab: the browser gets a new CSRF cookie."""
    client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(32)


def step_data(url: str, data: dict) -> dict:
    step = steps.BY_SLUG[url.split("/stap/")[1].split("/")[0]]
    return {k: v for k, v in data.items() if k in step.fields}


def walk_to(client: Client, slug: str, data: dict) -> str:
    """Answer the steps until the one named `slug` (or all, to the check page)."""
    url = client.get(reverse("respite:request_start"))["Location"]
    while "/stap/" in url and f"/stap/{slug}/" not in url:
        url = send(client, url, step_data(url, data))["Location"]
    return url


def checked(page: str, name: str) -> bool:
    field = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', page)[0]
    return " checked" in field


@pytest.mark.django_db
def test_a_step_sent_with_a_stale_token_comes_back_filled_in_and_is_saved_when_sent_again(
    midden_drenthe,
):
    client, _caregiver = signed_in()
    data = answers(end_date="2099-01-31", evening="on", weekend="on")
    url = walk_to(client, "wanneer", data)
    stale = token(client.get(url))
    sign_in_elsewhere(client)
    sent = client.post(url, {**step_data(url, data), "csrfmiddlewaretoken": stale})
    # Back to the same step, the answers kept (never the token), and nothing saved yet.
    assert sent.status_code == 302 and sent["Location"] == url
    assert "csrfmiddlewaretoken" not in client.session[PENDING_KEY]["data"]
    draft = RequestDraft.objects.get()
    assert "wanneer" not in draft.done and "start_date" not in draft.answers
    page = client.get(url)
    content = page.content.decode()
    assert page.status_code == 200 and KEPT in content
    assert "klik nog een keer op 'Verder'" in content
    assert f'value="{data["start_date"]}"' in content and 'value="2099-01-31"' in content
    assert checked(content, "evening") and checked(content, "weekend")
    assert not checked(content, "night") and not checked(content, "at_home")
    draft.refresh_from_db()
    assert "wanneer" not in draft.done and "start_date" not in draft.answers
    # Pressed again, now with the new token: saved, on to the next step.
    again = client.post(url, {**step_data(url, data), "csrfmiddlewaretoken": token(page)})
    assert again.status_code == 302 and "/stap/toelichting/" in again["Location"]
    draft.refresh_from_db()
    assert draft.answers["start_date"] == [data["start_date"]]
    assert draft.answers["end_date"] == ["2099-01-31"] and draft.answers["weekend"] == ["on"]
    # The kept answers are shown once: opening the step later shows what was saved.
    assert KEPT not in client.get(url).content.decode()


@pytest.mark.django_db
def test_sending_the_request_with_a_stale_token_sends_nothing_and_says_press_again(
    midden_drenthe,
):
    client, caregiver = signed_in()
    check = walk_to(client, "alle", answers())
    stale = token(client.get(check))
    sign_in_elsewhere(client)
    response = client.post(check, {"csrfmiddlewaretoken": stale}, follow=True)
    assert response.redirect_chain[-1][0] == check
    assert "Uw aanvraag is nog niet verstuurd" in response.content.decode()
    assert not RespiteRequest.objects.exists()
    client.post(check, {"csrfmiddlewaretoken": token(response)})
    assert RespiteRequest.objects.get(caregiver=caregiver).relationship == "ouder"


@pytest.mark.django_db
def test_a_draft_sent_in_another_tab_says_already_received_after_a_stale_token(midden_drenthe):
    client, caregiver = signed_in()
    data = answers()
    check = walk_to(client, "alle", data)
    stale = token(client.get(check))  # this tab
    sign_in_elsewhere(client)
    send(client, check, {})  # the other tab sends it
    req = RespiteRequest.objects.get(caregiver=caregiver)
    received = f"Deze aanvraag is al ontvangen ({req.reference})"
    for url in (
        check,
        reverse("respite:request_step", args=[RequestDraft.objects.get().pk, "toelichting"]),
    ):
        response = client.post(url, {"notes": "x", "csrfmiddlewaretoken": stale}, follow=True)
        assert response.redirect_chain[-1][0] == req.get_absolute_url()
        assert received in response.content.decode()
    assert RespiteRequest.objects.filter(caregiver=caregiver).count() == 1


@pytest.mark.django_db
def test_another_caregivers_draft_gets_the_plain_page_and_nothing_is_kept(midden_drenthe):
    owner, _caregiver = signed_in()
    url = walk_to(owner, "hulp", answers())
    other, _ = signed_in("ander@example.org")
    other.get(reverse("respite:my_requests"))  # their own CSRF cookie
    response = other.post(url, {"kinds": ["thuis"], "csrfmiddlewaretoken": "x" * 32})
    assert response.status_code == 403 and EXPIRED in response.content.decode()
    assert PENDING_KEY not in other.session
    assert other.get(url).status_code == 404
    assert "kinds" not in RequestDraft.objects.get().answers


@pytest.mark.django_db
def test_a_post_from_another_site_or_signed_out_gets_the_plain_page(midden_drenthe):
    client, _caregiver = signed_in()
    url = walk_to(client, "hulp", answers())
    stale = token(client.get(url))
    sign_in_elsewhere(client)
    forged = client.post(
        url, {"kinds": ["thuis"], "csrfmiddlewaretoken": stale}, HTTP_ORIGIN="https://evil.example"
    )
    assert forged.status_code == 403 and EXPIRED in forged.content.decode()
    assert PENDING_KEY not in client.session
    client.logout()
    signed_out = client.post(url, {"kinds": ["thuis"], "csrfmiddlewaretoken": stale})
    page = signed_out.content.decode()
    assert signed_out.status_code == 403 and "laad de pagina opnieuw" in page
    assert "kinds" not in RequestDraft.objects.get().answers
