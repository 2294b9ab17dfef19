"""The last step of the request form sent twice stores one request (issue 10)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from respite.models import RespiteRequest
from tests.respite.test_requests import answers, fill_in


def two_tabs(caregiver) -> tuple[Client, Client]:
    """Two clients with one session, as two tabs or a double click in one browser."""
    first = Client()
    first.force_login(caregiver)
    fill_in(first, answers())
    second = Client()
    second.cookies = first.cookies
    return first, second


@pytest.mark.django_db
def test_sending_the_same_form_twice_stores_one_request(caregiver_factory=None):
    caregiver = User.objects.create_user(username="z@example.org", email="z@example.org")
    first, second = two_tabs(caregiver)
    a = first.post(reverse("respite:request_check"))
    b = second.post(reverse("respite:request_check"))
    assert RespiteRequest.objects.filter(caregiver=caregiver).count() == 1
    req = RespiteRequest.objects.get(caregiver=caregiver)
    assert a["Location"] == req.get_absolute_url()
    # The draft is gone after the first: the second is sent back to the form, nothing stored.
    assert b.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_parallel_posts_of_the_last_step_store_one_request():
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL")
    call_command("load_reference_data", verbosity=0)
    caregiver = User.objects.create_user(username="z@example.org", email="z@example.org")
    clients = two_tabs(caregiver)
    barrier = threading.Barrier(2)
    statuses = []

    def post(client):
        try:
            barrier.wait()
            statuses.append(client.post(reverse("respite:request_check")).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert RespiteRequest.objects.filter(caregiver=caregiver).count() == 1
    assert statuses == [302, 302]
