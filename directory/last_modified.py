"""An open-data service's `last_modified` follows everything its record shows (issue 14).

A service record (directory/hsds.py, service_dict) shows the offer, its provider, its
locations with their opening hours and days with other hours, and the provider's word on
free places. A reader who asks for `modified_after` must get an offer whose location moved
or whose hours changed, not only one whose own row was edited: a change to any of these
moves the `updated_at` of the offers it shows in. Like the page cache's signals, these
receivers catch every write path (Beheer, imports, the admin, the shell) and hold no rules.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone


def _offers_of(instance):
    from directory.models import Location, Offer, Provider

    if isinstance(instance, Provider):
        return Offer.objects.filter(provider=instance)
    if isinstance(instance, Location):
        return Offer.objects.filter(locations=instance)
    if hasattr(instance, "location_id"):  # opening hours, a day with other hours
        return Offer.objects.filter(locations=instance.location_id)
    return Offer.objects.filter(pk=instance.offer_id)  # availability


def offers_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture's own timestamps stand
        return
    _offers_of(instance).update(updated_at=timezone.now())


def connect() -> None:
    from directory import models
    from providers.models import Availability

    for model in (models.OpeningHours, models.OpeningException, Availability):
        post_save.connect(offers_changed, sender=model, dispatch_uid=f"lm-save-{model}")
        post_delete.connect(offers_changed, sender=model, dispatch_uid=f"lm-del-{model}")
    for model in (models.Provider, models.Location):
        post_save.connect(offers_changed, sender=model, dispatch_uid=f"lm-save-{model}")
    # Before the links to its offers are deleted with it.
    pre_delete.connect(offers_changed, sender=models.Location, dispatch_uid="lm-del-location")
