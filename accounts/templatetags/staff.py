from django import template

from accounts.access import areas_for
from accounts.landing import landing_url

register = template.Library()


@register.simple_tag
def staff_areas(user) -> frozenset[str]:
    """The staff areas this user may open, by name (accounts/access.py AREAS)."""
    return areas_for(user)


@register.simple_tag
def work_home_url(user) -> str:
    """Where this user starts: their work for staff, "Mijn aanvragen" for caregivers."""
    return landing_url(user)


@register.simple_tag
def policy_home_url(user) -> str:
    """A policy officer's own page: demand and supply of their municipality (of one), else
    the overview of all municipalities."""
    from django.urls import reverse

    from accounts.choices import RoleKind
    from directory.models import Municipality

    mine = list(Municipality.objects.with_role(user, RoleKind.POLICY).order_by("name")[:2])
    if len(mine) == 1:
        return reverse("insight:demand", args=[mine[0].slug])
    return reverse("insight:home")
