"""Where someone lands after signing in (issue 22): staff where they work, caregivers back on
the page they came from (else "Mijn aanvragen"). Nobody is sent to a page that answers 403.

The staff areas are listed once, with who may open them, in the access layer
(accounts/access.py); the sign-in (accounts/adapter.py) follows a `next` address only into an
area the user may open.
"""

from django.urls import reverse

from accounts.access import Staff, area_of, has
from accounts.choices import RoleKind


def policy_home(user) -> str:
    """A policy officer's own page: demand and supply of their municipality (of one), else
    the overview of all municipalities."""
    mine = user.municipalities_as(RoleKind.POLICY)
    if len(mine) == 1 and not user.is_superuser:
        return reverse("insight:demand", args=[mine[0].slug])
    return reverse("insight:home")


def work_home(user) -> str | None:
    """The page where this member of staff starts; None for a caregiver."""
    if has(user, Staff.SUPERUSER):
        return reverse("beheer:home")
    if has(user, RoleKind.CONSULTANT):
        return reverse("werkbak:queue")
    if has(user, Staff.PROVIDER):
        return reverse("providers:referrals")
    if has(user, Staff.REFERRER):
        return reverse("referrers:home")
    if has(user, RoleKind.EDITOR):
        return reverse("beheer:home")
    if has(user, RoleKind.POLICY):
        return policy_home(user)
    return None


def landing_url(user, wanted: str = "") -> str:
    """Where to go after signing in, given the `next` address asked for (already checked to
    be on this site). A staff page is followed only when the user may open it; staff who
    came from a public page go to their work; caregivers go back where they were."""
    path = wanted.split("?", 1)[0].split("#", 1)[0]
    area = area_of(path) if wanted else None
    if area is not None and area.may_open(user):
        return wanted
    home = work_home(user)
    if home:
        return home
    if wanted and area is None and not path.startswith("/account/"):
        return wanted
    return reverse("respite:my_requests")
