"""Provider membership: editors invite a provider's staff (issue 9). What staff keep current
about their offers is in directory.services, their referrals in respite.services.referrals."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import account_for, invitation_link
from portal.mail import send
from providers.models import ProviderMember


class ProviderError(Exception):
    """A rule of the provider side was broken; the message is for the user, in Dutch."""


@transaction.atomic
def member_invite(*, provider, email: str, first_name: str, last_name: str, invited_by) -> User:
    """Create a provider staff account (role 'aanbieder') and mail a link to choose a password.

    A work address only: an address that already belongs to a caregiver, a municipal employee
    or another provider is refused, so nobody ends up with two roles by accident.
    """
    existing = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
    if existing is not None:
        membership = ProviderMember.objects.filter(user=existing).first()
        if membership is None or membership.provider_id != provider.pk:
            raise ProviderError(
                _("Dit e-mailadres hoort al bij een ander account. Gebruik een werkadres.")
            )
    user, created = account_for(email, first_name=first_name, last_name=last_name, verified=True)
    if created:
        ProviderMember.objects.create(user=user, provider=provider, invited_by=invited_by)
    send(
        "providers/member_invite",
        user.email,
        {"inviter": invited_by, "provider": provider.name, "link": invitation_link(user)},
    )
    return user
