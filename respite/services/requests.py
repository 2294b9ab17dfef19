"""Request workflow: each state change checks the current state under a row lock, writes a
timeline row and sends mail after commit. Mails never contain health details."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import RoleKind
from accounts.models import User
from portal.i18n import later, lowered
from portal.mail import absolute_url, send
from respite.choices import (
    DECISION_REASONS,
    GRANTING,
    TRANSITIONS,
    Decision,
    ReferrerNews,
    Status,
    TimelineKind,
)
from respite.forms import saved_fields, saved_municipality
from respite.models import (
    AccessLogEntry,
    ContactPerson,
    InternalNote,
    RespiteRequest,
    SavedAnswers,
    TimelineEntry,
)


class RequestError(Exception):
    """A change that is not allowed now; the message is shown to the user."""


def _caregiver_mail(respite_request: RespiteRequest, event: str, **context) -> None:
    """Tell the caregiver in plain words what happened (templates/mail/respite/<event>_*):
    never health details, so no answers, notes or decision texts, only who did what and
    where to look."""
    if not respite_request.caregiver:
        return
    send(
        f"respite/{event}",
        respite_request.caregiver.email,
        {
            "ref": respite_request.reference,
            "link": absolute_url(respite_request.get_absolute_url()),
            "municipality": respite_request.municipality.name,
            **context,
        },
    )


def _staff_mail(respite_request: RespiteRequest, event: str, recipients, **context) -> None:
    """To consultants, with the link to the request in the werkbak."""
    send(
        f"respite/{event}",
        sorted(recipients),
        {
            "ref": respite_request.reference,
            "link": absolute_url(reverse("werkbak:request", args=[respite_request.reference])),
            "municipality": respite_request.municipality.name,
            **context,
        },
    )


def tell_referrer(respite_request: RespiteRequest, news: str) -> None:
    """The professional who started the request with the caregiver hears how it goes (issue
    24.3): one status word and where to look, never health details. Nothing once the caregiver
    withdrew that consent (referred_by is then empty)."""
    referrer = respite_request.referred_by
    if referrer is None or not referrer.is_active:
        return
    send(
        "respite/referrer_news",
        referrer.email,
        {
            "ref": respite_request.reference,
            "news": ReferrerNews(news).label,
            "link": absolute_url(reverse("referrers:home")),
            "municipality": respite_request.municipality.name,
        },
    )


def require_holder(respite_request: RespiteRequest, consultant) -> None:
    """A request someone else holds is changed only after 'Ik neem deze over': colleagues can
    always help, but through an explicit step the holder and the caregiver hear about."""
    if respite_request.assigned_to_id and respite_request.assigned_to_id != consultant.pk:
        raise RequestError(
            _(
                "%(name)s behandelt deze aanvraag. Wilt u helpen? Kies dan eerst "
                "'Ik neem deze over'."
            )
            % {"name": respite_request.assigned_to}
        )


def active_contact_person(caregiver, municipality) -> ContactPerson | None:
    return (
        ContactPerson.objects.filter(
            caregiver=caregiver, municipality=municipality, ended_at__isnull=True
        )
        .select_related("consultant")
        .first()
    )


def request_submit(
    *,
    caregiver,
    data: dict,
    municipality,
    offer=None,
    submission_key: str | None = None,
    referred_by=None,
) -> RespiteRequest:
    """Create the request for the municipality where the person cared for lives, and send it
    straight to the caregiver's fixed contact person there, if there is one.

    The same form sent twice (same submission_key) stores one request: the second gets the
    first, also when both arrive at the same moment (the key is unique in the database)."""
    try:
        return _request_create(
            caregiver=caregiver,
            data=data,
            municipality=municipality,
            offer=offer,
            submission_key=submission_key,
            referred_by=referred_by,
        )
    except IntegrityError:
        if submission_key is None:
            raise
        return RespiteRequest.objects.get(caregiver=caregiver, submission_key=submission_key)


@transaction.atomic
def _request_create(
    *, caregiver, data, municipality, offer, submission_key, referred_by
) -> RespiteRequest:
    respite_request = RespiteRequest.objects.create(
        caregiver=caregiver,
        municipality=municipality,
        offer=offer,
        submission_key=submission_key,
        referred_by=referred_by,
        **data,
    )
    TimelineEntry.objects.create(
        respite_request=respite_request,
        kind=TimelineKind.STATUS,
        actor=referred_by or caregiver,
        to_status=Status.SUBMITTED,
        message=(
            later(
                gettext_noop(
                    "%(name)s heeft de aanvraag samen met u ingediend, met uw toestemming."
                ),
                name=referred_by,
            )
            if referred_by
            else later(gettext_noop("U heeft de aanvraag ingediend."))
        ),
    )
    contact = active_contact_person(caregiver, municipality)
    if contact:
        respite_request.assigned_to = contact.consultant
        respite_request.save(update_fields=["assigned_to"])
        TimelineEntry.objects.create(
            respite_request=respite_request,
            kind=TimelineKind.ASSIGNED,
            actor=caregiver,
            message=later(
                gettext_noop("Uw vaste contactpersoon %(name)s heeft de aanvraag gekregen."),
                name=contact.consultant,
            ),
        )
        staff = [contact.consultant.email]
    else:
        staff = list(
            municipality.staff_roles.filter(
                kind=RoleKind.CONSULTANT, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    _caregiver_mail(respite_request, "received")
    _staff_mail(respite_request, "new_request", staff)
    return respite_request


@transaction.atomic
def request_transition(
    *, respite_request: RespiteRequest, actor, to_status: str, message: dict | None = None
):
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    if to_status not in TRANSITIONS[locked.status]:
        raise RequestError(
            _("Dit kan niet: de aanvraag is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    from_status = locked.status
    locked.status = to_status
    fields = ["status"]
    if to_status in (Status.CLOSED, Status.WITHDRAWN):
        locked.closed_at = timezone.now()
        fields.append("closed_at")
    locked.save(update_fields=fields)
    TimelineEntry.objects.create(
        respite_request=locked,
        kind=TimelineKind.STATUS,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        message=message or {},
    )
    if to_status == Status.CLOSED:
        tell_referrer(locked, ReferrerNews.DONE)
    elif to_status == Status.WITHDRAWN:
        tell_referrer(locked, ReferrerNews.FAILED)
    status = lowered(Status(to_status).label)
    if locked.caregiver and locked.caregiver != actor:
        _caregiver_mail(locked, "status_changed", status=status)
    if locked.assigned_to and locked.assigned_to != actor:
        _staff_mail(locked, "status_changed_staff", [locked.assigned_to.email], status=status)
    return locked


@transaction.atomic
def request_add_information(
    *, respite_request: RespiteRequest, caregiver, text: str
) -> TimelineEntry:
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    if locked.status not in TRANSITIONS or not TRANSITIONS[locked.status]:
        raise RequestError(_("Deze aanvraag is afgesloten. Doe een nieuwe aanvraag."))
    entry = TimelineEntry.objects.create(
        respite_request=locked, kind=TimelineKind.INFO, actor=caregiver, text=text
    )
    if locked.assigned_to:
        _staff_mail(locked, "information_added", [locked.assigned_to.email])
    return entry


# ---- The consultants' side ----


def _require_callable(consultant) -> None:
    """The contact person must be callable: no claim without a work phone and hours."""
    if not consultant.is_callable:
        raise RequestError(
            _(
                "Vul eerst uw telefoonnummer en bereikbaarheid in bij 'Mijn gegevens'. "
                "De mantelzorger moet u kunnen bellen."
            )
        )


@transaction.atomic
def request_claim(*, respite_request: RespiteRequest, consultant) -> RespiteRequest:
    """'Ik pak deze op'. Under a row lock, so of two simultaneous claims exactly one wins.
    The consultant becomes the caregiver's fixed contact person in this municipality."""
    _require_callable(consultant)
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    if locked.assigned_to_id:
        if locked.assigned_to_id == consultant.pk:
            raise RequestError(_("U had deze aanvraag al opgepakt."))
        raise RequestError(
            _("%(name)s heeft deze aanvraag net opgepakt. Kies een andere aanvraag.")
            % {"name": locked.assigned_to}
        )
    if locked.status != Status.SUBMITTED:
        raise RequestError(_("Deze aanvraag is al in behandeling of afgesloten."))
    locked.assigned_to = consultant
    locked.status = Status.IN_PROGRESS
    locked.first_contact_at = timezone.now()
    locked.save(update_fields=["assigned_to", "status", "first_contact_at"])
    TimelineEntry.objects.create(
        respite_request=locked,
        kind=TimelineKind.STATUS,
        actor=consultant,
        from_status=Status.SUBMITTED,
        to_status=Status.IN_PROGRESS,
        message=later(gettext_noop("%(name)s behandelt uw aanvraag."), name=consultant),
    )
    if locked.caregiver and not active_contact_person(locked.caregiver, locked.municipality):
        ContactPerson.objects.create(
            caregiver=locked.caregiver, municipality=locked.municipality, consultant=consultant
        )
        TimelineEntry.objects.create(
            respite_request=locked,
            kind=TimelineKind.ASSIGNED,
            actor=consultant,
            message=later(gettext_noop("%(name)s is nu uw vaste contactpersoon."), name=consultant),
        )
    _caregiver_mail(locked, "claimed", consultant=consultant)
    tell_referrer(locked, ReferrerNews.TAKEN)
    return locked


