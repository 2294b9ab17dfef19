from django.db import models


class RespiteRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RespiteRequestQuerySet":
        """A caregiver's own requests. (Consultants' scope follows in the consultants' issue.)"""
        if not user.is_authenticated:
            return self.none()
        return self.filter(caregiver=user)

    def for_consultant(self, user) -> "RespiteRequestQuerySet":
        """Requests of the municipalities where the user is a Wmo-consultant."""
        if user.is_superuser:
            return self
        return self.filter(
            municipality__staff_roles__user=user, municipality__staff_roles__kind="consulent"
        )
