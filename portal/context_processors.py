"""The choices templates compare with, by name: `req.status == RequestStatus.CLOSED`, never a
bare "afgerond" that a renamed value would silently break (issue 23.3)."""

from directory.choices import AvailabilityState, CorrectionStatus, Kind, OfferStatus
from directory.models import CatalogueImport
from referrers.choices import ConsentWay, HandoverState
from respite.choices import DeadlineState, GoAgain, ReferralStatus, SettlingState, Urgency
from respite.choices import Status as RequestStatus

CHOICES = {
    "AvailabilityState": AvailabilityState,
    "CorrectionStatus": CorrectionStatus,
    "DeadlineState": DeadlineState,
    "ImportState": CatalogueImport.State,
    "Kind": Kind,
    "OfferStatus": OfferStatus,
    "ReferralStatus": ReferralStatus,
    "RequestStatus": RequestStatus,
    "Urgency": Urgency,
    "GoAgain": GoAgain,
    "ConsentWay": ConsentWay,
    "HandoverState": HandoverState,
    "SettlingState": SettlingState,
}


def choices(request) -> dict:
    return CHOICES