def request_open_details(*, respite_request: RespiteRequest, user, reason: str | dict) -> None:
    """Opening the personal details leaves a row the caregiver can see."""
    if isinstance(reason, dict):  # portal.i18n.later: shown in the reader's language
        AccessLogEntry.objects.create(respite_request=respite_request, user=user, message=reason)
    else:
        AccessLogEntry.objects.create(
            respite_request=respite_request, user=user, reason=reason[:200]
        )


@transaction.atomic
def request_ask_information(
    *, respite_request: RespiteRequest, consultant, text: str
) -> TimelineEntry:
    """A question to the caregiver: on their timeline, and a mail that says only that there
    is a question (the question itself may touch on health, so it stays behind the login)."""
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    if locked.status not in (Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED):
        raise RequestError(_("Deze aanvraag is afgesloten."))
    if not locked.caregiver:
        raise RequestError(
            _("Deze mantelzorger heeft nog geen account. Bel of schrijf de mantelzorger.")
        )
    entry = TimelineEntry.objects.create(
        respite_request=locked, kind=TimelineKind.QUESTION, actor=consultant, text=text
    )
    _caregiver_mail(locked, "question", consultant=consultant)
    return entry


def request_note(*, respite_request: RespiteRequest, author, text: str) -> InternalNote:
    return InternalNote.objects.create(respite_request=respite_request, author=author, text=text)


