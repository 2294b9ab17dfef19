"""Referrers' workflow (issue 24.1–3). Every change locks the handover's row; mails go after
commit through portal.mail and never carry health details."""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.services import account_for, invitation_link
from portal.i18n import later
from portal.mail import absolute_url, send
from referrers.choices import CODE_MINUTES, CODE_TRIES, WAITING_DAYS, ConsentWay, HandoverState
from referrers.forms import ReferrerRequestForm
from referrers.models import Handover, ReferrerMember, ReferrerOrganisation
from respite.choices import TimelineKind
from respite.models import RespiteRequest, TimelineEntry
from respite.services.requests import answers_save, request_submit

RESEND_SECONDS = 60
ANONYMOUS = "—"  # the name of a caregiver whose request was anonymised


class HandoverError(Exception):
    """A step that cannot be taken now; the message is shown to the user."""


# ---- Organisations and their professionals (editors, superusers) -------------------------


@transaction.atomic
def organisation_create(*, municipality, name: str, kind: str, phone: str = ""):
    organisation = ReferrerOrganisation.objects.create(name=name, kind=kind, phone=phone)
    organisation.municipalities.add(municipality)
    return organisation


def organisation_add_municipality(*, organisation, municipality) -> None:
    """An organisation can serve several municipalities (a casemanagement for the region)."""
    organisation.municipalities.add(municipality)


@transaction.atomic
def member_invite(
    *, organisation, email: str, first_name: str, last_name: str, job_title: str, invited_by
) -> User:
    """Create the professional's account and mail a link to choose a password; signing in
    then asks for two-factor login, as for all staff."""
    user, _created = account_for(email, first_name=first_name, last_name=last_name, verified=True)
    if user.respite_requests.exists():
        raise HandoverError(_("Dit e-mailadres hoort bij een mantelzorger. Kies een werkadres."))
    membership = getattr(user, "referrer_membership", None)
    if membership and membership.organisation_id != organisation.pk:
        raise HandoverError(_("Dit e-mailadres hoort al bij een andere organisatie."))
    if membership is None and user.is_staff_member:
        raise HandoverError(_("Dit e-mailadres hoort al bij een medewerker."))
    ReferrerMember.objects.update_or_create(
        user=user,
        defaults={"organisation": organisation, "job_title": job_title, "invited_by": invited_by},
    )
    send(
        "referrers/member_invite",
        user.email,
        {"inviter": invited_by, "organisation": organisation.name, "link": invitation_link(user)},
    )
    return user


# ---- A handover: started with the caregiver, sent when they agree -------------------------


def handover_start(*, referrer, form: ReferrerRequestForm, answers: dict) -> Handover:
    """Keep what the referrer filled in with the caregiver, until the caregiver agrees."""
    return Handover.objects.create(
        referrer=referrer,
        organisation=referrer.referrer_organisation,
        municipality=form.municipality,
        caregiver_name=form.cleaned_data["intake_name"],
        answers=answers,
        consent_way=form.cleaned_data["consent_way"],
    )


@transaction.atomic
def handover_update(*, handover: Handover, form: ReferrerRequestForm, answers: dict) -> Handover:
    """Change what waits for consent (the caregiver wants something left out). A code sent
    for the old text no longer counts: the caregiver agrees to what they see now."""
    locked = _locked(handover)
    locked.municipality = form.municipality
    locked.caregiver_name = form.cleaned_data["intake_name"]
    locked.answers = answers
    locked.consent_way = form.cleaned_data["consent_way"]
    locked.code_hash, locked.code_sent_at, locked.code_tries = "", None, 0
    locked.save()
    return locked


@transaction.atomic
def handover_discard(*, handover: Handover) -> None:
    """Stop before anything was sent: the answers are gone at once."""
    _locked(handover).delete()


def handover_form(handover: Handover) -> ReferrerRequestForm:
    """The stored answers, checked again (a date may have passed since)."""
    data = QueryDict(mutable=True)
    for key, values in handover.answers.items():
        data.setlist(key, values)
    return ReferrerRequestForm(data, organisation=handover.organisation)


def _locked(handover: Handover) -> Handover:
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.state != HandoverState.WAITING:
        raise HandoverError(_("Deze aanvraag is al verstuurd."))
    return locked


