"""Who may open which part of the site: the one place for role checks (issue 23.3).

- Views say which staff they are for with `role_required(...)`: signed in (else to the
  sign-in page), and holding one of the kinds (else 403).
- The staff areas (AREAS) name their address and the same kinds: the site header shows the
  areas a user may open (`areas_for`), and the sign-in follows a `next` address only into an
  area the user may open (accounts/landing.py).
- Which objects someone may see is not decided here but by the fetch-and-authorise functions
  of each app (directory/access.py, respite/access.py, providers/access.py,
  insight/access.py), on scoped querysets: another's object is 404.

A new role: add it to RoleKind (accounts/choices.py), give its views role_required(...) and,
if it has pages of its own, an Area below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.choices import RoleKind


class Staff(StrEnum):
    """Kinds of staff that are not a municipal role (RoleKind)."""

    ANY = "medewerker"  # any municipal role, provider staff, referrer or superuser
    PROVIDER = "aanbieder"  # staff of a provider organisation
    REFERRER = "verwijzer"  # a professional who starts requests with caregivers
    SUPERUSER = "beheerder"  # the functional manager of the whole site


Kind = RoleKind | Staff


def has(user, kind: Kind) -> bool:
    """Whether the user is this kind of staff. Superusers hold every municipal role (as
    Municipality.objects.with_role says); provider staff is a membership, not a role."""
    if not user.is_authenticated:
        return False
    if kind == Staff.SUPERUSER:
        return user.is_superuser
    if kind == Staff.PROVIDER:
        return user.provider is not None
    if kind == Staff.REFERRER:
        return user.referrer_organisation is not None
    if kind == Staff.ANY:
        return user.is_staff_member
    return kind in user.role_kinds


def role_required(*kinds: Kind) -> Callable:
    """The view is for these kinds of staff: others signed in get 403, visitors the sign-in."""
    if not kinds:
        raise ValueError("role_required needs at least one kind")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not any(has(request.user, kind) for kind in kinds):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_kinds = kinds  # read by the role-matrix tests
        return wrapped

    return decorator


@dataclass(frozen=True)
class Area:
    """A part of the site for one kind of staff: its name, address prefix and who may open
    it."""

    name: str
    prefix: str
    kinds: tuple[Kind, ...]
    suffix: str = ""  # for areas inside a public part: /inzicht/<gemeente>/vraag-en-aanbod/

    def holds(self, path: str) -> bool:
        if not path.startswith(self.prefix):
            return False
        return not self.suffix or self.suffix in path[len(self.prefix) :]

    def may_open(self, user) -> bool:
        return any(has(user, kind) for kind in self.kinds)


# Most specific first: the first area that holds a path decides.
AREAS: tuple[Area, ...] = (
    Area("werkbak", "/beheer/werkbak/", (RoleKind.CONSULTANT,)),
    Area("mijn-gegevens", "/beheer/medewerkers/mijn-gegevens/", (Staff.ANY,)),
    Area("medewerkers", "/beheer/medewerkers/", (Staff.SUPERUSER,)),
    Area("django", "/beheer/django/", (Staff.SUPERUSER,)),
    Area("beheer", "/beheer/", (RoleKind.EDITOR,)),
    Area("plaatsen", "/aanbieder/", (Staff.PROVIDER,)),
    Area("verwijzer", "/verwijzer/", (Staff.REFERRER,)),
    Area("inzicht", "/inzicht/", (RoleKind.POLICY,), suffix="/vraag-en-aanbod/"),
    Area("inzicht", "/inzicht/", (RoleKind.POLICY,), suffix="/waarom-niet/"),
)


def area_of(path: str) -> Area | None:
    return next((area for area in AREAS if area.holds(path)), None)


def areas_for(user) -> frozenset[str]:
    """The names of the staff areas this user may open (for the site header)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(area.name for area in AREAS if area.may_open(user))
