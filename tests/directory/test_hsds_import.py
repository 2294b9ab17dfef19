"""Importing an HSDS 3.0 feed (issue 14): the same checks and all-or-nothing rules as the CSV
import, matched on HSDS ids, and a round trip through the API reproduces the offers."""

import json
import uuid

import pytest

from directory.choices import Kind
from directory.hsds.serialise import TAXONOMY_BY_CODE
from directory.imports.apply import catalogue_import
from directory.imports.csv_io import current_values
from directory.imports.hsds import parse_feed
from directory.models import Offer, OfferChange
from directory.services import CatalogueError
from tests.directory.factories import OfferFactory
from tests.directory.imports import confirm_latest, latest_import_url, send
from tests.directory.test_hsds_api import full_offer  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

COMPARED = (
    "name",
    "summary",
    "description",
    "kind",
    "target_groups",
    "target_groups_only",
    "minimum_age",
    "maximum_age",
    "access_routes",
    "daytime",
    "night",
    "weekend",
    "away_from_home",
    "settling_in",
    "is_free",
    "cost_amount",
    "cost_explanation",
    "notice_days",
    "notice_explanation",
    "nights_per_year",
    "is_demo",
    "phone",
    "website",
    "status",
    "verified_on",
    "provider",
)


def export(client, **params) -> str:
    return client.get("/api/hsds/services", {"per_page": 100, **params}).content.decode()


def run_import(text, municipality, user=None):
    plan = parse_feed(text, municipality)
    assert plan.ok, plan.errors
    return catalogue_import(municipality=municipality, plan=plan, user=user, source="HSDS")


def test_round_trip_through_the_api_reproduces_the_offers(client, full_offer, groningen):  # noqa: F811
    OfferFactory(name="Mantelzorgcafé", is_free=True, groups=["ouderen"])
    feed = export(client, gemeente="GM0106")
    assert run_import(feed, groningen) == (2, 0, 0)

    for source in Offer.objects.filter(municipality__code="GM0106"):
        copy = Offer.objects.get(municipality=groningen, external_id=str(source.hsds_id))
        before, after = current_values(source, hsds=True), current_values(copy, hsds=True)
        assert {k: before[k] for k in COMPARED} == {k: after[k] for k in COMPARED}
        assert after["locations"] == before["locations"]
        # It now also serves Groningen; everywhere it served, it still serves.
        assert set(before["extra_municipalities"]) <= set(after["extra_municipalities"])
        assert after["regions"] == before["regions"]
        assert copy.hsds_id != source.hsds_id

    # Importing the same feed again changes nothing and makes no duplicates.
    assert run_import(feed, groningen) == (0, 0, 2)
    assert Offer.objects.filter(municipality=groningen).count() == 2


def test_reimporting_our_own_export_matches_our_own_ids(client, assen):
    OfferFactory(name="Eigen aanbod")
    assert run_import(export(client), assen) == (0, 0, 1)


def test_the_same_feed_gives_the_same_ids_on_every_installation(client, assen, groningen):
    OfferFactory()
    feed = export(client)
    run_import(feed, groningen)
    first = set(Offer.objects.filter(municipality=groningen).values_list("hsds_id", flat=True))
    Offer.objects.filter(municipality=groningen).delete()
    run_import(feed, groningen)
    again = set(Offer.objects.filter(municipality=groningen).values_list("hsds_id", flat=True))
    assert first == again


def test_a_changed_service_updates_with_history(client, assen, groningen, editor):
    OfferFactory(name="Oude naam")
    feed = json.loads(export(client))
    run_import(json.dumps(feed), groningen)
    feed["contents"][0]["name"] = "Nieuwe naam"
    assert run_import(json.dumps(feed), groningen, editor) == (0, 1, 0)
    copy = Offer.objects.get(municipality=groningen)
    assert copy.name == "Nieuwe naam"
    change = OfferChange.objects.filter(offer=copy, field="naam").get()
    assert (change.old_value, change.new_value) == ("Oude naam", "Nieuwe naam")