@transaction.atomic
def handover_send_code(*, handover: Handover) -> None:
    """Mail the caregiver a six-digit code. They give it to the referrer when they agree."""
    locked = _locked(handover)
    if locked.consent_way != ConsentWay.CODE or not locked.email:
        raise HandoverError(_("Voor deze aanvraag is geen e-mailadres ingevuld."))
    now = timezone.now()
    if locked.code_sent_at and now - locked.code_sent_at < timedelta(seconds=RESEND_SECONDS):
        raise HandoverError(
            _("De code is net verstuurd. Wacht een minuut voor u een nieuwe vraagt.")
        )
    code = f"{secrets.randbelow(10**6):06d}"
    locked.code_hash = make_password(code)
    locked.code_sent_at = now
    locked.code_tries = 0
    locked.save(update_fields=["code_hash", "code_sent_at", "code_tries"])
    send(
        "referrers/consent_code",
        locked.email,
        {
            "code": code,
            # Not the organisation: "Casemanagement dementie" in a mail says too much.
            "referrer": locked.referrer,
            "municipality": locked.municipality.name,
            "minutes": CODE_MINUTES,
        },
        urgent=True,
    )


def handover_confirm_code(*, handover: Handover, code: str, keep: bool = False) -> RespiteRequest:
    """The caregiver agreed and gave the code: their account is made (or found) with the
    address proven, and the request goes to the municipality. `keep`: the caregiver chose to
    keep the answers about their naaste for a next request (issue 24.4)."""
    with transaction.atomic():
        locked = _locked(handover)
        if not locked.code_hash:
            raise HandoverError(
                _(
                    "Er is nog geen geldige code. Na een wijziging werkt een eerdere code niet "
                    "meer: stuur de code (opnieuw) naar de mantelzorger."
                )
            )
        if locked.code_tries >= CODE_TRIES:
            raise HandoverError(_("De code is te vaak fout ingevuld. Stuur een nieuwe code."))
        if timezone.now() - locked.code_sent_at > timedelta(minutes=CODE_MINUTES):
            raise HandoverError(_("Deze code is verlopen. Stuur een nieuwe code."))
        if not check_password("".join(code.split()), locked.code_hash):
            locked.code_tries += 1
            locked.save(update_fields=["code_tries"])
            wrong = True
        else:
            wrong = False
            user, _created = account_for(
                locked.email, first_name=locked.caregiver_name, verified=True
            )
            if user.is_staff_member:
                raise HandoverError(
                    _(
                        "Dit e-mailadres hoort bij een medewerker. Vul het adres van de "
                        "mantelzorger in."
                    )
                )
            if keep:
                answers_save(caregiver=user, answers=locked.answers)
            return _send(locked, caregiver=user)
    if wrong:  # the try is counted (committed) before saying so
        raise HandoverError(
            _("Deze code klopt niet. Gebruik de code uit de nieuwste e-mail en probeer opnieuw.")
        )


@transaction.atomic
def handover_consent_aloud(*, handover: Handover) -> RespiteRequest:
    """For a caregiver without e-mail: the referrer read the fixed text aloud and the
    caregiver said yes. The text is kept word for word; a letter follows."""
    locked = _locked(handover)
    if locked.consent_way != ConsentWay.ALOUD:
        raise HandoverError(_("Voor deze aanvraag geeft de mantelzorger toestemming met een code."))
    locked.consent_text = consent_text(locked)
    return _send(locked, caregiver=None)


def consent_text(handover: Handover) -> str:
    """The fixed text the referrer reads aloud (and the letter repeats)."""
    return " ".join(
        render_to_string(
            "referrers/_consent_text.txt",
            {
                "referrer": handover.referrer,
                "organisation": handover.organisation.name,
                "municipality": handover.municipality.name,
                "phone": (
                    f" ({handover.municipality.loket_phone})"
                    if handover.municipality.loket_phone
                    else ""
                ),
            },
        ).split()
    )


def _send(locked: Handover, *, caregiver) -> RespiteRequest:
    form = handover_form(locked)
    if not form.is_valid():
        raise HandoverError(
            _("Er klopt iets niet meer, bijvoorbeeld een datum die voorbij is. Pas het aan.")
        )
    data = {
        name: form.cleaned_data[name]
        for name in (*RespiteRequest.ANSWER_FIELDS, "intake_name", "postal_address")
    }
    data["intake_email"] = form.cleaned_data.get("intake_email", "")
    data["referral_reason"] = form.cleaned_data["referral_reason"]
    respite_request = request_submit(
        caregiver=caregiver,
        data=data,
        municipality=form.municipality,
        submission_key=locked.pk.hex,
        referred_by=locked.referrer,
    )
    locked.respite_request = respite_request
    locked.state = HandoverState.SENT
    locked.consented_at = timezone.now()
    locked.code_hash = ""
    locked.answers = {}  # they live in the request now, with its retention and access log
    locked.save()
    return respite_request


