"""Where someone lands after signing in (issue 22): staff where they work, caregivers back on
the page they came from (else "Mijn aanvragen"). Nobody is sent to a page that answers 403.

The staff areas are listed once, with who may open them, in the access layer
(accounts/access.py); the sign-in (accounts/adapter.py) follows a `next` address only into an
area the user may open.
"""

from django.urls import reverse

from accounts.access import Staff, area_of, has
from accounts.choices import RoleKind
from directory.models import Municipality


def work_home(user) -> str | None:
    """The page where this member of staff starts; None for a caregiver."""
    if has(user, Staff.SUPERUSER):
        return reverse("beheer:home")
    if has(user, RoleKind.CONSULTANT):
        return reverse("werkbak:queue")
    if has(user, Staff.PROVIDER):
        return reverse("providers:referrals")
    if has(user, RoleKind.EDITOR):
        return reverse("beheer:home")
    if has(user, RoleKind.POLICY):
        mine = list(Municipality.objects.with_role(user, RoleKind.POLICY).order_by("name")[:2])
        if len(mine) == 1:
            return reverse("insight:demand", args=[mine[0].slug])
        return reverse("insight:home")
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
