from django.core.management.base import BaseCommand

from respite.services.referrals import remind_overdue_referrals


class Command(BaseCommand):
    help = "Mail consultants about referrals unanswered after 2 working days (once each)."

    def handle(self, *args, **options):
        sent = remind_overdue_referrals()
        self.stdout.write(self.style.SUCCESS(f"{sent} herinnering(en) verstuurd."))
