from django.db import models
from django.utils import timezone


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


class ReferralQuerySet(models.QuerySet):
    def for_provider_staff(self, user) -> "ReferralQuerySet":
        """A provider's staff see only referrals to their own organisation."""
        if user.provider is None:
            return self.none()
        return self.filter(provider=user.provider)


class NightHoldQuerySet(models.QuerySet):
    def active(self, now=None):
        """Holds that still keep their night: not given back and not run out."""
        return self.filter(ended_at__isnull=True, expires_at__gt=now or timezone.now())
