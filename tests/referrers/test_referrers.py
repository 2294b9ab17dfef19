"""Referrers (issue 24.1–3): a professional starts a request *with* a caregiver; nothing reaches
the municipality before the caregiver agrees; the referrer then sees only a status line and
the fixed contact, hears news by mail without health details, and sees nothing more once the
caregiver withdraws consent."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.choices import RoleKind
from directory.choices import Kind
from referrers.choices import HandoverState
from referrers.models import Handover, ReferrerMember, ReferrerOrganisation
from referrers.services import handovers_purge
from respite.choices import Decision, DecisionReason, ReferralStatus
from respite.models import AccessLogEntry, RespiteRequest, SavedAnswers
from respite.services.referrals import referral_accept, referral_create, referral_progress
from respite.services.requests import (
    request_claim,
    request_close,
    request_decide,
    request_note,
)
from tests.directory.factories import OfferFactory, ProviderFactory
from tests.factories import (
    CaregiverFactory,
    ProviderStaffFactory,
    ReferrerFactory,
    ReferrerOrganisationFactory,
    RespiteRequestFactory,
    StaffFactory,
    municipality,
)

NOTES = "Moeder dwaalt 's nachts en is gisteren gevallen"
REASON = "Dochter is op, slaapt slecht sinds de val van haar moeder"
NOTE = "Intern: schoonzoon wil geen hulp"


def answers(**changes):
    data = {
        "intake_name": "Els Bakker",
        "relationship": "ouder",
        "age_group": "oudere",
        "situation": "dementie",
        "where": "9411",
        "kinds": ["logeerzorg"],
        "urgency": "gepland",
        "weekend": "on",
        "referral_reason": REASON,
        "notes": NOTES,
        "contact_method": "email",
        "consent_way": "code",
        "intake_email": "els@example.org",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def referrer(db):
    return ReferrerFactory(
        email="ingrid@casemanagement.example",
        organisation=ReferrerOrganisationFactory(
            name="Casemanagement Drenthe", municipalities=["GM1731", "GM0106"]
        ),
    )


@pytest.fixture
def consultant(db):
    return StaffFactory(
        email="anna@middendrenthe.example",
        first_name="Anna",
        roles=[("GM1731", RoleKind.CONSULTANT)],
        work_phone="0593 700 301",
    )


def start(client, referrer, **changes) -> Handover:
    client.force_login(referrer)
    response = client.post(reverse("referrers:start"), answers(**changes))
    assert response.status_code == 302, response.content.decode()
    return Handover.objects.get(referrer=referrer, caregiver_name="Els Bakker")


def code_from_mail(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return re.search(r"^(\d{6})$", message.body, re.M).group(1)


def send_code(client, handover, capture) -> str:
    """'Stuur de code', and the code as the caregiver reads it from the mail."""
    with capture(execute=True):
        client.post(reverse("referrers:consent", args=[handover.pk]), {"stap": "stuur"})
    return code_from_mail(handover.email)


def consent_by_code(client, handover, capture) -> RespiteRequest:
    url = reverse("referrers:consent", args=[handover.pk])
    code = send_code(client, handover, capture)
    with capture(execute=True):
        response = client.post(url, {"stap": "code", "code": code})
    assert response.status_code == 302, response.content.decode()
    handover.refresh_from_db()
    return handover.respite_request


def test_nothing_reaches_the_consultant_before_the_caregiver_agrees(
    client, referrer, consultant, django_capture_on_commit_callbacks
):
    handover = start(client, referrer)
    assert handover.state == HandoverState.WAITING
    assert not RespiteRequest.objects.exists()
    client.force_login(consultant)
    assert "Els Bakker" not in client.get(reverse("werkbak:queue")).content.decode()

    client.force_login(referrer)
    page = client.get(reverse("referrers:consent", args=[handover.pk])).content.decode()
    assert REASON in page and "Moeder dwaalt &#x27;s nachts" in page  # read together first
    mail.outbox.clear()
    sent = consent_by_code(client, handover, django_capture_on_commit_callbacks)
    # The code mail says who asks and that nothing goes without the code; no health details.
    code_mail = mail.outbox[0]
    assert code_mail.to == ["els@example.org"]
    assert "Ingrid" in code_mail.body
    assert "Casemanagement" not in code_mail.body  # its name can say too much
    assert "dementie" not in code_mail.body.lower() and NOTES not in code_mail.body

    assert sent.municipality == municipality("GM1731")
    assert sent.referred_by == referrer and sent.referral_reason == REASON
    assert sent.caregiver.email == "els@example.org"
    assert EmailAddress.objects.get(user=sent.caregiver).verified  # the code proved it
    assert handover.answers == {} and handover.state == HandoverState.SENT
    assert "met uw toestemming" in sent.timeline.first().shown
    client.force_login(consultant)
    queue = client.get(reverse("werkbak:queue")).content.decode()
    assert sent.reference in queue
    assert any(consultant.email in m.to for m in mail.outbox)  # consultants are told
    # The consultant sees who referred and why.
    page = client.get(reverse("werkbak:request", args=[sent.reference])).content.decode()
    assert "Samen met de mantelzorger aangevraagd door Ingrid" in page and REASON in page


def test_a_wrong_or_old_code_is_refused_and_counted(
    client, referrer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    handover = start(client, referrer)
    url = reverse("referrers:consent", args=[handover.pk])
    good = send_code(client, handover, capture)
    response = client.post(url, {"stap": "code", "code": "000000x"})
    assert "Deze code klopt niet" in response.content.decode()
    handover.refresh_from_db()
    assert handover.code_tries == 1 and handover.state == HandoverState.WAITING
    for _ in range(4):
        client.post(url, {"stap": "code", "code": "999999"})
    page = client.post(url, {"stap": "code", "code": good}).content.decode()
    assert "te vaak fout" in page and not RespiteRequest.objects.exists()
    # A new code (after a minute) works; an expired one does not.
    Handover.objects.filter(pk=handover.pk).update(
        code_sent_at=timezone.now() - timedelta(minutes=31)
    )
    new = send_code(client, handover, capture)
    Handover.objects.filter(pk=handover.pk).update(
        code_sent_at=timezone.now() - timedelta(minutes=31)
    )
    page = client.post(url, {"stap": "code", "code": new}).content.decode()
    assert "verlopen" in page and not RespiteRequest.objects.exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"where": "9401"}, "where", None),  # Assen: served, fine
        ({"where": "7811"}, "where", "werkt niet in Emmen"),
        ({"intake_email": ""}, "intake_email", "of kies voorlezen"),
        ({"consent_way": None}, "consent_way", "Kies hoe de mantelzorger toestemming geeft"),
        ({"consent_way": "voorgelezen", "intake_email": ""}, "postal_address", "Vul het adres in"),
        ({"referral_reason": ""}, "referral_reason", "Schrijf kort waarom u verwijst"),
        ({"intake_name": "x" * 201}, "intake_name", "niet meer dan 200 tekens"),
        ({"kinds": ["<script>"]}, "kinds", "Selecteer een geldige keuze"),
    ],
)
def test_the_form_says_what_is_missing_and_keeps_what_was_typed(
    client, referrer, changes, field, message
):
    client.force_login(referrer)
    response = client.post(reverse("referrers:start"), answers(**changes))
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page
    assert REASON in page or field == "referral_reason"  # kept
    assert "<script>" not in page.split("<body", 1)[1].replace("&lt;script&gt;", "")
    assert not Handover.objects.exists()


def test_consent_read_aloud_for_someone_without_email_then_a_letter(
    client, referrer, consultant, django_capture_on_commit_callbacks
):
    handover = start(
        client,
        referrer,
        consent_way="voorgelezen",
        intake_email="",
        contact_method="brief",
        postal_address="Brink 1\n9411 AA Beilen",
    )
    url = reverse("referrers:consent", args=[handover.pk])
    page = client.get(url).content.decode()
    assert "Lees deze tekst voor" in page and "intrekken" in page
    response = client.post(url, {"stap": "voorlezen"})
    assert "Vink dat dan aan" in response.content.decode()
    assert not RespiteRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"stap": "voorlezen", "read_aloud": "on"})
    handover.refresh_from_db()
    sent = handover.respite_request
    assert sent.caregiver is None and sent.intake_name == "Els Bakker"
    assert "toestemming altijd intrekken" in handover.consent_text
    letter = client.get(reverse("referrers:letter", args=[handover.pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    # The consultant is asked to post the letter, and records it.
    client.force_login(consultant)
    page = client.get(reverse("werkbak:request", args=[sent.reference])).content.decode()
    assert "Stuur de brief over de toestemming naar het adres" in page
    assert client.get(reverse("referrer_werkbak_letter", args=[sent.reference])).content.startswith(
        b"%PDF"
    )
    client.post(reverse("referrer_werkbak_letter_posted", args=[sent.reference]))
    handover.refresh_from_db()
    assert handover.letter_posted_at is not None


def test_the_referrer_hears_back_without_health_details_and_sees_only_the_status(
    client, referrer, consultant, django_capture_on_commit_callbacks
):
    handover = start(client, referrer)
    sent = consent_by_code(client, handover, django_capture_on_commit_callbacks)
    detail = reverse("referrers:detail", args=[handover.pk])
    assert "Verstuurd" in client.get(detail).content.decode()

    provider = ProviderFactory(name="Zorggroep", municipality=sent.municipality)
    offer = OfferFactory(
        name="Logeerhuis De Linde",
        provider=provider,
        municipality=sent.municipality,
        kind=Kind.LOGEERZORG,
    )
    planner = ProviderStaffFactory(provider=provider, work_phone="0592 700 190")
    start_date = timezone.localdate() + timedelta(days=20)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_claim(respite_request=sent, consultant=consultant)
        request_note(respite_request=sent, author=consultant, text=NOTE)
        request_decide(
            respite_request=sent,
            consultant=consultant,
            decision=Decision.GRANTED,
            reason=DecisionReason.OVERLOAD,
            text="Logeren twee weekenden",
            valid_from=timezone.localdate(),
        )
        referral = referral_create(
            respite_request=sent, consultant=consultant, offer=offer, first_name="Aaltje"
        )
        referral_accept(
            referral=referral,
            member=planner,
            start_date=start_date,
            end_date=start_date + timedelta(days=2),
        )
    to_referrer = [m for m in mail.outbox if m.to == [referrer.email]]
    subjects = [m.subject for m in to_referrer]
    assert subjects == [
        f"Aanvraag {sent.reference}: Opgepakt door de gemeente",
        f"Aanvraag {sent.reference}: De gemeente heeft een besluit genomen",
        f"Aanvraag {sent.reference}: Er is een plek gevonden",
    ]
    for message in to_referrer:
        body = message.body.lower()
        assert "dementie" not in body and NOTES.lower() not in body and REASON.lower() not in body
        assert "linde" not in body and "/verwijzer/" in body

    page = client.get(detail).content.decode()
    assert "Er is een plek gevonden" in page and "Logeerhuis De Linde" in page
    assert 'href="tel:+31593700301"' in page and "Anna" in page  # the fixed contact
    for private in (NOTE, NOTES, REASON, "Logeren twee weekenden", "dementie"):
        assert private not in page, private
    # The caregiver sees that the referrer looked.
    assert AccessLogEntry.objects.filter(respite_request=sent, user=referrer).exists()
    client.force_login(sent.caregiver)
    own = client.get(sent.get_absolute_url()).content.decode()
    assert "Verwijzer: bekeek hoe het met de aanvraag gaat" in own
    assert "Samen aangevraagd" in own and "Casemanagement Drenthe" in own

    # The stay ends: "afgerond" (its first night must have come before it can start).
    referral.refresh_from_db()
    referral.settling_steps.all().delete()
    referral.start_date = timezone.localdate() - timedelta(days=2)
    referral.end_date = timezone.localdate()
    referral.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral_progress(referral=referral, member=planner, to_status=ReferralStatus.STARTED)
        referral_progress(referral=referral, member=planner, to_status=ReferralStatus.COMPLETED)
    assert [m.subject for m in mail.outbox if m.to == [referrer.email]] == [
        f"Aanvraag {sent.reference}: Afgerond"
    ]
    client.force_login(referrer)
    assert "Het logeren bij Logeerhuis De Linde is klaar" in client.get(detail).content.decode()


def test_not_succeeded_is_said_with_the_reason_in_words(
    client, referrer, consultant, django_capture_on_commit_callbacks
):
    handover = start(client, referrer)
    sent = consent_by_code(client, handover, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_claim(respite_request=sent, consultant=consultant)
        request_decide(
            respite_request=sent,
            consultant=consultant,
            decision=Decision.REFUSED,
            reason=DecisionReason.OTHER_LAW,
            text="Valt onder de Wlz",
        )
        request_close(respite_request=sent, consultant=consultant)
    subjects = [m.subject for m in mail.outbox if m.to == [referrer.email]]
    assert subjects == [
        f"Aanvraag {sent.reference}: Opgepakt door de gemeente",
        f"Aanvraag {sent.reference}: Niet gelukt",
        f"Aanvraag {sent.reference}: Afgerond",
    ]
    client.force_login(referrer)
    page = client.get(reverse("referrers:detail", args=[handover.pk])).content.decode()
    assert "Niet gelukt" in page and "valt onder een andere wet" in page
    assert "Valt onder de Wlz" not in page  # the decision's own text stays with the caregiver


def test_the_caregiver_withdraws_consent_and_the_referrer_sees_nothing_more(
    client, referrer, consultant, django_capture_on_commit_callbacks
):
    handover = start(client, referrer)
    sent = consent_by_code(client, handover, django_capture_on_commit_callbacks)
    client.force_login(sent.caregiver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrer_consent_withdraw", args=[sent.reference]))
    assert response.status_code == 302
    sent.refresh_from_db()
    handover.refresh_from_db()
    assert sent.referred_by is None and handover.state == HandoverState.WITHDRAWN
    assert "ziet niets meer" in client.get(sent.get_absolute_url()).content.decode()
    assert mail.outbox[-1].to == [referrer.email]
    assert "toestemming ingetrokken" in mail.outbox[-1].subject

    # No more news, and the page shows nothing of the request.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_claim(respite_request=sent, consultant=consultant)
    assert not [m for m in mail.outbox if m.to == [referrer.email]]
    client.force_login(referrer)
    before = AccessLogEntry.objects.count()
    page = client.get(reverse("referrers:detail", args=[handover.pk])).content.decode()
    assert "ingetrokken" in page and "Anna" not in page and sent.reference not in page
    assert AccessLogEntry.objects.count() == before
    home = client.get(reverse("referrers:home")).content.decode()
    assert "toestemming ingetrokken" in home and "Opgepakt" not in home
    # Twice is said plainly, not an error.
    client.force_login(sent.caregiver)
    again = client.post(
        reverse("referrer_consent_withdraw", args=[sent.reference]), follow=True
    ).content.decode()
    assert "al ingetrokken" in again


def test_a_consultant_records_a_withdrawal_for_a_caregiver_who_called(client, referrer, consultant):
    handover = start(
        client,
        referrer,
        consent_way="voorgelezen",
        intake_email="",
        contact_method="telefoon",
        phone="06 12345678",
        postal_address="Brink 1\n9411 AA Beilen",
    )
    client.post(
        reverse("referrers:consent", args=[handover.pk]), {"stap": "voorlezen", "read_aloud": "on"}
    )
    handover.refresh_from_db()
    client.force_login(consultant)
    client.post(reverse("referrer_werkbak_withdraw", args=[handover.respite_request.reference]))
    handover.refresh_from_db()
    assert handover.state == HandoverState.WITHDRAWN


def test_role_matrix(client, referrer, consultant, django_capture_on_commit_callbacks):
    """Only the referrer who started a handover opens it; others get 404 (a colleague, another
    organisation) or 403 (not a referrer); visitors the sign-in page."""
    handover = start(client, referrer)
    sent = consent_by_code(client, handover, django_capture_on_commit_callbacks)
    colleague = ReferrerFactory(organisation=referrer.referrer_organisation)
    other_org = ReferrerFactory(organisation=ReferrerOrganisationFactory(municipalities=["GM0106"]))
    pages = [
        reverse("referrers:detail", args=[handover.pk]),
        reverse("referrers:consent", args=[handover.pk]),
        reverse("referrers:letter", args=[handover.pk]),
    ]
    for user in (colleague, other_org):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 404, (user, page)
        assert "Els Bakker" not in client.get(reverse("referrers:home")).content.decode()
    for user in (consultant, sent.caregiver):
        client.force_login(user)
        for page in [reverse("referrers:home"), reverse("referrers:start"), *pages]:
            assert client.get(page).status_code == 403
    client.logout()
    assert client.get(reverse("referrers:home"))["Location"].startswith("/account/login/")
    # A referrer is not a caregiver of the request and not its consultant.
    client.force_login(referrer)
    assert client.get(sent.get_absolute_url()).status_code == 404
    assert client.get(reverse("werkbak:request", args=[sent.reference])).status_code == 403
    assert client.post(reverse("referrer_consent_withdraw", args=[sent.reference])).status_code == (
        404
    )
    # Another municipality's consultant cannot record a withdrawal or read the letter.
    assen = StaffFactory(roles=[("GM0106", RoleKind.CONSULTANT)])
    client.force_login(assen)
    assert client.post(reverse("referrer_werkbak_withdraw", args=[sent.reference])).status_code == (
        404
    )
    assert client.get(reverse("referrer_werkbak_letter", args=[sent.reference])).status_code == 404
    for junk in ("onzin", "0" * 300, "<script>"):
        client.force_login(referrer)
        assert client.get(f"/verwijzer/{junk}/").status_code == 404


def test_referrers_sign_in_with_two_steps(client, db):
    user = ReferrerFactory(mfa=False)
    client.force_login(user)
    response = client.get(reverse("referrers:home"))
    assert response.status_code == 302 and "/2fa/" in response["Location"]


def test_an_editor_adds_organisations_and_invites_referrers_for_their_municipality(
    client, db, django_capture_on_commit_callbacks
):
    editor = StaffFactory(roles=[("GM1731", RoleKind.EDITOR)])
    client.force_login(editor)
    url = reverse("referrer_organisations", args=["midden-drenthe"])
    response = client.post(url, {"stap": "nieuw", "name": "Huisartsenpraktijk Beilen"})
    assert "Kies wat voor organisatie het is" in response.content.decode()
    assert "Huisartsenpraktijk Beilen" in response.content.decode()  # kept
    response = client.post(
        url, {"stap": "nieuw", "name": "Huisartsenpraktijk Beilen", "kind": "huisartsenpraktijk"}
    )
    organisation = ReferrerOrganisation.objects.get(name="Huisartsenpraktijk Beilen")
    assert list(organisation.municipalities.values_list("code", flat=True)) == ["GM1731"]
    invite = reverse("referrer_member_invite", args=[organisation.pk])
    assert response["Location"] == invite
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite,
            {
                "first_name": "Pim",
                "last_name": "de Wit",
                "job_title": "praktijkondersteuner",
                "email": "pim@huisarts.example",
            },
        )
    assert response.status_code == 302
    member = ReferrerMember.objects.get(user__email="pim@huisarts.example")
    assert member.organisation == organisation and member.invited_by == editor
    assert "wachtwoord" in mail.outbox[0].body
    # An organisation of another municipality can be added here too (it serves several).
    other = ReferrerOrganisationFactory(name="Transferbureau Assen", municipalities=["GM0106"])
    client.post(url, {"stap": "ook", "organisation": other.pk})
    assert other.municipalities.filter(code="GM1731").exists()
    assert client.post(url, {"stap": "ook", "organisation": "999999"}).status_code == 200
    # An editor of Assen only cannot invite for an organisation that works in Midden-Drenthe.
    assen_editor = StaffFactory(roles=[("GM0106", RoleKind.EDITOR)])
    client.force_login(assen_editor)
    assert client.get(invite).status_code == 404
    assert client.get(url).status_code == 404
    # A caregiver's address cannot be made a referrer.
    caregiver = CaregiverFactory(email="els@example.org")
    RespiteRequestFactory(caregiver=caregiver)
    client.force_login(editor)
    page = client.post(
        invite,
        {"first_name": "E", "last_name": "B", "job_title": "poh", "email": "els@example.org"},
    ).content.decode()
    assert "hoort bij een mantelzorger" in page


def test_waiting_handovers_are_wiped_after_two_weeks(client, referrer):
    handover = start(client, referrer)
    assert handovers_purge() == 0
    Handover.objects.filter(pk=handover.pk).update(created_at=timezone.now() - timedelta(days=15))
    assert handovers_purge() == 1 and not Handover.objects.exists()


def test_the_daily_retention_job_wipes_them_and_the_name_of_an_anonymised_request(
    client, referrer, django_capture_on_commit_callbacks
):
    from portal import schedule
    from respite.services.privacy import request_anonymise

    waiting = start(client, referrer)
    Handover.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=15), caregiver_name="Oud"
    )
    sent = start(client, referrer)
    request = consent_by_code(client, sent, django_capture_on_commit_callbacks)
    request_anonymise(respite_request=request)
    schedule._retention()
    assert list(Handover.objects.values_list("caregiver_name", flat=True)) == ["—"]


def test_the_story_is_told_once_through_a_referrer_too(
    client, referrer, django_capture_on_commit_callbacks
):
    """Issue 24.4: the caregiver may keep the answers when giving the code; a next request
    by a referrer starts from them after the caregiver gives a code for it ("Klopt dit
    nog?"), only for a naaste in the organisation's municipalities."""
    capture = django_capture_on_commit_callbacks
    handover = start(client, referrer)
    url = reverse("referrers:consent", args=[handover.pk])
    code = send_code(client, handover, capture)
    with capture(execute=True):
        client.post(url, {"stap": "code", "code": code, "bewaren": "ja"})
    saved = SavedAnswers.objects.get(caregiver__email="els@example.org")
    assert saved.answers["where"] == ["9411"] and "notes" not in saved.answers
    # A naaste in Emmen (not served by this organisation) is not shown later.
    SavedAnswers.objects.create(
        caregiver=saved.caregiver,
        relationship="partner",
        answers={"relationship": ["partner"], "age_group": ["oudere"], "where": ["7811"]},
    )

    start_url = reverse("referrers:start")
    assert "Haal ze op" in client.get(start_url).content.decode()
    # Choosing before a code was given is refused.
    response = client.post(start_url, {"stap": "kies", "keuze": str(saved.pk)}, follow=True)
    assert "Vraag eerst een code aan" in response.content.decode()
    with capture(execute=True):
        client.post(start_url, {"stap": "zoek", "email": "Els@Example.org"})
    code_mail = mail.outbox[-1]
    assert code_mail.to == ["els@example.org"] and "bewaard" in code_mail.body
    assert "dementie" not in code_mail.body.lower()
    page = client.post(start_url, {"stap": "code", "code": "123"}).content.decode()
    assert "Deze code klopt niet" in page
    page = client.post(
        start_url, {"stap": "code", "code": code_from_mail("els@example.org")}
    ).content.decode()
    assert "Klopt dit nog?" in page and "Mijn vader of moeder" in page
    assert "Mijn partner" not in page
    # The address comes from the session, not from the form: another address is ignored.
    page = client.post(
        start_url,
        {"stap": "kies", "keuze": str(saved.pk), "email": "iemand.anders@example.org"},
    ).content.decode()
    assert "Ingevuld met wat de mantelzorger bewaarde" in page
    assert re.search(r'value="dementie"[^>]*checked', page)
    assert 'value="els@example.org"' in page and "iemand.anders" not in page


def test_an_address_without_kept_answers_learns_nothing_more(
    client, referrer, django_capture_on_commit_callbacks
):
    client.force_login(referrer)
    start_url = reverse("referrers:start")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start_url, {"stap": "zoek", "email": "nieuw@example.org"})
    # A second code within the minute is refused, politely.
    again = client.post(start_url, {"stap": "zoek", "email": "nieuw@example.org"})
    assert "Wacht een minuut" in again.content.decode()
    page = client.post(
        start_url, {"stap": "code", "code": code_from_mail("nieuw@example.org")}
    ).content.decode()
    assert "geen bewaarde antwoorden" in page and 'value="nieuw@example.org"' in page
    page = client.post(start_url, {"stap": "zoek", "email": "geen adres"}).content.decode()
    assert "Vul een geldig e-mailadres in" in page


