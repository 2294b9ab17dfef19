"""The self-check's rules: who may see a result, sharing by consent, and the saved list."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from directory.choices import CAREGIVER_TARGET_GROUPS, TargetGroup
from directory.models import Offer
from selfcheck.models import SavedOffer, SelfCheck, SelfCheckAccess, Sharing
from selfcheck.statements import Band, help_for

HELP_PER_GROUP = 3
SESSION_KEY = "bewaarlijst"
MAX_SAVED = 50


def local_help(band: Band, municipality, answers=None) -> list[tuple[str, list[Offer]]]:
    """For the band, led by the help the answers point to: offers of the naaste's
    municipality (its own, regional and national). Offers for a group the self-check never
    asks about (only for people with NAH, for young carers) are left out: nobody said so."""
    offers = (
        Offer.objects.published()
        .exclude(target_groups_only=True)
        .exclude(target_groups__code__in=CAREGIVER_TARGET_GROUPS)
    )
    return [
        (heading, _first_within_reach(offers.filter(kind__in=kinds), municipality))
        for heading, kinds in help_for(band, answers)
    ]


def young_carers_help(municipality) -> list[Offer]:
    """Help made for young carers, asked about apart (the statements cannot tell a carer's
    age): a 15-year-old's result otherwise points only to help for adults."""
    offers = Offer.objects.published().filter(target_groups__code=TargetGroup.JONGE_MANTELZORGERS)
    return _first_within_reach(offers, municipality)


def _first_within_reach(offers, municipality) -> list[Offer]:
    """The first few of these offers that serve the place, local before national; national
    ones only when no place was given."""
    offers = offers.serving(municipality) if municipality else offers.filter(nationwide=True)
    return list(offers.select_related("provider").order_by("nationwide", "name")[:HELP_PER_GROUP])


def self_check_save(*, caregiver, answers: list[int], municipality) -> SelfCheck:
    return SelfCheck.objects.create(
        caregiver=caregiver, answers=answers, score=sum(answers), municipality=municipality
    )


def sharing_grant(*, caregiver, municipality) -> Sharing:
    """Share the results with the fixed contact person in this municipality."""
    with transaction.atomic():
        sharing, _created = Sharing.objects.get_or_create(
            caregiver=caregiver, municipality=municipality, revoked_at__isnull=True
        )
    return sharing


def sharing_revoke(*, caregiver, municipality_id: int) -> int:
    return Sharing.objects.filter(
        caregiver=caregiver, municipality_id=municipality_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def self_checks_open(*, consultant, caregiver, municipality) -> list[SelfCheck]:
    SelfCheckAccess.objects.create(
        caregiver=caregiver, viewer=consultant, municipality=municipality
    )
    return list(SelfCheck.objects.filter(caregiver=caregiver))


def self_check_data(*, user) -> dict:
    """For 'download my data': every result, the consent and who looked."""
    return {
        "zelftests": [
            {"datum": c.created_at.isoformat(), "antwoorden": c.answers, "score": c.score}
            for c in SelfCheck.objects.filter(caregiver=user)
        ],
        "zelftest_gedeeld_met": [
            {
                "gemeente": s.municipality.name,
                "sinds": s.granted_at.isoformat(),
                "tot": s.revoked_at.isoformat() if s.revoked_at else None,
            }
            for s in Sharing.objects.filter(caregiver=user).select_related("municipality")
        ],
        "zelftest_bekeken_door": [
            {"wanneer": a.at.isoformat(), "wie": str(a.viewer) if a.viewer else None}
            for a in SelfCheckAccess.objects.filter(caregiver=user).select_related("viewer")
        ],
        "bewaarlijst": [
            s.offer.name for s in SavedOffer.objects.filter(caregiver=user).select_related("offer")
        ],
    }


def keeps_in_account(request: HttpRequest) -> bool:
    """A signed-in caregiver keeps results and the list; staff and visitors do not."""
    return request.user.is_authenticated and not request.user.is_staff_member


def saved_ids(request: HttpRequest) -> list[int]:
    """The offers on this visitor's list; a signed-in caregiver's session list joins theirs."""
    in_session = [i for i in request.session.get(SESSION_KEY, []) if isinstance(i, int)]
    if not keeps_in_account(request):
        return in_session
    if in_session:
        existing = set(Offer.objects.filter(pk__in=in_session).values_list("pk", flat=True))
        SavedOffer.objects.bulk_create(
            [SavedOffer(caregiver=request.user, offer_id=i) for i in in_session if i in existing],
            ignore_conflicts=True,
        )
        request.session.pop(SESSION_KEY)
    return list(
        SavedOffer.objects.filter(caregiver=request.user).values_list("offer_id", flat=True)
    )


def saved_add(request: HttpRequest, offer: Offer) -> None:
    if keeps_in_account(request):
        saved_ids(request)  # what was saved before signing in joins the account first
        SavedOffer.objects.get_or_create(caregiver=request.user, offer=offer)
        return
    ids = request.session.get(SESSION_KEY, [])
    if offer.pk not in ids:
        request.session[SESSION_KEY] = [*ids, offer.pk][-MAX_SAVED:]


def saved_remove(request: HttpRequest, offer_id: int) -> None:
    if keeps_in_account(request):
        SavedOffer.objects.filter(caregiver=request.user, offer_id=offer_id).delete()
    kept = [i for i in request.session.get(SESSION_KEY, []) if i != offer_id]
    request.session[SESSION_KEY] = kept