@transaction.atomic
def consent_withdraw(*, respite_request: RespiteRequest, by) -> Handover:
    """The caregiver (or a consultant, for a caregiver who called) withdraws consent: the
    referrer sees nothing more of the request and hears no more news."""
    locked = (
        Handover.objects.select_for_update()
        .filter(respite_request=respite_request, state=HandoverState.SENT)
        .select_related("referrer")
        .first()
    )
    if locked is None:
        raise HandoverError(_("De toestemming was al ingetrokken."))
    locked.state = HandoverState.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["state", "withdrawn_at"])
    RespiteRequest.objects.filter(pk=respite_request.pk).update(referred_by=None)
    TimelineEntry.objects.create(
        respite_request=respite_request,
        kind=TimelineKind.INFO,
        actor=by,
        message=later(
            gettext_noop(
                "De toestemming voor %(name)s is ingetrokken. %(name)s ziet niets meer van deze "
                "aanvraag."
            ),
            name=locked.referrer,
        ),
    )
    send(
        "referrers/consent_withdrawn",
        locked.referrer.email,
        {"ref": respite_request.reference, "link": absolute_url(reverse("referrers:home"))},
    )
    return locked


@transaction.atomic
def letter_posted(*, respite_request: RespiteRequest, by) -> Handover:
    locked = (
        Handover.objects.select_for_update()
        .filter(respite_request=respite_request, consent_way=ConsentWay.ALOUD)
        .first()
    )
    if locked is None:
        raise HandoverError(_("Voor deze aanvraag hoort geen brief."))
    if locked.letter_posted_at is None:
        locked.letter_posted_at = timezone.now()
        locked.save(update_fields=["letter_posted_at"])
        TimelineEntry.objects.create(
            respite_request=respite_request,
            kind=TimelineKind.INFO,
            actor=by,
            message=later(gettext_noop("De brief over uw toestemming is naar uw adres gestuurd.")),
        )
    return locked


# ---- The answers a caregiver kept, with their permission (issue 24.4) ---------------------

LOOKUP_KEY = "referrer-saved-lookup"


def saved_lookup_send(*, session, referrer, email: str) -> None:
    """Mail the caregiver a code that lets this referrer read the answers they kept. The
    code (hashed), its time and the tries live in the referrer's session only. Sent to any
    address (an unknown one learns nothing), at most once a minute."""
    now = timezone.now()
    pending = session.get(LOOKUP_KEY) or {}
    sent_at = pending.get("sent_at")
    if sent_at and now.timestamp() - sent_at < RESEND_SECONDS:
        raise HandoverError(
            _("De code is net verstuurd. Wacht een minuut voor u een nieuwe vraagt.")
        )
    code = f"{secrets.randbelow(10**6):06d}"
    email = email.strip().lower()
    session[LOOKUP_KEY] = {
        "email": email,
        "hash": make_password(code),
        "sent_at": now.timestamp(),
        "tries": 0,
        "ok": False,
    }
    send(
        "referrers/saved_code",
        email,
        {"code": code, "referrer": referrer, "minutes": CODE_MINUTES},
        urgent=True,
    )


def saved_lookup_check(*, session, code: str) -> str:
    """The code the caregiver gave: right, the referrer may read their kept answers (in this
    session, for CODE_MINUTES). Returns the address."""
    pending = session.get(LOOKUP_KEY)
    if not pending:
        raise HandoverError(_("Vraag eerst een code aan."))
    if pending["tries"] >= CODE_TRIES:
        raise HandoverError(_("De code is te vaak fout ingevuld. Vraag een nieuwe code aan."))
    if timezone.now().timestamp() - pending["sent_at"] > CODE_MINUTES * 60:
        raise HandoverError(_("Deze code is verlopen. Vraag een nieuwe code aan."))
    if not check_password("".join(code.split()), pending["hash"]):
        pending["tries"] += 1
        session[LOOKUP_KEY] = pending
        raise HandoverError(_("Deze code klopt niet. Kijk goed in de e-mail en probeer opnieuw."))
    pending["ok"] = True
    session[LOOKUP_KEY] = pending
    return pending["email"]


def saved_lookup_email(session) -> str | None:
    """The address whose kept answers this referrer may read now, or None."""
    pending = session.get(LOOKUP_KEY) or {}
    fresh = timezone.now().timestamp() - pending.get("sent_at", 0) <= CODE_MINUTES * 60
    return pending["email"] if pending.get("ok") and fresh else None


def handovers_purge(*, now=None) -> int:
    """Handovers nobody agreed to hold health details: wiped after WAITING_DAYS. A sent one
    whose request was anonymised (its retention ended, or the caregiver left) keeps no name
    either. Returns how many were wiped."""
    now = now or timezone.now()
    Handover.objects.filter(respite_request__anonymised_at__isnull=False).exclude(
        caregiver_name=ANONYMOUS
    ).update(caregiver_name=ANONYMOUS)
    return Handover.objects.filter(
        state=HandoverState.WAITING, created_at__lt=now - timedelta(days=WAITING_DAYS)
    ).delete()[0]