def test_what_waits_for_consent_can_be_changed_or_thrown_away(
    client, referrer, django_capture_on_commit_callbacks
):
    """The caregiver wants something left out: the referrer changes it, and a code sent for
    the old text no longer counts; or they stop, and nothing is kept."""
    handover = start(client, referrer)
    old_code = send_code(client, handover, django_capture_on_commit_callbacks)
    change = reverse("referrers:change", args=[handover.pk])
    page = client.get(change).content.decode()
    assert "Moeder dwaalt" in page and 'value="Els Bakker"' in page  # filled in
    response = client.post(change, answers(notes=""))
    assert response["Location"] == reverse("referrers:consent", args=[handover.pk])
    handover.refresh_from_db()
    assert handover.answers["notes"] == [""] and handover.code_hash == ""
    page = client.post(response["Location"], {"stap": "code", "code": old_code}).content.decode()
    assert "Na een wijziging werkt een eerdere code niet meer" in page
    assert not RespiteRequest.objects.exists()
    # Invalid changes keep what was typed and change nothing.
    page = client.post(change, answers(where="7811")).content.decode()
    assert "werkt niet in Emmen" in page
    handover.refresh_from_db()
    assert handover.municipality.code == "GM1731"

    response = client.post(reverse("referrers:discard", args=[handover.pk]), follow=True)
    assert "Er is niets naar de gemeente gegaan" in response.content.decode()
    assert not Handover.objects.exists()
    # Once sent, neither is possible.
    sent = start(client, referrer)
    consent_by_code(client, sent, django_capture_on_commit_callbacks)
    assert client.get(reverse("referrers:change", args=[sent.pk]))["Location"] == reverse(
        "referrers:detail", args=[sent.pk]
    )
    client.post(reverse("referrers:discard", args=[sent.pk]))
    assert Handover.objects.filter(pk=sent.pk).exists()
    # Another referrer cannot touch it.
    other = ReferrerFactory(organisation=referrer.referrer_organisation)
    waiting = start(client, referrer, intake_name="Jan de Vries")
    client.force_login(other)
    assert client.post(reverse("referrers:discard", args=[waiting.pk])).status_code == 404
    assert client.get(reverse("referrers:change", args=[waiting.pk])).status_code == 404


