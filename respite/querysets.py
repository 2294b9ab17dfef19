from django.db import models


class RespiteRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RespiteRequestQuerySet":
        """A caregiver's own requests. (Consultants' scope follows in the consultants' issue.)"""
        if not user.is_authenticated:
            return self.none()
        return self.filter(caregiver=user)

    def for_consultant(self, user) -> "RespiteRequestQuerySet":
        """Requests of the municipalities where the user is a Wmo-consultant."""
        from accounts.choices import RoleKind
        from directory.models import Municipality

        return self.filter(
            municipality__in=Municipality.objects.with_role(user, RoleKind.CONSULTANT)
        )
