"""Privacy: anonymise a request, delete a caregiver's account, and everything we hold about
a caregiver for 'download my data' (AVG art. 15 and 17)."""

from django.db import transaction
from django.utils import timezone

from respite.choices import Status, TimelineKind
from respite.models import CheckIn, ContactPerson, RespiteRequest

_PERSONAL_FIELDS = {
    "relationship": "",
    "age_group": "",
    "situation": "",
    "postcode": "",
    "kinds": [],
    "urgent_reason": "",
    "notes": "",
    "phone": "",
    "best_times": "",
    "postal_address": "",
    "start_date": None,
    "end_date": None,
}


@transaction.atomic
def request_anonymise(*, respite_request: RespiteRequest) -> None:
    """Remove everything personal; keep the bare fact that a request existed (for counts)."""
    locked = RespiteRequest.objects.select_for_update().get(pk=respite_request.pk)
    for field, empty in _PERSONAL_FIELDS.items():
        setattr(locked, field, empty)
    locked.caregiver = None
    if locked.status in (Status.SUBMITTED, Status.IN_PROGRESS, Status.DECIDED):
        locked.status = Status.WITHDRAWN
        locked.closed_at = timezone.now()
    locked.anonymised_at = timezone.now()
    locked.save()
    locked.timeline.filter(kind=TimelineKind.INFO).update(text="")
    locked.access_log.update(reason="")
    CheckIn.objects.filter(referral__respite_request=locked).update(obstacle_text="")
    # What the house was given about the naaste: the first name and the caregiver's own words.
    locked.referrals.update(first_name="", shared_notes="")


@transaction.atomic
def caregiver_delete_account(*, user) -> int:
    """Delete a caregiver's account: their requests are anonymised, not silently kept."""
    requests_ = list(RespiteRequest.objects.filter(caregiver=user))
    for respite_request in requests_:
        request_anonymise(respite_request=respite_request)
    ContactPerson.objects.filter(caregiver=user).delete()
    user.delete()
    return len(requests_)


def _as_json(value):
    """A stored answer as JSON has it: lists stay lists, yes/no stays true/false, numbers
    numbers; dates and anything else as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _check_in_answers(referral) -> dict | None:
    check_in = getattr(referral, "check_in", None)
    if check_in is None or not check_in.answered_at:
        return None
    return {
        "beantwoord": check_in.answered_at.isoformat(),
        "rust": check_in.get_rested_display(),
        "nog_eens": check_in.get_go_again_display(),
        "in_de_weg": check_in.obstacle_labels,
        "iets_anders": check_in.obstacle_text,
    }


def caregiver_data(*, user) -> dict:
    """Everything we hold about a caregiver, for 'download my data'."""

    def person(u):
        return str(u) if u else None

    return {
        "account": {"email": user.email, "aangemaakt": user.date_joined.isoformat()},
        "vaste_contactpersonen": [
            {
                "gemeente": c.municipality.name,
                "contactpersoon": person(c.consultant),
                "sinds": c.started_at.isoformat(),
                "tot": c.ended_at.isoformat() if c.ended_at else None,
            }
            for c in ContactPerson.objects.filter(caregiver=user).select_related(
                "municipality", "consultant"
            )
        ],
        "bewaarde_antwoorden": [
            {"bewaard": s.saved_at.isoformat(), "antwoorden": s.answers}
            for s in user.saved_answers.all()
        ],
        "niet_verstuurde_aanvragen": [
            {"begonnen": d.created_at.isoformat(), "antwoorden": d.answers}
            for d in user.request_drafts.filter(submitted__isnull=True)
        ],
        "aanvragen": [
            {
                "referentie": r.reference,
                "gemeente": r.municipality.name,
                "status": r.get_status_display(),
                "ingediend": r.created_at.isoformat(),
                "gegevens": {
                    field: _as_json(getattr(r, field))
                    for field in (*RespiteRequest.ANSWER_FIELDS, "postal_address")
                },
                "tijdlijn": [
                    {"wanneer": t.at.isoformat(), "wat": t.get_kind_display(), "tekst": t.shown}
                    for t in r.timeline.all()
                ],
                "aanmeldingen": [
                    {
                        "bij": referral.house_name,
                        "adres": referral.house_address,
                        "status": referral.get_status_display(),
                        "eerste_nacht": _as_json(referral.start_date),
                        "vertrek": _as_json(referral.end_date),
                        "wenverblijf": _as_json(referral.settling_in_night),
                        "gedeeld_met_de_aanbieder": {
                            "voornaam": referral.first_name,
                            "leeftijd": referral.age_label,
                            "situatie": referral.situation,
                            "soort_hulp": referral.kinds,
                            "wat_u_zelf_schreef": referral.shared_notes,
                        },
                        "na_het_verblijf": _check_in_answers(referral),
                    }
                    for referral in r.referrals.all()
                ],
                "bekeken_door": [
                    {"wanneer": a.at.isoformat(), "wie": person(a.user), "waarom": a.shown}
                    for a in r.access_log.select_related("user")
                ],
            }
            for r in RespiteRequest.objects.filter(caregiver=user)
            .select_related("municipality")
            .prefetch_related(
                "timeline", "referrals__offer", "referrals__location", "referrals__check_in"
            )
        ],
    }
