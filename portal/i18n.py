"""Sentences kept now and translated when they are read (issue 26.5).

A timeline row written while a consultant reads the portal in English is read later by a
caregiver in Dutch or Turkish. So such a row keeps the sentence untranslated (its Dutch
source, the msgid) with its parts, and is put together in the reader's language each time
it is shown. later() keeps, shown() puts together.

Parts may be: plain text (a name, a house: kept as it is), a translatable text (a label of
a choice, gettext_lazy: translated when shown), a date (shown in the reader's date format),
or another later() (a part that is itself a sentence).
"""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext

DATE_FORMAT = "j F Y"


def later(message, /, *, lower: bool = False, dates: str = DATE_FORMAT, **parts) -> dict:
    """A sentence to translate when shown: `message` is a gettext_lazy (or gettext_noop)
    text with %(name)s parts. `lower` keeps a label's first letter small when shown (a label
    in the middle of a sentence)."""
    with translation.override(None):  # Dutch source: the msgid itself
        kept = {
            "m": str(message),
            "p": {name: _keep(value, dates) for name, value in parts.items()},
        }
    if lower:
        kept["lower"] = True
    return kept


def _keep(value, fmt: str):
    if isinstance(value, dict) and "m" in value:
        return value
    if isinstance(value, Promise):
        return {"m": str(value), "p": {}}
    if isinstance(value, datetime):
        return {"dt": value.isoformat(), "f": fmt}
    if isinstance(value, date):
        return {"d": value.isoformat(), "f": fmt}
    return str(value)


def shown(kept: dict | None) -> str:
    """The kept sentence in the active language; '' for nothing kept."""
    return _show(kept) if kept else ""


def _show(value) -> str:
    if isinstance(value, str):
        return value
    if "d" in value:
        return date_format(date.fromisoformat(value["d"]), value.get("f", DATE_FORMAT))
    if "dt" in value:
        moment = timezone.localtime(datetime.fromisoformat(value["dt"]))
        return date_format(moment, value.get("f", DATE_FORMAT))
    parts = {name: _show(part) for name, part in value.get("p", {}).items()}
    text = gettext(value["m"])
    if parts:
        try:
            text = text % parts
        except (KeyError, TypeError, ValueError):  # a translation that lost a part
            text = value["m"] % parts
    return text.lower() if value.get("lower") else text


def in_reader_language(make_text, *args) -> Promise:
    """make_text(*args), called only when the text is used: a mail context value written in
    its reader's language while the mail is rendered (portal.mail), not in the language of
    whoever caused the mail."""
    return lazy(make_text, str)(*args)


def lowered(text) -> Promise:
    """A label in the middle of a sentence, small, in the language it is read in."""
    return in_reader_language(lambda: str(text).lower())


def like_the_mail(request, language: str | None) -> None:
    """A page opened from a link in one of our mails by someone who never chose a language on
    this device (no cookie): in the language that mail was written in, not in Dutch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES) or language not in dict(settings.LANGUAGES):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
