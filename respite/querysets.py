from django.db import models


class RespiteRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RespiteRequestQuerySet":
        """A caregiver's own requests. (Consultants' scope follows in the consultants' issue.)"""
        if not user.is_authenticated:
            return self.none()
        return self.filter(caregiver=user)
