from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.choices import Kind, OfferStatus
from directory.models import Feedback, Offer, OfferChange
from tests.directory.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def form_data(offer: Offer, **changes) -> dict:
    data = {
        "name": offer.name,
        "summary": offer.summary,
        "description": offer.description,
        "kind": offer.kind,
        "provider": offer.provider_id,
        "access_routes": [r.pk for r in offer.access_routes.all()],
        "daytime": "on",
        "planned": "on",
        "is_free": "on",
        "verified_on": offer.verified_on.isoformat(),
        "external_id": offer.external_id,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_editing_records_who_changed_what(client, editor, assen):
    offer = OfferFactory(name="Dagopvang", phone="0592 111 111")
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    response = client.post(url, form_data(offer, name="Dagopvang De Schakel", phone="0592 222 222"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.name == "Dagopvang De Schakel"
    changes = {c.field: c for c in OfferChange.objects.filter(offer=offer, action="gewijzigd")}
    assert changes["Naam"].old_value == "Dagopvang"
    assert changes["Naam"].new_value == "Dagopvang De Schakel"
    assert changes["Telefoon"].old_value == "0592 111 111"
    assert changes["Naam"].user == editor
    history = client.get(reverse("beheer:offer_history", args=[offer.pk])).content.decode()
    assert "Dagopvang De Schakel" in history and "Redacteur" in history


def test_errors_are_dutch_next_to_the_field_and_in_a_summary_and_keep_input(client, editor, assen):
    client.force_login(editor)
    response = client.post(
        reverse("beheer:offer_create", args=["assen"]),
        {"name": "Nieuw <b>aanbod</b>", "summary": "", "kind": "bestaat-niet"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Er is iets niet goed gegaan" in content  # the summary
    assert "Dit veld is verplicht." in content
    assert 'value="Nieuw &lt;b&gt;aanbod&lt;/b&gt;"' in content
    assert not Offer.objects.filter(name__startswith="Nieuw").exists()


def test_new_offer_is_a_draft_of_the_editors_municipality(client, editor, assen):
    provider = ProviderFactory()
    client.force_login(editor)
    data = {
        "name": "Nieuwe oppas",
        "summary": "Oppas voor uw kind.",
        "description": "Een oppas met ervaring.",
        "kind": Kind.ZORGOPPAS,
        "provider": provider.pk,
        "access_routes": [1],
        "daytime": "on",
        "planned": "on",
        "is_free": "on",
        "verified_on": timezone.localdate().isoformat(),
    }
    response = client.post(reverse("beheer:offer_create", args=["assen"]), data)
    assert response.status_code == 302
    offer = Offer.objects.get(name="Nieuwe oppas")
    assert offer.municipality == assen
    assert offer.status == OfferStatus.DRAFT
    assert OfferChange.objects.filter(offer=offer, action="aangemaakt").exists()
    assert Offer.objects.search("oppas").filter(pk=offer.pk).exists()


def test_publish_and_archive_show_on_the_public_site_at_once(client, editor, assen, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # with the page cache on
    offer = OfferFactory(name="Logeerhuis Nieuw", status=OfferStatus.DRAFT)
    public = reverse("directory:municipality", args=["assen"])
    assert "Logeerhuis Nieuw" not in client.get(public).content.decode()

    client.force_login(editor)
    client.post(reverse("beheer:offer_publish", args=[offer.pk]))
    client.logout()
    assert "Logeerhuis Nieuw" in client.get(public).content.decode()

    client.force_login(editor)
    client.post(reverse("beheer:offer_archive", args=[offer.pk]))
    client.logout()
    assert "Logeerhuis Nieuw" not in client.get(public).content.decode()
    assert client.get(offer.get_absolute_url()).status_code == 404
    actions = list(OfferChange.objects.filter(offer=offer).values_list("action", flat=True))
    assert actions == ["gearchiveerd", "gepubliceerd"]


def test_publishing_twice_says_so(client, editor, assen):
    offer = OfferFactory()
    client.force_login(editor)
    response = client.post(reverse("beheer:offer_publish", args=[offer.pk]), follow=True)
    assert "Dit aanbod is al gepubliceerd." in response.content.decode()


def test_still_correct_stamps_today(client, editor, assen):
    offer = OfferFactory(verified_on=timezone.localdate() - timedelta(days=400))
    client.force_login(editor)
    client.post(reverse("beheer:offer_verify", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.verified_on == timezone.localdate()
    assert "meer dan een jaar" not in client.get(offer.get_absolute_url()).content.decode()


def test_duplicate_makes_a_draft_copy(client, editor, assen):
    offer = OfferFactory(name="Blokzorg", groups=["dementie"], external_id="A-1")
    client.force_login(editor)
    response = client.post(reverse("beheer:offer_duplicate", args=[offer.pk]))
    copy = Offer.objects.get(name="Blokzorg (kopie)")
    assert response["Location"] == reverse("beheer:offer_edit", args=[copy.pk])
    assert copy.status == OfferStatus.DRAFT
    # Its own kenmerk (issue 15: every offer has one), never the original's.
    assert copy.external_id.startswith("MZP-") and copy.external_id != offer.external_id
    assert list(copy.target_groups.values_list("code", flat=True)) == ["dementie"]


def test_dashboard_puts_what_needs_attention_first(client, editor, assen):
    OfferFactory(name="A fris")
    OfferFactory(name="B oud", verified_on=timezone.localdate() - timedelta(days=200))
    reported = OfferFactory(name="C gemeld")
    Feedback.objects.create(offer=reported, message="Klopt niet")
    client.force_login(editor)
    response = client.get(reverse("beheer:dashboard", args=["assen"]))
    names = [o.name for o in response.context["offers"]]
    assert names == ["C gemeld", "B oud", "A fris"]
    assert "1 open melding van bezoekers" in response.content.decode()
    assert "1 aanbod is langer dan 6 maanden niet gecontroleerd" in response.content.decode()
    OfferFactory(name="D ook oud", verified_on=timezone.localdate() - timedelta(days=300))
    page = client.get(reverse("beheer:dashboard", args=["assen"])).content.decode()
    assert "2 aanbiedingen zijn langer dan 6 maanden niet gecontroleerd" in page


# ---- Public feedback ----


def test_public_feedback_reaches_the_editors(
    client, editor, assen, django_capture_on_commit_callbacks
):
    offer = OfferFactory(name="Logeerhuis")
    url = reverse("directory:offer_feedback", args=[offer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Het telefoonnummer is veranderd.", "contact": ""})
    assert "Bedankt voor uw melding" in response.content.decode()
    assert Feedback.objects.get().message == "Het telefoonnummer is veranderd."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [editor.email]
    assert "telefoonnummer is veranderd" not in mail.outbox[0].body  # no content by mail


def test_feedback_honeypot_stores_nothing(client, assen):
    offer = OfferFactory()
    url = reverse("directory:offer_feedback", args=[offer.pk])
    response = client.post(url, {"message": "Koop nu!", "website": "http://spam.example"})
    assert "Bedankt" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited(client, assen):
    offer = OfferFactory()
    url = reverse("directory:offer_feedback", args=[offer.pk])
    for _ in range(5):
        client.post(url, {"message": "Klopt niet meer."})
    response = client.post(url, {"message": "Klopt niet meer."})
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    assert Feedback.objects.count() == 5


def test_feedback_errors_are_dutch_and_keep_input(client, assen):
    offer = OfferFactory()
    response = client.post(
        reverse("directory:offer_feedback", args=[offer.pk]), {"message": "", "contact": "<x>"}
    )
    content = response.content.decode()
    assert "Schrijf wat er niet klopt." in content
    assert 'value="&lt;x&gt;"' in content


def test_editor_marks_feedback_handled(client, editor, assen):
    feedback = Feedback.objects.create(offer=OfferFactory(), message="Oud adres")
    client.force_login(editor)
    client.post(reverse("beheer:feedback_handled", args=[feedback.pk]))
    feedback.refresh_from_db()
    assert feedback.handled_by == editor and feedback.handled_at is not None


def test_amounts_use_dutch_number_format(client, editor, assen):
    offer = OfferFactory(is_free=False, cost_amount="21.50", cost_explanation="Per dagdeel.")
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    page = client.get(url).content.decode()
    assert 'value="21,50"' in page and "21.50" not in page
    for typed, stored in [("1234,75", "1234.75"), ("18.5", "18.50")]:
        data = form_data(offer, is_free=None, cost_amount=typed, cost_explanation="Per dagdeel.")
        assert client.post(url, data).status_code == 302
        offer.refresh_from_db()
        assert str(offer.cost_amount) == stored
    response = client.post(url, form_data(offer, is_free=None, cost_amount="twintig"))
    assert response.status_code == 200 and "Voer een getal in." in response.content.decode()


def test_all_correct_now_marks_the_offer_checked_in_the_same_save(client, editor, assen):
    old = timezone.localdate() - timedelta(days=300)
    offer = OfferFactory(name="Dagopvang", verified_on=old)
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    assert "Alles klopt nu" in client.get(url).content.decode()
    client.post(url, form_data(offer, name="Dagopvang Het Anker", checked_now="on"))
    offer.refresh_from_db()
    assert offer.name == "Dagopvang Het Anker" and offer.verified_on == timezone.localdate()
    fields = set(OfferChange.objects.filter(offer=offer).values_list("field", flat=True))
    assert {"Naam", "Laatst gecontroleerd op"} <= fields and "Alles klopt nu" not in fields
    # Without the tick the date stays as it was.
    client.post(url, form_data(offer, name="Dagopvang Het Anker 2"))
    offer.refresh_from_db()
    assert offer.verified_on == timezone.localdate()
    assert (
        "Alles klopt nu"
        not in client.get(reverse("beheer:offer_create", args=["assen"])).content.decode()
    )


def test_municipalities_are_checkboxes_that_keep_what_was_ticked(
    client, editor, assen, midden_drenthe
):
    offer = OfferFactory(name="Logeerhuis")
    offer.extra_municipalities.add(midden_drenthe)
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    page = client.get(url).content.decode()
    assert "<select multiple" not in page and 'name="extra_municipalities"' in page
    assert f'value="{midden_drenthe.pk}" id="id_extra_municipalities_' in page
    assert "data-filter-input" in page and "1 gekozen." in page
    checked = f'type="checkbox" name="extra_municipalities" value="{midden_drenthe.pk}"'
    assert checked in page and "checked" in page.split(checked)[1][:80]
    # Saving another field keeps the ticked municipality.
    client.post(
        url, form_data(offer, name="Logeerhuis Noord", extra_municipalities=[midden_drenthe.pk])
    )
    assert list(offer.extra_municipalities.all()) == [midden_drenthe]


def test_nog_steeds_juist_saves_what_was_typed_instead_of_dropping_it(client, editor, assen):
    """The button used to be a form of its own: edits typed before pressing it were lost."""
    from datetime import timedelta

    from django.utils import timezone

    offer = OfferFactory(name="Dagopvang", verified_on=timezone.localdate() - timedelta(days=300))
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    page = client.get(url).content.decode()
    button = page.split('name="checked_now" value="on"')[0].rsplit("<button", 1)[1]
    assert 'form="offer-form"' in button and "Nog steeds juist" in page
    response = client.post(url, form_data(offer, phone="0592 111 222", checked_now="on"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.phone == "0592 111 222"
    assert offer.verified_on == timezone.localdate()


def test_copying_an_offer_with_a_long_name_works_and_fits_the_history(client, editor, assen):
    """'Kopiëren' of an offer named over 25 characters answered 500 on PostgreSQL: the
    history's 'action' (40 characters) held the whole name."""
    name = "Logeerhuis De Linde met een heel lange naam " + "x" * 156  # 200 characters
    offer = OfferFactory(name=name)
    client.force_login(editor)
    response = client.post(reverse("beheer:offer_duplicate", args=[offer.pk]))
    assert response.status_code == 302
    copy = Offer.objects.exclude(pk=offer.pk).get(municipality=assen)
    assert copy.name.endswith(" (kopie)") and len(copy.name) <= 200
    change = OfferChange.objects.get(offer=copy)
    for field in ("action", "field"):
        assert len(getattr(change, field)) <= OfferChange._meta.get_field(field).max_length
    assert name in change.new_value


def test_a_text_of_several_paragraphs_is_not_a_change_when_nobody_touched_it(client, editor, assen):
    """Browsers send a textarea's line ends as CR LF: saving only a new summary must not
    record the untouched description as changed (a helper's walk found it did)."""
    offer = OfferFactory(description="Eerste alinea.\n\nTweede alinea.")
    client.force_login(editor)
    url = reverse("beheer:offer_edit", args=[offer.pk])
    as_a_browser_sends_it = offer.description.replace("\n", "\r\n")
    response = client.post(
        url, form_data(offer, summary="Nieuwe samenvatting.", description=as_a_browser_sends_it)
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.description == "Eerste alinea.\n\nTweede alinea."
    fields = set(OfferChange.objects.filter(offer=offer).values_list("field", flat=True))
    assert "Korte samenvatting" in fields
    assert "Beschrijving" not in fields
