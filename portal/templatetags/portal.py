"""Template helpers every app uses: phone links, amounts, times in words, error anchors."""

import re
from decimal import Decimal

from django import template
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

register = template.Library()

# Widgets whose field has no single input: the error link goes to the first choice.
_GROUPS = {"radioselect", "checkboxselectmultiple", "filterablecheckboxes"}


@register.filter
def field_anchor(field) -> str:
    """The id an error-summary link jumps to (GOV.UK): the field's input, or the first
    radio button or checkbox of a group (whose label is the legend, not a <label for>)."""
    if field.widget_type in _GROUPS or not field.id_for_label:
        return f"{field.auto_id}_0"
    return field.id_for_label


_NON_DIGITS = re.compile(r"[^0-9+]")


@register.filter
def tel_href(phone: str) -> str:
    """'0592 12 34 56' -> 'tel:+31592123456'; short numbers such as 14 0592 stay as typed."""
    digits = _NON_DIGITS.sub("", phone or "")
    if digits.startswith("0") and not digits.startswith("00") and len(digits) == 10:
        digits = "+31" + digits[1:]
    return f"tel:{digits}"


@register.filter
def euro(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return "€ " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def days_ago(moment) -> str:
    """'vandaag', 'gisteren', '3 dagen geleden': how fresh availability is, in words."""
    days = (timezone.localdate() - timezone.localtime(moment).date()).days
    if days <= 0:
        return gettext("vandaag")
    if days == 1:
        return gettext("gisteren")
    return ngettext("%(n)d dag geleden", "%(n)d dagen geleden", days) % {"n": days}


@register.filter
def ago(moment) -> str:
    """'zojuist', '5 minuten geleden', '2 uur geleden', '3 dagen geleden' (timesince said
    '0 minuten geleden' for a request sent a moment ago)."""
    seconds = (timezone.now() - moment).total_seconds()
    if seconds < 60:
        return gettext("zojuist")
    if seconds < 3600:
        n = int(seconds // 60)
        return ngettext("%(n)d minuut geleden", "%(n)d minuten geleden", n) % {"n": n}
    if seconds < 86400:
        n = int(seconds // 3600)
        return ngettext("%(n)d uur geleden", "%(n)d uur geleden", n) % {"n": n}
    n = int(seconds // 86400)
    return ngettext("%(n)d dag geleden", "%(n)d dagen geleden", n) % {"n": n}


@register.filter
def in_dutch(value):
    """Data the municipality wrote (in Dutch) on a page in another language: marked
    lang="nl", so a screen reader or "Lees voor" reads it with a Dutch voice (issue 26.5).
    On a Dutch page it is left as it is."""
    if not value or translation.get_language() == "nl":
        return value
    return format_html('<span lang="nl">{}</span>', value)
