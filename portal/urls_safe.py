"""Addresses to go back to that come from the visitor (a hidden 'terug', a 'next')."""

import re

from django.utils.http import url_has_allowed_host_and_scheme

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_LENGTH = 2000


def local_path(value: str | None) -> str:
    """The value when it is a path on this site ('/gemeenten/assen/?soort=x'), else ''.

    Anything else is refused: another site, '//host', a view name Django would try to
    reverse ('foo' made redirect() fail with a 500), control characters a header cannot
    hold, or something very long."""
    if not value or len(value) > MAX_LENGTH or _CONTROL.search(value):
        return ""
    if not value.startswith("/") or value.startswith(("//", "/\\\\")):
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""
