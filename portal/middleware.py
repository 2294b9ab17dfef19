"""Compression of public HTML pages (issue 13: Lighthouse flagged missing text compression)."""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    """Gzip what an anonymous visitor gets, never a page with a secret on it.

    Compressing a page that holds a secret (a CSRF token, a signed-in person's data) next to
    text an attacker can choose makes it guessable from the response size (BREACH). Public
    catalogue pages hold neither, and they are most of the traffic and the heaviest pages.
    """

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        # get_token() (a form on the page) leaves this key, True or already handled (False).
        token_on_page = "CSRF_COOKIE_NEEDS_UPDATE" in request.META
        if (user is not None and user.is_authenticated) or token_on_page:
            return response
        return super().process_response(request, response)
