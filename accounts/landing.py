"""Where someone lands after signing in (issue 22): staff where they work, caregivers back on
the page they came from (else "Mijn aanvragen"). Nobody is sent to a page that answers 403.

The staff areas are listed once, with who may open them; the sign-in (accounts/adapter.py)
uses them to decide whether a `next` address can be followed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from accounts.choices import RoleKind
from directory.models import Municipality


def _has_role(kind: str) -> Callable[[object], bool]:
    return lambda user: kind in user.role_kinds


def _is_provider(user) -> bool:
    return user.provider is not None


def _is_superuser(user) -> bool:
    return user.is_superuser


def _is_staff(user) -> bool:
    return user.is_staff_member


@dataclass(frozen=True)
class Area:
    """A part of the site for one kind of staff: its address prefix and who may open it."""

    prefix: str
    may_open: Callable[[object], bool]
    suffix: str = ""  # for areas inside a public part: /inzicht/<gemeente>/vraag-en-aanbod/

    def holds(self, path: str) -> bool:
        if not path.startswith(self.prefix):
            return False
        return not self.suffix or self.suffix in path[len(self.prefix) :]


# Most specific first: the first area that holds a path decides.
AREAS: tuple[Area, ...] = (
    Area("/beheer/werkbak/", _has_role(RoleKind.CONSULTANT)),
    Area("/beheer/medewerkers/mijn-gegevens/", _is_staff),
    Area("/beheer/medewerkers/", _is_superuser),
    Area("/beheer/django/", _is_superuser),
    Area("/beheer/", _has_role(RoleKind.EDITOR)),
    Area("/aanbieder/", _is_provider),
    Area("/inzicht/", _has_role(RoleKind.POLICY), suffix="/vraag-en-aanbod/"),
)


def area_of(path: str) -> Area | None:
    return next((area for area in AREAS if area.holds(path)), None)


def work_home(user) -> str | None:
    """The page where this member of staff starts; None for a caregiver."""
    if user.is_superuser:
        return reverse("beheer:home")
    kinds = user.role_kinds
    if RoleKind.CONSULTANT in kinds:
        return reverse("werkbak:queue")
    if user.provider is not None:
        return reverse("providers:referrals")
    if RoleKind.EDITOR in kinds:
        return reverse("beheer:home")
    if RoleKind.POLICY in kinds:
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
