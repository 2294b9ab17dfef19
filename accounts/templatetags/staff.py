from django import template

from accounts.access import areas_for
from accounts.landing import landing_url, policy_home

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
    """A policy officer's own page (accounts/landing.py)."""
    return policy_home(user)
