from django import template

from accounts.landing import landing_url

register = template.Library()


@register.simple_tag
def work_home_url(user) -> str:
    """Where this user starts: their work for staff, "Mijn aanvragen" for caregivers."""
    return landing_url(user)
