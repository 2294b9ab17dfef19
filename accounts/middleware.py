"""Staff must set up two-factor login before they can do anything else."""

from urllib.parse import urlencode, urlsplit

from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

# Paths a staff member without MFA may still reach: setting it up, and leaving.
_ALLOWED_PREFIXES = ("/account/", "/static/")


class RequireStaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and user.is_staff_member
            and not is_mfa_enabled(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


class RememberWhereFromMiddleware:
    """Sign-in pages opened without a `next` (the header's "Inloggen" is the same on every
    page, so it cannot carry one) get the page the visitor came from, when that page is on
    this site: a caregiver who signs in from an offer's page comes back to it."""

    NAMES = ("account_login", "account_signup", "account_request_login_code")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "GET"
            and request.path.startswith("/account/")
            and request.path in self.sign_in_paths
            and "next" not in request.GET
        ):
            came_from = _same_site_page(request)
            if came_from:
                return redirect(f"{request.path}?{urlencode({'next': came_from})}")
        return self.get_response(request)

    @cached_property
    def sign_in_paths(self) -> frozenset[str]:
        return frozenset(reverse(name) for name in self.NAMES)


def _same_site_page(request: HttpRequest) -> str:
    """The path (and query) of the Referer when it is a page of this site outside /account/."""
    referer = request.headers.get("referer", "")[:2000]
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    if not parts.path.startswith("/") or parts.path.startswith("/account/"):
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")
