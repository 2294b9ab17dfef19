"""Password rules with Dutch messages: Django 6.1's Dutch translation lacks the new wording of
the length error, which showed as "This password is too short. It must contain at least 8
characters." on the page where an invited staff member chooses a password."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}