def test_one_bad_service_refuses_the_whole_feed_with_dutch_errors(client, assen, groningen):
    OfferFactory.create_batch(2)
    feed = json.loads(export(client))
    feed["contents"][1]["id"] = "geen-uuid"
    del feed["contents"][0]["name"]
    plan = parse_feed(json.dumps(feed), groningen)
    assert not plan.ok
    text = " ".join(plan.errors)
    assert "Service 1" in text and "name ontbreekt" in text
    assert "Service 2" in text and "id is geen geldige waarde (uuid)" in text
    with pytest.raises(CatalogueError):
        catalogue_import(municipality=groningen, plan=plan, user=None)
    assert not Offer.objects.filter(municipality=groningen).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "geen adres", "url is geen geldige waarde (uri)"),
        ("email", "nee", "email is geen geldige waarde (email)"),
        ("last_modified", "gisteren", "last_modified is geen geldige waarde (date-time)"),
        ("status", "open", "status moet een van deze waarden zijn"),
        ("name", 12, "name heeft de verkeerde soort waarde"),
    ],
)
def test_schema_formats_are_checked(client, assen, groningen, field, value, message):
    OfferFactory()
    feed = json.loads(export(client))
    feed["contents"][0][field] = value
    assert message in " ".join(parse_feed(json.dumps(feed), groningen).errors)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("niet json", "geen JSON"),
        ("{}", "geen lijst met services"),
        ("[]", "geen services"),
        ("[1]", "geen service"),
    ],
)
def test_files_that_are_no_feed_get_a_clear_message(groningen, text, message):
    plan = parse_feed(text, groningen)
    assert not plan.ok
    assert message in " ".join(plan.errors)


def test_our_own_rules_give_row_errors(client, assen, groningen):
    OfferFactory()
    feed = json.loads(export(client))
    service = feed["contents"][0]
    kinds = {TAXONOMY_BY_CODE["soort-hulp"].term_id(code) for code in Kind.values}
    service["attributes"] = [a for a in service["attributes"] if a["taxonomy_term_id"] not in kinds]
    service["service_areas"].append(
        {"id": str(uuid.uuid4()), "extent_type": "gemeente", "extent": "GM9999"}
    )
    plan = parse_feed(json.dumps(feed), groningen)
    text = " ".join(plan.errors)
    assert "precies één soort hulp" in text
    assert "GM9999 is geen gemeentecode" in text


def test_a_duplicated_offer_gets_its_own_hsds_id(assen, editor):
    from directory.services import offer_duplicate

    offer = OfferFactory()
    assert offer_duplicate(offer=offer, user=editor).hsds_id != offer.hsds_id


# The Beheer page -----------------------------------------------------------------------------

IMPORT_URL = "/beheer/gemeente/groningen/import-hsds/"


@pytest.fixture
def groningen_editor(groningen):
    from tests.conftest import make_staff

    return make_staff("redacteur@groningen.example", ("GM0014", "redacteur"))


