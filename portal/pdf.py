"""Letters as PDF (A4, large print), made by WeasyPrint from an HTML template: the one way the
bewaarlijst letter, the consent letter and the letter about a place found are made."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def pdf_response(
    request: HttpRequest,
    template: str,
    context: dict,
    filename: str,
    *,
    language: str | None = None,
) -> HttpResponse:
    """The template as a PDF download; a page that says so (503) when WeasyPrint cannot load
    on this server (Pango missing; the system check selfcheck.W001 says so too).

    In the reader's language, unless `language` says otherwise: what goes out by post or
    hangs at the huisarts is in Dutch, whichever language the staff member reads the portal
    in (issue 26.5)."""
    try:  # imported here: loading it takes a moment, only letters need it
        from weasyprint import HTML
    except OSError:
        logger.exception("A PDF letter cannot be made: WeasyPrint does not load")
        return render(request, "selfcheck/letter_unavailable.html", status=503)
    with translation.override(language or translation.get_language()):
        html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    if language:
        response["Content-Language"] = language
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
