"""Inviting staff: a superuser creates the account and its roles; the invitee sets a password."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import reverse

from accounts.choices import RoleKind
from accounts.models import Role, User
from portal.mail import absolute_url, send


def invitation_link(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def account_for(
    email: str, *, first_name: str = "", last_name: str = "", verified: bool
) -> tuple[User, bool]:
    """The account for an address, made without a password when there is none yet: the one
    way staff invites, provider invites and phone intakes create people. `verified`: the
    address is proven (a staff invite's link goes to it), so it is stored as verified; else
    an existing address keeps what it had. Returns (user, created); locks the user's row."""
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(
            username=email, email=email, first_name=first_name[:150], last_name=last_name[:150]
        )
        user.set_unusable_password()
        user.save()
    if verified:
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    else:
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": False, "primary": True}
        )
    return user, created


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
    user, _created = account_for(email, first_name=first_name, last_name=last_name, verified=True)
    for kind, municipalities in (
        (RoleKind.EDITOR, editor_for),
        (RoleKind.CONSULTANT, consultant_for),
        (RoleKind.POLICY, policy_for),
    ):
        for municipality in municipalities:
            Role.objects.get_or_create(user=user, municipality=municipality, kind=kind)
    send(
        "accounts/staff_invite",
        user.email,
        {"inviter": invited_by, "link": invitation_link(user)},
    )
    return user
