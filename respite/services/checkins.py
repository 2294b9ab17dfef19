"""After a stay: three short questions for the caregiver, the answer to the fixed contact
person, and eight weeks later an invitation to do the self-check again (issue 24.5).

The mails carry no health details and no answers: only that there are questions (with the
signed link), that they were answered, and whether the caregiver would like a call.
"""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from directory.choices import Kind
from portal.i18n import later
from portal.mail import absolute_url, send
from respite.choices import (
    CHECK_IN_AFTER_WEEKS,
    CHECK_IN_LINK_DAYS,
    SELF_CHECK_AGAIN_WEEKS,
    GoAgain,
    Obstacle,
    ReferralStatus,
    TimelineKind,
)
from respite.models import CheckIn, Referral, TimelineEntry
from respite.services.requests import (
    RequestError,
    _caregiver_mail,
    _staff_mail,
    active_contact_person,
)

# Help that goes on for weeks: the questions come after the first weeks, not at the end.
ONGOING_KINDS = (Kind.DAGBESTEDING, Kind.RESPIJTZORG_THUIS)


def check_in_open(*, referral: Referral) -> CheckIn:
    """Make the questions for this referral (once) and send the caregiver the link. Runs in
    the transaction that ends the stay, so the mail goes only if that is saved."""
    check_in, created = CheckIn.objects.get_or_create(referral=referral)
    if created:
        _caregiver_mail(
            referral.respite_request,
            "check_in",
            house=referral.house_name,
            check_in_link=absolute_url(check_in.get_absolute_url()),
            days=CHECK_IN_LINK_DAYS,
        )
    return check_in


def _fixed_contact(respite_request):
    """The consultant who hears the answer: the fixed contact person, else who handles it."""
    contact = (
        active_contact_person(respite_request.caregiver, respite_request.municipality)
        if respite_request.caregiver_id
        else None
    )
    return contact.consultant if contact else respite_request.assigned_to


@transaction.atomic
def check_in_answer(
    *, check_in: CheckIn, rested: str, go_again: str, obstacles: list[str], obstacle_text: str
) -> CheckIn:
    """Keep the answer, once; tell the fixed contact person, who is asked to call when the
    naaste would not go again."""
    locked = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    if locked.answered_at:
        raise RequestError(_("U heeft deze vragen al beantwoord. Dank u wel."))
    locked.rested, locked.go_again = rested, go_again
    locked.obstacles = [code for code in obstacles if code in Obstacle.values]
    locked.obstacle_text = obstacle_text.strip()[:300]
    locked.answered_at = timezone.now()
    locked.save()
    referral = Referral.objects.select_related("respite_request__municipality", "offer").get(
        pk=locked.referral_id
    )
    respite_request = referral.respite_request
    TimelineEntry.objects.create(
        respite_request=respite_request,
        kind=TimelineKind.INFO,
        message=later(
            gettext_noop("U vertelde hoe het ging bij %(house)s. Uw contactpersoon leest het."),
            house=referral.house_name,
        ),
    )
    consultant = _fixed_contact(respite_request)
    if consultant is not None:
        _staff_mail(
            respite_request,
            "check_in_answered",
            [consultant.email],
            house=referral.house_name,
            call=locked.go_again == GoAgain.NO,
        )
    return locked


def check_ins_for_ongoing_help(*, today: date | None = None) -> int:
    """Day care and blokzorg: the questions after the first four weeks since it began."""
    today = today or timezone.localdate()
    began_before = timezone.now() - timedelta(weeks=CHECK_IN_AFTER_WEEKS)
    opened = 0
    for pk in Referral.objects.filter(
        status=ReferralStatus.STARTED,
        offer__kind__in=ONGOING_KINDS,
        check_in__isnull=True,
        events__to_status=ReferralStatus.STARTED,
        events__at__lte=began_before,
    ).values_list("pk", flat=True):
        with transaction.atomic():
            referral = (
                # Only the referral's row: PostgreSQL locks no nullable side of a join.
                Referral.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, check_in__isnull=True)
                .select_related("respite_request__municipality", "offer", "location")
                .first()
            )
            if referral is not None:
                check_in_open(referral=referral)
                opened += 1
    return opened


def invite_self_check_again(*, now=None) -> int:
    """Eight weeks after the questions: an invitation to see how heavy the caring is now."""
    now = now or timezone.now()
    sent = 0
    for pk in CheckIn.objects.filter(
        created_at__lte=now - timedelta(weeks=SELF_CHECK_AGAIN_WEEKS),
        self_check_invited_at__isnull=True,
        referral__respite_request__caregiver__isnull=False,
    ).values_list("pk", flat=True):
        with transaction.atomic():
            check_in = (
                CheckIn.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, self_check_invited_at__isnull=True)
                .select_related("referral__respite_request__municipality")
                .first()
            )
            if check_in is None:
                continue
            check_in.self_check_invited_at = now
            check_in.save(update_fields=["self_check_invited_at"])
            respite_request = check_in.referral.respite_request
            send(
                "respite/self_check_again",
                respite_request.caregiver.email,
                {
                    "municipality": respite_request.municipality.name,
                    "link": absolute_url(reverse("selfcheck:check")),
                },
            )
            sent += 1
    return sent


def check_ins_run() -> None:
    """The daily job (portal/schedule.py)."""
    check_ins_for_ongoing_help()
    invite_self_check_again()
