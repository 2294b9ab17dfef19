"""E-mail each catalogue editor the offers of their municipalities that are due for a check.

Run it weekly from cron, for example on Monday at 07:00:
    0 7 * * 1  cd /srv/mantelzorgportaal && .venv/bin/python manage.py send_review_reminders
"""

from collections import defaultdict

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from directory.models import Offer, review_due_before
from portal.mail import queue_mail


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

        sent = 0
        for user, municipalities in per_editor.items():
            lines = []
            for municipality in municipalities:
                link = settings.SITE_URL + reverse("beheer:dashboard", args=[municipality.slug])
                lines.append(f"{municipality.name} ({link}):")
                lines += [
                    f"- {offer.name}, "
                    + _("laatst gecontroleerd op %(date)s")
                    % {"date": offer.verified_on.strftime("%d-%m-%Y")}
                    for offer in by_municipality[municipality.pk]
                ]
                lines.append("")
            body = (
                _(
                    "Dit aanbod is langer dan 6 maanden niet gecontroleerd. Kijk of het nog "
                    "klopt en klik op 'Nog steeds juist', of pas het aan."
                )
                + "\n\n"
                + "\n".join(lines)
            )
            if dry_run:
                self.stdout.write(f"{user.email}\n{body}")
            else:
                queue_mail(_("Aanbod om te controleren"), body, [user.email])
            sent += 1
        self.stdout.write(
            self.style.SUCCESS(f"{sent} herinneringen {'getoond' if dry_run else 'verstuurd'}.")
        )
