"""Which municipalities' demand figures a policy officer may open (the fetch-and-authorise
part of the access layer for insight; who is a policy officer at all: accounts/access.py)."""

from django.shortcuts import get_object_or_404

from accounts.choices import RoleKind
from directory.models import Municipality


def municipalities_for_policy(user):
    return Municipality.objects.with_role(user, RoleKind.POLICY)


def municipality_for_policy(user, slug: str) -> Municipality:
    """Their own municipality (any, for a superuser); another's is 404."""
    return get_object_or_404(municipalities_for_policy(user), slug=slug)


def may_see_demand(user, municipality) -> bool:
    return (
        user.is_authenticated
        and municipalities_for_policy(user).filter(pk=municipality.pk).exists()
    )
