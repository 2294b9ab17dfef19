from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from portal.env import env_bool, env_int, env_list, env_str


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_bad_boolean_fails_loudly(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_env_helpers_read_values(monkeypatch):
    monkeypatch.setenv("A_FLAG", "off")
    monkeypatch.setenv("A_NUMBER", "12")
    monkeypatch.setenv("A_LIST", "a.nl, b.nl,")
    assert env_bool("A_FLAG", default=True) is False
    assert env_int("A_NUMBER", 1) == 12
    assert env_list("A_LIST", []) == ["a.nl", "b.nl"]
    assert env_str("NOT_SET_AT_ALL", "fallback") == "fallback"


def test_bad_integer_and_missing_required_fail_loudly(monkeypatch):
    monkeypatch.setenv("A_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("A_NUMBER", 1)
    with pytest.raises(ImproperlyConfigured, match="required"):
        env_str("NOT_SET_AT_ALL")


@pytest.mark.django_db
def test_empty_choices_are_dutch_and_filters_tick_nothing_for_the_visitor(client, editor):
    """Django 6.1's '- Select an option -' is replaced by our own Dutch label (portal/apps.py),
    and no blank radio button is ticked before the visitor chooses."""
    client.force_login(editor)
    form = client.get("/beheer/gemeente/assen/nieuw/").content.decode()
    assert "Select an option" not in form and "---------" not in form
    assert "Maak een keuze" in form
    client.logout()
    page = client.get("/gemeenten/assen/").content.decode()
    assert 'value="" checked' not in page


@pytest.mark.django_db
def test_the_cached_site_header_is_only_for_visitors_who_are_not_signed_in(client, editor):
    """base.html keeps the anonymous header and the footer in each process's memory."""
    from django.core.cache import caches

    assert caches["local"].__class__.__name__ == "LocMemCache"  # as in production
    first = client.get("/").content.decode()
    assert "Inloggen" in first and "Uitloggen" not in first
    client.force_login(editor)
    signed_in = client.get("/").content.decode()
    assert "Uitloggen" in signed_in and "Inloggen" not in signed_in
    assert "Beheer" in signed_in
    client.logout()
    again = client.get("/").content.decode()
    assert again == first
    assert "Open data" in signed_in and "Open data" in again  # the footer, for everyone
