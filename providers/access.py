"""What provider staff and editors may open of a provider's things (the fetch-and-authorise
part of the access layer for providers; who is provider staff at all: accounts/access.py).
Another organisation's offer or referral is 404."""

from django.shortcuts import get_object_or_404

from directory.choices import OfferStatus
from directory.models import Offer
from respite.models import Referral


def own_offers(user):
    """The only offers a provider's staff may see here: their own organisation's."""
    return Offer.objects.filter(provider=user.provider).exclude(status=OfferStatus.ARCHIVED)


def own_offer(user, pk: int) -> Offer:
    return get_object_or_404(own_offers(user), pk=pk)


def referral_for_provider_staff(user, pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.for_provider_staff(user).select_related(
            "offer", "respite_request__municipality", "created_by"
        ),
        pk=pk,
    )
