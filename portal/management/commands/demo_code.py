"""The current two-step code of a demo account (portal/demo.py), so no phone is needed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import current_code


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account. DEBUG only."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Dit werkt alleen met DEBUG=1.")
        code = current_code(options["email"])
        if code is None:
            raise CommandError(
                "Geen demo-account met dat adres. Maak ze met: manage.py load_demo_accounts"
            )
        self.stdout.write(code)
