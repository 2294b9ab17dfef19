"""The choices templates compare with, by name: `req.status == RequestStatus.CLOSED`, never a
bare "afgerond" that a renamed value would silently break (issue 23.3)."""

from directory.choices import Kind, OfferStatus
from directory.models import CatalogueImport
from providers.choices import AvailabilityState, CorrectionStatus, ReferralStatus
from respite.choices import Status as RequestStatus
from respite.choices import Urgency

CHOICES = {
    "AvailabilityState": AvailabilityState,
    "CorrectionStatus": CorrectionStatus,
    "ImportState": CatalogueImport.State,
    "Kind": Kind,
    "OfferStatus": OfferStatus,
    "ReferralStatus": ReferralStatus,
    "RequestStatus": RequestStatus,
    "Urgency": Urgency,
}


def choices(request) -> dict:
    return CHOICES
