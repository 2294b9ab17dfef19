"""Inviting staff: a superuser creates the account and its roles; the invitee sets a password."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import RoleKind
from accounts.models import Role, User
from portal.mail import queue_mail


def invitation_link(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


@transaction.atomic
def staff_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    editor_for,
    consultant_for,
    invited_by: User,
    policy_for=(),
) -> User:
    """Create (or extend) a staff account with roles and mail a link to choose a password.

    The link goes to the invited address only, so using it proves the address: it is stored
    as verified. Signing in then requires setting up two-factor login first.
    """
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for kind, municipalities in (
        (RoleKind.EDITOR, editor_for),
        (RoleKind.CONSULTANT, consultant_for),
        (RoleKind.POLICY, policy_for),
    ):
        for municipality in municipalities:
            Role.objects.get_or_create(user=user, municipality=municipality, kind=kind)
    link = invitation_link(user)
    inviter = str(invited_by)
    queue_mail(
        _("Uitnodiging voor het Mantelzorgportaal"),
        _(
            "%(inviter)s nodigt u uit om mee te werken in het Mantelzorgportaal.\n\n"
            "Kies eerst een wachtwoord via deze link:\n%(link)s\n\n"
            "Daarna stelt u inloggen in twee stappen in met een app op uw telefoon.\n"
        )
        % {"inviter": inviter, "link": link},
        [email],
    )
    return user
