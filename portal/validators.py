"""Checks shared by every form that takes a phone number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ALLOWED = re.compile(r"^\+?[0-9 ()\-]+$")


def validate_phone(value: str) -> None:
    """A Dutch or international number a phone can dial: 0592 12 34 56, 14 0592, +31 6 …"""
    digits = re.sub(r"\D", "", value)
    if not _ALLOWED.match(value) or not 5 <= len(digits) <= 15:
        raise ValidationError(
            _("Vul een telefoonnummer in met alleen cijfers, zoals 0592 123 456."), code="phone"
        )
