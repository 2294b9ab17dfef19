from datetime import timedelta

from django.db import models
from django.utils import timezone


class AvailabilityQuerySet(models.QuerySet):
    def current(self) -> "AvailabilityQuerySet":
        """Confirmed in the last FRESH_DAYS days; anything older counts as unknown."""
        from providers.models import FRESH_DAYS

        return self.filter(confirmed_at__gte=timezone.now() - timedelta(days=FRESH_DAYS))


class ReferralQuerySet(models.QuerySet):
    def for_provider_staff(self, user) -> "ReferralQuerySet":
        """A provider's staff see only referrals to their own organisation."""
        if user.provider is None:
            return self.none()
        return self.filter(provider=user.provider)