def test_a_caregiver_without_email_gets_a_letter_that_there_is_a_place(
    client, referrer, consultant, django_capture_on_commit_callbacks
):
    """A walk found that a caregiver without e-mail never heard of the place found: the
    werkbak says so and gives the letter (or the phone number to call)."""
    handover = start(
        client,
        referrer,
        consent_way="voorgelezen",
        intake_email="",
        contact_method="telefoon",
        phone="06 12345678",
        postal_address="Brink 1\n9411 AA Beilen",
    )
    client.post(
        reverse("referrers:consent", args=[handover.pk]), {"stap": "voorlezen", "read_aloud": "on"}
    )
    handover.refresh_from_db()
    sent = handover.respite_request
    provider = ProviderFactory(name="Zorggroep", municipality=sent.municipality)
    offer = OfferFactory(
        name="Logeerhuis De Linde",
        provider=provider,
        municipality=sent.municipality,
        kind=Kind.LOGEERZORG,
    )
    planner = ProviderStaffFactory(provider=provider, work_phone="0592 700 190")
    request_claim(respite_request=sent, consultant=consultant)
    referral = referral_create(
        respite_request=sent, consultant=consultant, offer=offer, first_name="Aaltje"
    )
    client.force_login(consultant)
    letter = reverse("werkbak:referral_letter", args=[sent.reference, referral.pk])
    assert (
        "de brief dat er plek is"
        not in client.get(reverse("werkbak:request", args=[sent.reference])).content.decode()
    )
    assert client.get(letter)["Location"] == reverse("werkbak:request", args=[sent.reference])
    start_date = timezone.localdate() + timedelta(days=20)
    referral_accept(
        referral=referral, member=planner, start_date=start_date, end_date=start_date + timedelta(2)
    )
    page = client.get(reverse("werkbak:request", args=[sent.reference])).content.decode()
    assert "Deze mantelzorger krijgt geen e-mail." in page and 'href="tel:+31612345678"' in page
    response = client.get(letter)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    client.force_login(StaffFactory(roles=[("GM0106", RoleKind.CONSULTANT)]))
    assert client.get(letter).status_code == 404
