"""E-mail each catalogue editor the offers of their municipalities that are due for a check.

The worker's schedule runs it every Monday (portal/schedule.py). Each editor gets one mail a
week however often it runs, also when two runs overlap or one was killed halfway
(directory.models.ReviewReminder).
"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from directory.models import Offer, ReviewReminder, review_due_before
from portal.mail import absolute_url, queue_mail, render


class Command(BaseCommand):
    help = "Mail editors the published offers not checked for 6 months."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="show, do not send")

    def handle(self, *args, dry_run: bool, **options):
        due = (
            Offer.objects.published()
            .filter(verified_on__lt=review_due_before(), municipality__isnull=False)
            .select_related("municipality")
            .order_by("municipality__name", "verified_on")
        )
        by_municipality = defaultdict(list)
        for offer in due:
            by_municipality[offer.municipality_id].append(offer)

        per_editor = defaultdict(list)
        roles = (
            Role.objects.editors()
            .filter(user__is_active=True, municipality_id__in=by_municipality)
            .select_related("user", "municipality")
        )
        for role in roles:
            per_editor[role.user].append(role.municipality)

        year, week, _day = timezone.localdate().isocalendar()
        period = f"{year}-W{week:02d}"
        sent = skipped = 0
        for user, municipalities in per_editor.items():
            groups = [
                {
                    "municipality": municipality,
                    "link": absolute_url(reverse("beheer:dashboard", args=[municipality.slug])),
                    "offers": by_municipality[municipality.pk],
                }
                for municipality in municipalities
            ]
            subject, body = render(
                "directory/review_reminder", {"groups": groups}, user.language or None
            )
            if dry_run:
                self.stdout.write(f"{user.email}\n{body}")
                sent += 1
                continue
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(user=user, period=period)
                    queue_mail(subject, body, [user.email])
            except IntegrityError:
                skipped += 1  # already mailed this week, by this or another run
                continue
            sent += 1
        done = "getoond" if dry_run else "verstuurd"
        self.stdout.write(
            self.style.SUCCESS(
                f"{sent} herinneringen {done}; {skipped} al eerder deze week verstuurd."
            )
        )
