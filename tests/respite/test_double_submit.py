"""One request per draft, whatever the tabs (issues 10 and 27.1, 27.2)."""

import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from respite import steps
from respite.models import RequestDraft, RespiteRequest
from tests.respite.test_requests import answers, fill_in


def signed_in(email: str = "z@example.org") -> tuple[Client, User]:
    caregiver = User.objects.create_user(username=email, email=email)
    client = Client()
    client.force_login(caregiver)
    return client, caregiver


def walk(client, url: str, data: dict) -> str:
    """Answer the steps from `url` on; returns where the walk ends (the check page)."""
    while "/stap/" in url:
        step = steps.BY_SLUG[url.split("/stap/")[1].split("/")[0]]
        response = client.post(url, {k: v for k, v in data.items() if k in step.fields})
        assert response.status_code == 302, response.content.decode()[:2000]
        url = response["Location"]
    return url


@pytest.mark.django_db
def test_sending_the_same_draft_twice_stores_one_request_and_says_so(midden_drenthe):
    client, caregiver = signed_in()
    fill_in(client, answers())
    draft = RequestDraft.objects.get()
    check = reverse("respite:request_check", args=[draft.pk])
    first = client.post(check)
    second = client.post(check, follow=True)  # a second tab, the back button, a double click
    assert RespiteRequest.objects.filter(caregiver=caregiver).count() == 1
    req = RespiteRequest.objects.get(caregiver=caregiver)
    assert first["Location"] == req.get_absolute_url()
    assert second.redirect_chain[-1][0] == req.get_absolute_url()
    assert f"Deze aanvraag is al ontvangen ({req.reference})" in second.content.decode()


@pytest.mark.django_db
def test_two_tabs_are_two_requests_and_sending_one_never_sends_or_wipes_the_other(
    midden_drenthe, assen
):
    """Two tabs, a request for a mother and one for a father: the father's was sent from the
    mother's check page, and one request was lost."""
    client, caregiver = signed_in()
    mother_url = client.get(reverse("respite:request_start"))["Location"]
    mother_check = walk(client, mother_url, answers(where="9411", notes="Voor mijn moeder."))
    # The second tab: the start page names the request not yet sent, and starts a new one.
    page = client.get(reverse("respite:request_start")).content.decode()
    assert "U heeft nog een aanvraag die niet is verstuurd" in page
    father_url = client.post(reverse("respite:request_start"))["Location"]
    assert father_url != mother_url
    father_check = walk(client, father_url, answers(where="9401", notes="Voor mijn vader."))
    # Both are listed on "Mijn aanvragen" until sent.
    mine = client.get(reverse("respite:my_requests")).content.decode()
    assert "U heeft nog 2 aanvragen die niet zijn verstuurd" in mine
    # Send the mother's from her check page: only hers goes.
    assert "Voor mijn moeder." in client.get(mother_check).content.decode()
    client.post(mother_check)
    sent = RespiteRequest.objects.get()
    assert sent.notes == "Voor mijn moeder." and sent.municipality == midden_drenthe
    # The father's is untouched, and goes on its own.
    assert "Voor mijn vader." in client.get(father_check).content.decode()
    client.post(father_check)
    notes = dict(RespiteRequest.objects.values_list("municipality__code", "notes"))
    assert notes == {"GM1731": "Voor mijn moeder.", "GM0106": "Voor mijn vader."}


@pytest.mark.django_db
def test_another_caregivers_draft_is_404(midden_drenthe):
    client, _caregiver = signed_in()
    url = client.get(reverse("respite:request_start"))["Location"]
    draft = RequestDraft.objects.get()
    other, _ = signed_in("ander@example.org")
    assert other.get(url).status_code == 404
    assert other.post(reverse("respite:request_check", args=[draft.pk])).status_code == 404
    assert other.post(reverse("respite:draft_discard", args=[draft.pk])).status_code == 404
    assert RequestDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_answers_survive_signing_out_in_another_tab(midden_drenthe):
    """An expired session or a sign-out elsewhere lost every answer silently."""
    client, caregiver = signed_in()
    url = client.get(reverse("respite:request_start"))["Location"]
    data = answers()
    for _ in range(3):  # the first three steps
        step = steps.BY_SLUG[url.split("/stap/")[1].split("/")[0]]
        url = client.post(url, {k: v for k, v in data.items() if k in step.fields})["Location"]
    client.logout()  # in another tab
    step = steps.BY_SLUG[url.split("/stap/")[1].split("/")[0]]
    sent = client.post(url, {k: v for k, v in data.items() if k in step.fields})
    # Asked to sign in by code, and to come back to this very step.
    target = urlsplit(sent["Location"])
    assert target.path == reverse("account_request_login_code")
    back = parse_qs(target.query)["next"][0]
    assert back.startswith(url) and "weer=1" in back
    login = client.get(sent["Location"]).content.decode()
    assert "U bent niet meer ingelogd" in login and "Uw antwoorden zijn bewaard" in login
    client.force_login(caregiver)
    response = client.get(back)
    # What was sent while signed out is saved; the caregiver goes on to the next step.
    assert response.status_code == 302 and "/stap/" in response["Location"]
    draft = RequestDraft.objects.get()
    assert step.slug in draft.done
    assert draft.answers["relationship"] == ["ouder"]  # the earlier steps are all there
    again = client.get(response["Location"]).content.decode()  # the next step, as it comes
    assert "U bent weer ingelogd. Uw antwoorden zijn bewaard" in again
    check = walk(client, response["Location"], data)
    # Signed out again, and 'Aanvraag versturen' pressed: not sent, and told so after signing in.
    client.logout()
    sent = client.post(check)
    back = parse_qs(urlsplit(sent["Location"]).query)["next"][0]
    client.force_login(caregiver)
    page = client.get(back).content.decode()
    assert "Uw aanvraag is nog niet verstuurd" in page and "Controleer uw antwoorden" in page
    assert not RespiteRequest.objects.exists()
    client.post(check)
    assert RespiteRequest.objects.get().relationship == "ouder"


@pytest.mark.django_db
def test_a_draft_can_be_thrown_away(midden_drenthe):
    client, _caregiver = signed_in()
    fill_in(client, answers())
    draft = RequestDraft.objects.get()
    client.post(reverse("respite:draft_discard", args=[draft.pk]))
    assert not RequestDraft.objects.exists()


@pytest.mark.django_db
def test_stale_drafts_are_deleted_and_sent_ones_keep_no_answers(midden_drenthe):
    from datetime import timedelta

    from django.utils import timezone

    client, _caregiver = signed_in()
    fill_in(client, answers())
    sent = RequestDraft.objects.get()
    client.post(reverse("respite:request_check", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.submitted is not None and sent.answers == {}
    old = RequestDraft.objects.create(caregiver=sent.caregiver, answers={"notes": ["x"]})
    RequestDraft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    call_command("purge_expired_requests", verbosity=0)
    assert not RequestDraft.objects.filter(pk=old.pk).exists()


@pytest.mark.postgres("parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_parallel_posts_of_the_last_step_store_one_request():
    call_command("load_reference_data", verbosity=0)
    first, caregiver = signed_in()
    fill_in(first, answers())
    second = Client()
    second.cookies = first.cookies  # the same browser: two tabs or a double click
    check = reverse("respite:request_check", args=[RequestDraft.objects.get().pk])
    barrier = threading.Barrier(2)
    statuses = []

    def post(client):
        try:
            barrier.wait()
            statuses.append(client.post(check).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert RespiteRequest.objects.filter(caregiver=caregiver).count() == 1
    assert statuses == [302, 302]
