"""What happens when someone signs in, beyond allauth's own steps."""

from django.conf import settings


def keep_chosen_language(sender, request, user, **kwargs) -> None:
    """A language chosen in the switch before signing in (its cookie) becomes the account's,
    so the mails about their request come in it too (issue 26.5)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "") if request else ""
    if chosen in dict(settings.LANGUAGES) and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])
