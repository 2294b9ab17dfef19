"""What a referrer sees of a request they started (issue 24.3): one status line in words and
the caregiver's fixed contact, never the answers, the consultant's notes or the decision's
text."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from respite.choices import (
    GRANTING,
    Decision,
    DecisionReason,
    ReferralStatus,
    ReferrerNews,
    Status,
    WithdrawReason,
)
from respite.models import ContactPerson, RespiteRequest

PLACED = (ReferralStatus.ACCEPTED, ReferralStatus.STARTED)


@dataclass(frozen=True)
class StatusLine:
    news: str  # a ReferrerNews label, or 'Verstuurd'
    text: str  # one sentence more: when and where, or why not
    contact_name: str
    contact_phone: str


def _stay(referral) -> str:
    where = referral.house_name
    if referral.location_id and referral.location.city:
        where = f"{where} ({referral.location.city})"
    text = f"{where}."
    if referral.start_date and referral.end_date:
        text = _("%(where)s, van %(start)s tot %(end)s.") % {
            "where": where,
            "start": date_format(referral.start_date, "j F Y"),
            "end": date_format(referral.end_date, "j F Y"),
        }
    if referral.settling_in_night:
        text += " " + _("Eerst wennen: de nacht van %(date)s.") % {
            "date": date_format(referral.settling_in_night, "j F Y")
        }
    return text


def _news(respite_request: RespiteRequest, referrals: list) -> tuple[str, str]:
    status = respite_request.status
    placed = [r for r in referrals if r.status in PLACED]
    completed = [r for r in referrals if r.status == ReferralStatus.COMPLETED]
    if status == Status.WITHDRAWN:
        why = respite_request.withdraw_reason
        reason = WithdrawReason(why).label if why else _("geen reden gegeven")
        return ReferrerNews.FAILED.label, _(
            "De mantelzorger heeft de aanvraag ingetrokken: %(why)s."
        ) % {"why": str(reason).lower()}
    if respite_request.decision and respite_request.decision not in GRANTING:
        reason = respite_request.decision_reason
        words = DecisionReason(reason).label if reason else Decision(respite_request.decision).label
        return ReferrerNews.FAILED.label, _(
            "Besluit van de gemeente: %(decision)s. Reden: %(why)s."
        ) % {
            "decision": Decision(respite_request.decision).label.lower(),
            "why": str(words).lower(),
        }
    if status == Status.CLOSED or (completed and not placed):
        if completed:
            return ReferrerNews.DONE.label, _("Het logeren bij %(stay)s is klaar.") % {
                "stay": completed[-1].house_name
            }
        return ReferrerNews.DONE.label, _("De gemeente heeft de aanvraag afgerond.")
    if placed:
        return ReferrerNews.PLACE_FOUND.label, _stay(placed[0])
    if status == Status.DECIDED:
        start = respite_request.decision_from
        return ReferrerNews.DECIDED.label, (
            _("Hulp toegekend vanaf %(date)s.") % {"date": date_format(start, "j F Y")}
            if start
            else _("Hulp toegekend.")
        )
    if status == Status.IN_PROGRESS:
        return ReferrerNews.TAKEN.label, _("Een Wmo-consulent behandelt de aanvraag.")
    return _("Verstuurd"), _("De gemeente heeft de aanvraag. Een consulent pakt hem snel op.")


def status_line(respite_request: RespiteRequest) -> StatusLine:
    referrals = sorted(respite_request.referrals.all(), key=lambda r: r.created_at)
    news, text = _news(respite_request, referrals)
    contact = None
    if respite_request.caregiver_id:
        found = (
            ContactPerson.objects.filter(
                caregiver_id=respite_request.caregiver_id,
                municipality_id=respite_request.municipality_id,
                ended_at__isnull=True,
            )
            .select_related("consultant")
            .first()
        )
        contact = found.consultant if found else None
    contact = contact or respite_request.assigned_to
    return StatusLine(
        news=str(news),
        text=str(text),
        contact_name=str(contact) if contact else "",
        contact_phone=contact.work_phone if contact else "",
    )