@transaction.atomic
def request_link_offer(*, respite_request: RespiteRequest, consultant, offer) -> None:
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    if locked.status not in (Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED):
        raise RequestError(_("Deze aanvraag is afgesloten."))
    if locked.linked_offers.filter(pk=offer.pk).exists():
        raise RequestError(_("Dit aanbod is al gekoppeld."))
    locked.linked_offers.add(offer)
    TimelineEntry.objects.create(
        respite_request=locked,
        kind=TimelineKind.INFO,
        actor=consultant,
        message=later(
            gettext_noop("Passend aanbod gevonden: %(name)s (%(phone)s)."),
            name=offer.name,
            phone=offer.contact_phone or "-",
        ),
    )


@transaction.atomic
def request_decide(
    *,
    respite_request: RespiteRequest,
    consultant,
    decision: str,
    reason: str,
    text: str,
    valid_from=None,
):
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    if locked.status == Status.DECIDED:
        # Two tabs, or a colleague just before: say what was decided, never overwrite it.
        raise RequestError(
            _(
                "Er is intussen al een besluit vastgelegd: %(decision)s, op %(when)s. Uw "
                "besluit is niet opgeslagen; wat u typte, staat hieronder."
            )
            % {
                "decision": locked.get_decision_display().lower(),
                "when": date_format(timezone.localtime(locked.decided_at), "j F Y, H:i"),
            }
        )
    if locked.status != Status.IN_PROGRESS:
        raise RequestError(_("Een besluit kan alleen als de aanvraag in behandeling is."))
    if reason not in DECISION_REASONS.get(decision, ()):
        raise RequestError(_("Deze reden past niet bij dit besluit."))
    locked.status = Status.DECIDED
    locked.decision, locked.decision_reason, locked.decision_text = decision, reason, text
    locked.decision_from = valid_from if decision in GRANTING else None
    locked.decided_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "decision",
            "decision_reason",
            "decision_text",
            "decision_from",
            "decided_at",
        ]
    )
    TimelineEntry.objects.create(
        respite_request=locked,
        kind=TimelineKind.STATUS,
        actor=consultant,
        from_status=Status.IN_PROGRESS,
        to_status=Status.DECIDED,
        message=later(
            gettext_noop("Besluit: %(decision)s."),
            decision=later(Decision(decision).label, lower=True),
        ),
        text=text,
    )
    _caregiver_mail(locked, "decided", decision=lowered(Decision(decision).label))
    tell_referrer(locked, ReferrerNews.DECIDED if decision in GRANTING else ReferrerNews.FAILED)
    return locked


