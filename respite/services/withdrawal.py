"""A caregiver withdraws a request, with everything that hangs on it (issue 27.7): the nights
held at houses go back, referrals not yet begun are withdrawn and the houses told, all in one
transaction, so no house can say yes to a request that is gone (a race test on PostgreSQL)."""

from django.db import transaction
from django.utils.translation import gettext_noop

from portal.i18n import later
from respite.choices import Status
from respite.models import RespiteRequest
from respite.services.holds import hold_release
from respite.services.referrals import lock_nights_counter, referrals_end_with_request
from respite.services.requests import request_transition


@transaction.atomic
def request_withdraw(
    *, respite_request: RespiteRequest, caregiver, reason: str = ""
) -> RespiteRequest:
    """The caregiver withdraws; why is asked (for the figures of why help stays unused), never
    required. The nights counter is locked first, in the order every referral change takes."""
    lock_nights_counter(respite_request)
    withdrawn = request_transition(
        respite_request=respite_request,
        actor=caregiver,
        to_status=Status.WITHDRAWN,
        message=later(gettext_noop("U heeft de aanvraag ingetrokken.")),
    )
    if reason:
        withdrawn.withdraw_reason = reason
        withdrawn.save(update_fields=["withdraw_reason"])
    for hold in withdrawn.night_holds.active():
        hold_release(hold=hold)
    referrals_end_with_request(respite_request=withdrawn, by=caregiver)
    return withdrawn
