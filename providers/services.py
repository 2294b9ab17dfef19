"""Provider staff keep availability current; editors invite them (issue 9)."""

from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import invitation_link
from portal.mail import mail_after_commit
from providers.models import Availability, AvailabilityChange, NightCapacity, ProviderMember


class ProviderError(Exception):
    """A rule of the provider side was broken; the message is for the user, in Dutch."""


@transaction.atomic
def member_invite(*, provider, email: str, first_name: str, last_name: str, invited_by) -> User:
    """Create a provider staff account (role 'aanbieder') and mail a link to choose a password.

    A work address only: an address that already belongs to a caregiver, a municipal employee
    or another provider is refused, so nobody ends up with two roles by accident.
    """
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None:
        membership = ProviderMember.objects.filter(user=user).first()
        if membership is None or membership.provider_id != provider.pk:
            raise ProviderError(
                _("Dit e-mailadres hoort al bij een ander account. Gebruik een werkadres.")
            )
    else:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        ProviderMember.objects.create(user=user, provider=provider, invited_by=invited_by)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    mail_after_commit(
        _("Uitnodiging voor het Mantelzorgportaal"),
        _(
            "%(inviter)s nodigt u uit om voor %(provider)s mee te werken in het "
            "Mantelzorgportaal. U houdt daar bij of er plek is.\n\n"
            "Kies eerst een wachtwoord via deze link:\n%(link)s\n\n"
            "Daarna stelt u inloggen in twee stappen in met een app op uw telefoon.\n"
        )
        % {"inviter": invited_by, "provider": provider.name, "link": invitation_link(user)},
        [email],
    )
    return user


def _describe(availability: Availability) -> str:
    text = availability.get_state_display()
    if availability.free_from:
        text += " " + _("vanaf %(date)s") % {"date": availability.free_from.strftime("%d-%m-%Y")}
    if availability.expected_weeks is not None:
        text += " " + _("(ongeveer %(n)d weken)") % {"n": availability.expected_weeks}
    if availability.available is not None:
        text += ", " + _("%(n)d plaatsen vrij") % {"n": availability.available}
    if availability.maximum is not None:
        text += " " + _("van %(n)d") % {"n": availability.maximum}
    return text


@transaction.atomic
def availability_update(*, offer, user, data: dict, nights: dict[date, int] | None = None):
    """Save what the provider says about places, with history; nights for logeerzorg.

    The offer's row is locked, so two people saving at once are applied one after the other,
    and a night is never set below the places already reserved on it.
    """
    type(offer).objects.select_for_update().get(pk=offer.pk)
    availability = Availability.objects.filter(offer=offer).first()
    before = _describe(availability) if availability else _("onbekend")
    if availability is None:
        availability = Availability(offer=offer)
    for name, value in data.items():
        setattr(availability, name, value)
    availability.confirmed_at = timezone.now()
    availability.confirmed_by = user
    availability.save()
    after = _describe(availability)
    if after != before:
        AvailabilityChange.objects.create(offer=offer, user=user, what=f"{before} → {after}")
    else:
        AvailabilityChange.objects.create(offer=offer, user=user, what=_("Bevestigd: klopt nog"))
    if nights:
        _save_nights(offer=offer, user=user, nights=nights)
    return availability


def _save_nights(*, offer, user, nights: dict[date, int]) -> None:
    existing = {
        row.night: row
        for row in NightCapacity.objects.select_for_update().filter(offer=offer, night__in=nights)
    }
    changed = []
    for night, places in sorted(nights.items()):
        row = existing.get(night)
        if row is None:
            if places:
                NightCapacity.objects.create(offer=offer, night=night, places=places)
                changed.append(f"{night:%d-%m}: {places}")
            continue
        if row.places == places:
            continue
        if places < row.reserved:
            raise ProviderError(
                _("Op %(night)s zijn al %(n)d plaatsen gereserveerd.")
                % {"night": night.strftime("%d-%m-%Y"), "n": row.reserved}
            )
        row.places = places
        row.save(update_fields=["places"])
        changed.append(f"{night:%d-%m}: {places}")
    if changed:
        AvailabilityChange.objects.create(
            offer=offer, user=user, what=_("Vrije plaatsen per nacht: ") + ", ".join(changed)
        )