@transaction.atomic
def request_close(*, respite_request: RespiteRequest, consultant) -> RespiteRequest:
    """'Aanvraag afronden', by whoever holds the request."""
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    return request_transition(
        respite_request=locked,
        actor=consultant,
        to_status=Status.CLOSED,
        message=later(gettext_noop("De aanvraag is afgerond.")),
    )


@transaction.atomic
def request_take_over(
    *, respite_request: RespiteRequest, consultant, reason: str
) -> RespiteRequest:
    """'Ik neem deze over': a colleague of the same municipality takes a request another
    consultant holds (ill, on leave, the caregiver called). With a reason, on the timeline,
    and the colleague and the caregiver are told. The fixed-contact relation stays."""
    _require_callable(consultant)
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    if locked.status not in (Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED):
        raise RequestError(_("Deze aanvraag is afgesloten."))
    if not locked.assigned_to_id:
        raise RequestError(_("Niemand behandelt deze aanvraag nog: pak hem gewoon op."))
    if locked.assigned_to_id == consultant.pk:
        raise RequestError(_("U behandelt deze aanvraag al."))
    if (
        not consultant.roles.filter(
            kind=RoleKind.CONSULTANT, municipality=locked.municipality
        ).exists()
        and not consultant.is_superuser
    ):
        raise RequestError(_("Alleen een consulent van dezelfde gemeente kan hem overnemen."))
    previous = locked.assigned_to
    locked.assigned_to = consultant
    locked.save(update_fields=["assigned_to"])
    InternalNote.objects.create(
        respite_request=locked,
        author=consultant,
        text=_("Overgenomen van %(name)s: %(reason)s") % {"name": previous, "reason": reason},
    )
    message = later(gettext_noop("%(name)s behandelt nu uw aanvraag."), name=consultant)
    fixed = active_contact_person(locked.caregiver, locked.municipality)
    if fixed and fixed.consultant_id != consultant.pk:
        message = later(
            gettext_noop(
                "%(name)s behandelt nu uw aanvraag. Uw vaste contactpersoon blijft %(fixed)s."
            ),
            name=consultant,
            fixed=fixed.consultant,
        )
    TimelineEntry.objects.create(
        respite_request=locked, kind=TimelineKind.ASSIGNED, actor=consultant, message=message
    )
    staying = fixed.consultant if fixed and fixed.consultant_id != consultant.pk else None
    _caregiver_mail(locked, "taken_over", consultant=consultant, fixed=staying)
    _staff_mail(locked, "taken_over_staff", [previous.email], consultant=consultant, reason=reason)
    return locked


@transaction.atomic
def request_hand_over(
    *, respite_request: RespiteRequest, consultant, colleague, reason: str, whole_relation: bool
) -> RespiteRequest:
    """Give a request, or the whole caregiver relation, to a colleague of the municipality."""
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    if not colleague.roles.filter(
        kind=RoleKind.CONSULTANT, municipality=locked.municipality
    ).exists():
        raise RequestError(_("Kies een collega van dezelfde gemeente."))
    if colleague == locked.assigned_to:
        raise RequestError(_("Deze collega behandelt de aanvraag al."))
    locked.assigned_to = colleague
    locked.save(update_fields=["assigned_to"])
    InternalNote.objects.create(
        respite_request=locked,
        author=consultant,
        text=_("Overgedragen aan %(name)s: %(reason)s") % {"name": colleague, "reason": reason},
    )
    message = later(gettext_noop("%(name)s behandelt nu uw aanvraag."), name=colleague)
    if whole_relation and locked.caregiver:
        current = active_contact_person(locked.caregiver, locked.municipality)
        if current:
            ContactPerson.objects.filter(pk=current.pk).update(ended_at=timezone.now())
        ContactPerson.objects.create(
            caregiver=locked.caregiver, municipality=locked.municipality, consultant=colleague
        )
        RespiteRequest.objects.filter(
            caregiver=locked.caregiver,
            municipality=locked.municipality,
            status__in=[Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED],
        ).update(assigned_to=colleague)
        message = later(gettext_noop("Uw nieuwe vaste contactpersoon is %(name)s."), name=colleague)
    TimelineEntry.objects.create(
        respite_request=locked, kind=TimelineKind.ASSIGNED, actor=consultant, message=message
    )
    _caregiver_mail(
        locked, "handed_over", consultant=colleague, whole_relation=whole_relation and True
    )
    _staff_mail(locked, "handed_over_staff", [colleague.email], by=consultant)
    return locked