def test_editor_uploads_a_feed_sees_the_preview_and_confirms(
    client, assen, groningen, groningen_editor
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    OfferFactory(name="Logeerhuis De Linde")
    feed = export(client)
    client.force_login(groningen_editor)
    upload = SimpleUploadedFile("aanbod.json", feed.encode(), "application/json")
    preview = send(client, IMPORT_URL, {"bestand": upload})
    content = preview.content.decode()
    assert "Controleer wat er gaat veranderen" in content
    assert "Logeerhuis De Linde" in content and "nieuw" in content
    assert not Offer.objects.filter(municipality=groningen).exists()  # only a preview
    done = confirm_latest(client)
    assert "Import klaar: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd." in done.content.decode()
    copy = Offer.objects.get(municipality=groningen)
    assert copy.name == "Logeerhuis De Linde"
    assert copy.changes.get().action == "aangemaakt via HSDS-import"


def test_editor_imports_from_an_address_on_this_machine(
    client, assen, groningen, groningen_editor, settings
):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    OfferFactory(name="Mantelzorgcafé")
    body = export(client).encode()

    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.HSDS_IMPORT_ALLOW_PRIVATE = True
    try:
        client.force_login(groningen_editor)
        url = f"http://127.0.0.1:{server.server_port}/api/hsds/services"
        preview = send(client, IMPORT_URL, {"adres": url})
        assert "Mantelzorgcafé" in preview.content.decode()
        confirm_latest(client)
    finally:
        server.shutdown()
    assert Offer.objects.get(municipality=groningen).name == "Mantelzorgcafé"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies een bestand of vul een adres in."),
        ({"adres": "http://127.0.0.1:1/"}, "niet van buiten te bereiken"),
        ({"adres": "http://10.0.0.1/feed"}, "niet van buiten te bereiken"),
        ({"adres": "ftp://example.org/x"}, "begint met https://"),
        ({"adres": "geen adres"}, "Voer een geldige URL in"),
        ({"adres": "https://bestaat-niet.invalid/feed"}, "Dat adres bestaat niet"),
        ({"adres": "http://example.org:99999/feed"}, "Dat adres klopt niet"),
    ],
)
def test_bad_choices_get_a_dutch_message_and_keep_what_was_typed(
    client, groningen, groningen_editor, settings, data, message
):
    settings.HSDS_IMPORT_ALLOW_PRIVATE = False
    client.force_login(groningen_editor)
    response = client.post(IMPORT_URL, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    if data:
        assert data["adres"] in content


def test_a_bad_upload_shows_every_error_and_imports_nothing(client, groningen, groningen_editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(groningen_editor)
    upload = SimpleUploadedFile("aanbod.json", b'[{"id": "x"}]', "application/json")
    content = send(client, IMPORT_URL, {"bestand": upload}).content.decode()
    assert "Het bestand heeft fouten. Er is niets ingelezen." in content
    assert "name ontbreekt" in content
    refused = client.post(latest_import_url(), follow=True).content.decode()
    assert "Dit bestand kan niet worden ingelezen" in refused
    assert not Offer.objects.filter(municipality=groningen).exists()


# Each leaf gets two of these in turn (all of them for every leaf took 2.5 minutes).
HOSTILE_VALUES = [
    "",
    "x" * 5000,
    "\x00<script>",
    -1,
    10**12,
    float("inf"),
    None,
    {},
    "2026-13-45",
    "25:99",
    "GM9999",
    "09:00+01:00",
]


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _replaced(feed, path, new):
    copy = json.loads(json.dumps(feed))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


@pytest.mark.slow
def test_a_hostile_feed_never_fails_with_anything_but_a_dutch_error(
    client,
    full_offer,  # noqa: F811
    groningen,
):
    """Every value of a full service replaced by hostile ones: the check gives errors or a
    plan, the import succeeds or refuses with CatalogueError, never anything else."""
    from django.db import transaction

    feed = json.loads(export(client))
    service = feed["contents"][0]
    paths = list(_leaves(service))
    assert len(paths) > 100
    for number, path in enumerate(paths):
        for shift in (0, 5):
            value = HOSTILE_VALUES[(number + shift) % len(HOSTILE_VALUES)]
            text = json.dumps({"contents": [_replaced(service, path, value)]})
            plan = parse_feed(text, groningen)
            if plan.ok:
                try:
                    with transaction.atomic():
                        catalogue_import(municipality=groningen, plan=plan, user=None)
                        transaction.set_rollback(True)
                except CatalogueError:
                    pass
            else:
                assert all(isinstance(error, str) for error in plan.errors)


def test_a_redirect_inward_is_refused(settings):
    """A public address that sends us on to one inside our network: checked on every hop."""
    import urllib.request

    from directory.hsds import fetch as hsds_import

    settings.HSDS_IMPORT_ALLOW_PRIVATE = False
    handler = hsds_import._CheckedRedirects()
    request = urllib.request.Request("https://example.org/feed")
    with pytest.raises(hsds_import.FetchError, match="niet van buiten"):
        handler.redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1:8000/")


def test_a_name_that_answers_inward_on_the_second_lookup_is_refused(settings, monkeypatch):
    """DNS rebinding: a name that gives the check a public address and the connection one
    inside our network. The connection goes to the address it checked itself."""
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from directory.hsds import fetch as hsds_import

    asked = []

    class Inside(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"contents": []}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Inside)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    lookups = []

    def rebinding(host, *args, **kwargs):
        lookups.append(host)
        address = "93.184.215.14" if len(lookups) == 1 else "127.0.0.1"  # public, then inward
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        settings.HSDS_IMPORT_ALLOW_PRIVATE = False
        with pytest.raises(hsds_import.FetchError, match="niet van buiten"):
            hsds_import.fetch_feed(f"http://feed.example:{port}/services", 1000)
        assert asked == [] and len(lookups) == 2
        # Allowed inside (as in development): fetched from the address the connection checked.
        settings.HSDS_IMPORT_ALLOW_PRIVATE = True
        feed = hsds_import.fetch_feed(f"http://feed.example:{port}/services", 1000)
        assert feed == '{"contents": []}' and asked == ["/services"]
    finally:
        server.shutdown()
        server.server_close()


def test_control_characters_are_named_not_stored(client, assen, groningen):
    OfferFactory()
    feed = json.loads(export(client))
    feed["contents"][0]["description"] = "Bel ons\x00 gerust"
    errors = " ".join(parse_feed(json.dumps(feed), groningen).errors)
    assert "description bevat een teken dat niet in tekst hoort" in errors


def test_times_with_a_time_zone_are_refused_with_a_message(client, full_offer, groningen):  # noqa: F811
    feed = json.loads(export(client))
    hours = next(
        s for s in feed["contents"][0]["service_at_locations"][0]["schedules"] if s.get("byday")
    )
    hours["opens_at"] = "09:00+01:00"
    plan = parse_feed(json.dumps(feed), groningen)
    assert "een openingstijd klopt niet" in " ".join(plan.errors)


def test_age_limits_and_only_travel_as_hsds_fields_and_a_term(client, full_offer, groningen):  # noqa: F811
    """minimum_age and maximum_age are HSDS's own fields; 'alleen voor deze groepen' has no
    HSDS field, so it is a term of our taxonomy (kenmerk 'alleen-voor-doelgroepen')."""
    service = json.loads(export(client))["contents"][0]
    assert service["minimum_age"] == 18
    assert "maximum_age" not in service  # empty values are left out
    only = TAXONOMY_BY_CODE["kenmerk"].term_id("alleen-voor-doelgroepen")
    assert only in {a["taxonomy_term_id"] for a in service["attributes"]}
    service["maximum_age"] = 64.0  # a number in HSDS; whole years are accepted
    service["id"] = str(uuid.uuid4())
    run_import(json.dumps([service]), groningen)
    copy = Offer.objects.get(municipality=groningen)
    assert (copy.minimum_age, copy.maximum_age, copy.target_groups_only) == (18, 64, True)


@pytest.mark.parametrize(
    "minimum, maximum, groups, message",
    [
        (70, 65, [], "moet hoger zijn dan"),
        (18, None, ["kinderen"], "onder de 18"),
        (None, 40, ["ouderen"], "65 of meer"),
        (12.5, None, [], "geheel getal"),
    ],
)
def test_age_limits_that_cannot_be_are_refused_with_a_dutch_error(
    client,
    full_offer,  # noqa: F811
    groningen,
    minimum,
    maximum,
    groups,
    message,
):
    service = json.loads(export(client))["contents"][0]
    service["minimum_age"], service["maximum_age"] = minimum, maximum
    service = {key: value for key, value in service.items() if value is not None}
    tax = TAXONOMY_BY_CODE["voor-wie"]
    service["attributes"] += [
        {"id": str(uuid.uuid4()), "taxonomy_term_id": tax.term_id(code)} for code in groups
    ]
    plan = parse_feed(json.dumps([service]), groningen)
    assert not plan.ok
    assert any(message in error for error in plan.errors), plan.errors
