"""An open-data service's `last_modified` follows everything its record shows (issue 14).

A service record (directory/hsds/serialise.py, service_dict) shows the offer, its provider, its
locations with their opening hours and days with other hours, and the provider's word on
free places. A reader who asks for `modified_after` must get an offer whose location moved
or whose hours changed, not only one whose own row was edited: a change to any of these
moves the `updated_at` of the offers it shows in. Like the page cache's signals, these
receivers catch every write path (Beheer, imports, the admin, the shell) and hold no rules.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone


def offers_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture's own timestamps stand
        return
    from directory.models import Offer

    lookup, attribute = _OFFERS_OF[sender]
    Offer.objects.filter(**{lookup: getattr(instance, attribute)}).update(updated_at=timezone.now())


# Per model that a service record shows: how to find the offers it shows in, as
# (Offer lookup, attribute of the changed row).
_OFFERS_OF: dict[type, tuple[str, str]] = {}


def connect() -> None:
    from directory import models
    from directory.models import Availability

    _OFFERS_OF.update(
        {
            models.Provider: ("provider", "pk"),
            models.Location: ("locations", "pk"),
            models.OpeningHours: ("locations", "location_id"),
            models.OpeningException: ("locations", "location_id"),
            Availability: ("pk", "offer_id"),
        }
    )
    for model in _OFFERS_OF:
        post_save.connect(offers_changed, sender=model, dispatch_uid=f"lm-save-{model}")
    for model in (models.OpeningHours, models.OpeningException, Availability):
        post_delete.connect(offers_changed, sender=model, dispatch_uid=f"lm-del-{model}")
    # Before the links to its offers are deleted with it.
    pre_delete.connect(offers_changed, sender=models.Location, dispatch_uid="lm-del-location")