@transaction.atomic
def contact_end(*, contact: ContactPerson, consultant) -> None:
    """Aftercare finished: end the fixed-contact relation explicitly."""
    locked = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    if locked.ended_at:
        raise RequestError(_("Dit contact is al beëindigd."))
    if locked.consultant_id != consultant.pk:
        raise RequestError(
            _(
                "%(name)s is de vaste contactpersoon. Alleen die kan het contact beëindigen, "
                "of het eerst aan u overdragen."
            )
            % {"name": locked.consultant}
        )
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])


@transaction.atomic
def request_intake(*, consultant, municipality, data: dict) -> RespiteRequest:
    """A request taken by phone: the consultant handles it at once and keeps it."""
    _require_callable(consultant)
    respite_request = RespiteRequest.objects.create(
        municipality=municipality,
        assigned_to=consultant,
        status=Status.IN_PROGRESS,
        first_contact_at=timezone.now(),
        **data,
    )
    TimelineEntry.objects.create(
        respite_request=respite_request,
        kind=TimelineKind.STATUS,
        actor=consultant,
        to_status=Status.IN_PROGRESS,
        message=later(
            gettext_noop("Aanvraag telefonisch opgenomen door %(name)s."), name=consultant
        ),
    )
    return respite_request


@transaction.atomic
def request_invite_caregiver(*, respite_request: RespiteRequest, consultant, email: str):
    """Give a phone intake to the caregiver's (new or existing) account and mail an invitation.
    They sign in with a code; the request and their contact person are then on their pages."""
    from accounts.services import account_for

    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    require_holder(locked, consultant)
    if locked.caregiver_id:
        raise RequestError(_("Deze aanvraag hoort al bij een account."))
    email = email.strip().lower()
    user, _created = account_for(email, first_name=locked.intake_name, verified=False)
    if user.is_staff_member:
        raise RequestError(_("Dit e-mailadres hoort bij een medewerker."))
    locked.caregiver = user
    locked.intake_email = email
    locked.save(update_fields=["caregiver", "intake_email"])
    if not active_contact_person(user, locked.municipality):
        ContactPerson.objects.create(
            caregiver=user, municipality=locked.municipality, consultant=consultant
        )
    send(
        "respite/intake_follow",
        email,
        {"consultant": consultant, "link": absolute_url(reverse("account_request_login_code"))},
    )
    return locked


# ---- The story told once (issue 24.4) -----------------------------------------------------


@transaction.atomic
def answers_save(*, caregiver, answers: dict) -> SavedAnswers | None:
    """Keep, with the caregiver's consent, the answers about this naaste, where they live and
    how to reach the caregiver; one set per naaste, the newest wins."""
    kept = {name: values for name, values in answers.items() if name in saved_fields()}
    relationship = (kept.get("relationship") or [""])[0]
    if not relationship:
        return None
    saved, _created = SavedAnswers.objects.update_or_create(
        caregiver=caregiver, relationship=relationship, defaults={"answers": kept}
    )
    return saved


def answers_forget(*, caregiver, pk: int) -> int:
    """Wipe a set of saved answers; only the caregiver's own."""
    return SavedAnswers.objects.filter(caregiver=caregiver, pk=pk).delete()[0]


def saved_answers_for(email: str, municipalities) -> list[SavedAnswers]:
    """The kept answers of the caregiver with this address, for a naaste who lives in one of
    these municipalities: what a consultant taking a call (or a referrer the caregiver gave
    a code to) may start a new request with. Nothing for a staff address."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None or user.is_staff_member:
        return []
    wanted = {m.pk for m in municipalities}
    return [
        saved
        for saved in user.saved_answers.order_by("-saved_at")
        if (where := saved_municipality(saved)) is not None and where.pk in wanted
    ]
