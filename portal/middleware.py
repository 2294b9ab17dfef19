"""Compression of public HTML pages (issue 13: Lighthouse flagged missing text compression),
and the language a visitor chose (issue 26.5)."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


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


class ChosenLanguageMiddleware:
    """The language of the portal's own texts: the visitor's choice in the language switch
    (a cookie), else a signed-in person's account, else Dutch (issue 26.5).

    Django's LocaleMiddleware would also follow the browser's Accept-Language: a Dutch
    municipality's site then turns English for everyone whose phone is set to English, and
    a page cached for one visitor would differ from the next one's. Here only a choice
    changes the language. Pages that differ by that choice say so (Vary: Cookie), and every
    cache of rendered text has the language in its key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
            # The view may have switched (portal.i18n.like_the_mail): say what it rendered in.
            response.headers.setdefault("Content-Language", translation.get_language())
        finally:
            translation.deactivate()  # the next request on this thread starts from Dutch
        patch_vary_headers(response, ("Cookie",))
        return response


def chosen_language(request) -> str:
    supported = dict(settings.LANGUAGES)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in supported:
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in supported:
        return user.language
    return settings.LANGUAGE_CODE
