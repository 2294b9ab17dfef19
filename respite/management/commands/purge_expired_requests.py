"""Anonymise requests closed longer than RESPITE_RETENTION_DAYS (default 730: two years), and
delete requests begun but not sent for DRAFT_DAYS (30): they hold health-related answers.

The worker's schedule runs it daily (portal/schedule.py).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from respite.models import RequestDraft, RespiteRequest
from respite.services.privacy import request_anonymise


class Command(BaseCommand):
    help = "Anonymise respite requests closed longer than the retention period."

    def handle(self, *args, **options):
        limit = timezone.now() - timedelta(days=settings.RESPITE_RETENTION_DAYS)
        expired = RespiteRequest.objects.filter(closed_at__lt=limit, anonymised_at__isnull=True)
        count = 0
        for respite_request in expired.iterator():
            request_anonymise(respite_request=respite_request)
            count += 1
        stale = timezone.now() - timedelta(days=RequestDraft.KEEP_DAYS)
        drafts, _ = RequestDraft.objects.filter(updated_at__lt=stale).delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} aanvragen geanonimiseerd; {drafts} niet verstuurde aanvragen verwijderd."
            )
        )
