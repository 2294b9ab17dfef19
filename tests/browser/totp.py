"""Authenticator codes for browser sign-ins that allauth accepts every time.

allauth accepts a code only in its own period (no tolerance) and refuses a code that person
used before (a cache key per user and code). A sign-in that types the code a second before
the period ends, or signs the same person in twice within one period (journey tests do),
fails now and then. So: wait for a period with enough time left that this person has not
used yet.
"""

import time

from allauth.mfa import app_settings as mfa_settings

MARGIN_SECONDS = 8
_used_period: dict[str, int] = {}


def wait_for_a_fresh_period(who: str) -> None:
    period = mfa_settings.TOTP_PERIOD
    while True:
        now = time.time()
        counter, remaining = int(now // period), period - now % period
        if remaining >= MARGIN_SECONDS and _used_period.get(who) != counter:
            _used_period[who] = counter
            return
        time.sleep(remaining + 0.5)
