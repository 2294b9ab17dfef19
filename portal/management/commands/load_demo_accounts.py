"""Demo staff accounts for the demo catalogue (portal/demo.py); development only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.models import Offer
from portal.demo import ACCOUNTS, load_demo_accounts, new_password


class Command(BaseCommand):
    help = "Make (or reset) one demo account per staff role, with a new password. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo-accounts horen niet op een echte server: dit werkt alleen met DEBUG=1."
            )
        if not Offer.objects.filter(is_demo=True).exists():
            raise CommandError("Laad eerst de demo-catalogus: manage.py load_demo_catalogue")
        password = new_password()
        made = load_demo_accounts(password)
        self.stdout.write(self.style.SUCCESS(f"{len(ACCOUNTS)} demo-accounts klaar."))
        self.stdout.write(f"Wachtwoord (voor alle demo-accounts): {password}")
        self.stdout.write(
            "De code uit de app: make demo-code EMAIL=<e-mailadres> (of zet de sleutel in een app)."
        )
        for account, secret in made:
            self.stdout.write(f"  {account.email:44} {account.what}")
            self.stdout.write(f"  {'':44} sleutel voor een app: {secret}")
