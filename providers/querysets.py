from datetime import timedelta

from django.db import models
from django.utils import timezone


class AvailabilityQuerySet(models.QuerySet):
    def current(self) -> "AvailabilityQuerySet":
        """Confirmed in the last FRESH_DAYS days; anything older counts as unknown."""
        from providers.models import FRESH_DAYS

        return self.filter(confirmed_at__gte=timezone.now() - timedelta(days=FRESH_DAYS))
