"""Public catalogue pages: no login, server-rendered, working without JavaScript."""

import hashlib
import uuid
from collections import Counter
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from directory.applying import how_to_apply
from directory.cache import cache_public_page, catalogue_version
from directory.cards import SEARCH_CARD_TEMPLATE, cards, municipality_listing, offer_page
from directory.choices import Kind
from directory.earliest import earliest_start
from directory.filters import OfferFilter
from directory.folder import folder_context
from directory.forms import (
    ChooseMunicipalityForm,
    FeedbackForm,
    FindMunicipalityForm,
    SearchForm,
    SubscribeForm,
)
from directory.glossary import TERMS, terms_in
from directory.lookup import find_municipality
from directory.models import Municipality, Offer, OpeningException, Subscription
from directory.news import subscription_ask, subscription_confirm, subscription_leave
from directory.nights import free_nights
from directory.search import search_terms
from directory.services import feedback_submit
from portal import ratelimit
from portal.i18n import like_the_mail
from portal.pdf import pdf_response
from portal.urls_safe import local_path

PAGE_PARAM = "pagina"
EXCEPTIONS_AHEAD_DAYS = 60


def paginate(request: HttpRequest, items):
    """Return (page, notice); a bad page number shows the nearest page with a message."""
    paginator = Paginator(items, settings.DIRECTORY_PAGE_SIZE)
    raw = request.GET.get(PAGE_PARAM, "1")
    try:
        return paginator.page(raw), ""
    except PageNotAnInteger:
        return paginator.page(1), _("Dat paginanummer klopt niet. U ziet de eerste pagina.")
    except EmptyPage:
        number = paginator.num_pages if raw.isdigit() else 1
        return paginator.page(number), _(
            "Die pagina bestaat niet. U ziet pagina %(number)s van %(total)s."
        ) % {"number": number, "total": paginator.num_pages}


# A common word matches thousands of offers: we rank and page through at most this many.
SEARCH_CAP = 1000


def group_by_kind(offers) -> list[tuple[str, list[Offer]]]:
    return [(kind, list(items)) for kind, items in groupby(offers, key=lambda o: o.kind)]


# "Voor wie zoekt u?" (issue 26.4): the home page's wording and next step per answer. A
# link per answer (?voor=…), so it works without JavaScript and each version is cached.
SEEKERS = {
    "mezelf": gettext_lazy("Voor mezelf: ik zorg voor iemand"),
    "ander": gettext_lazy("Voor iemand anders die zorgt"),
    "professional": gettext_lazy("Als professional (huisarts, POH, casemanager, wijkverpleging)"),
}


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    seeker = request.GET.get("voor", "")
    return render(
        request,
        "directory/home.html",
        {
            "form": FindMunicipalityForm(),
            "seeker": seeker if seeker in SEEKERS else "",
            "seekers": SEEKERS,
        },
    )


@require_safe
def find(request: HttpRequest) -> HttpResponse:
    """Resolve a postcode or name; on failure show the home page with help to choose."""
    form = FindMunicipalityForm(request.GET)
    candidates: list[Municipality] = []
    if form.is_valid():
        result = find_municipality(form.cleaned_data["q"])
        if result.municipality:
            return redirect(result.municipality)
        form.add_error("q", result.error)
        candidates = result.candidates
    return render(
        request,
        "directory/home.html",
        {"form": form, "candidates": candidates, "choose_form": ChooseMunicipalityForm()},
    )


@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    choose_form = ChooseMunicipalityForm(request.GET)
    if choose_form.is_valid():
        return redirect(choose_form.cleaned_data["gemeente"])
    return render(
        request,
        "directory/home.html",
        {"form": FindMunicipalityForm(), "choose_form": choose_form},
    )


@require_safe
@cache_public_page
def municipality_list(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.only("name", "slug", "province").order_by(
        "province", "name"
    )
    provinces = [(p, list(items)) for p, items in groupby(municipalities, lambda m: m.province)]
    return render(request, "directory/municipality_list.html", {"provinces": provinces})


@require_safe
@cache_public_page
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = catalogue_version()
    municipality, rows, crisis = municipality_listing(slug, version)
    offer_filter = OfferFilter(request.GET)
    if offer_filter.active:  # invalid filters are left out; their errors are shown
        listed = Offer.objects.with_ids([row[0] for row in rows])
        chosen = set(offer_filter.filter_queryset(listed).values_list("pk", flat=True))
        rows = [row for row in rows if row[0] in chosen]
    counts = Counter(kind for _pk, kind, _name, _demo in rows)
    page, page_notice = paginate(request, rows)
    page.object_list = cards(page.object_list, request.get_full_path(), version)
    return render(
        request,
        "directory/municipality_detail.html",
        {
            "municipality": municipality,
            "filter": offer_filter,
            "chosen": offer_filter.chosen,
            "page": page,
            "page_notice": page_notice,
            "groups": group_by_kind(page.object_list),
            "kind_counts": _kind_links(request, counts),
            "total": len(rows),
            "has_demo": any(offer.is_demo for offer in page.object_list),
            "filters_key": _filters_key(request, offer_filter),
            "crisis": crisis,
        },
    )


def _kind_links(request: HttpRequest, counts: Counter) -> list[tuple[Kind, int, str]]:
    """(kind, count, link) for the overview: this page's filters with only that kind, from
    page one (as {% querystring soort=… pagina=None %}, once instead of per kind)."""
    params = request.GET.copy()
    params.pop(PAGE_PARAM, None)
    links = []
    for kind in Kind:
        if counts[kind.value]:
            params.setlist("soort", [kind.value])
            links.append((kind, counts[kind.value], "?" + params.urlencode()))
    return links


def _filters_key(request: HttpRequest, offer_filter: OfferFilter) -> str:
    """The filter groups look the same for the same choices in every municipality, whatever
    the catalogue holds: a key for their HTML in each process's memory, or '' (do not cache)
    when a filter has an error to show. With no words typed, the search field above them
    is the same too, and is kept with them."""
    if offer_filter.errors:
        return ""
    chosen = sorted(
        (name, sorted(request.GET.getlist(name)))
        for name in offer_filter.base_filters
        if name != "q" and request.GET.getlist(name)
    )
    return hashlib.sha256(repr(chosen).encode()).hexdigest()


def _chosen_labels(offer_filter: OfferFilter) -> list[str]:
    """'Soort hulp: Logeerzorg' lines, so a printed selection says what it holds."""
    if not offer_filter.is_valid() and not hasattr(offer_filter.form, "cleaned_data"):
        return []
    lines = []
    for name, value in offer_filter.form.cleaned_data.items():
        if not value:
            continue
        field = offer_filter.form.fields[name]
        if name == "q":
            lines.append(f"{field.label}: {value}")
            continue
        values = value if isinstance(value, list | tuple) else [value]
        labels = dict(field.choices)
        lines.append(f"{field.label}: " + ", ".join(str(labels.get(v, v)) for v in values))
    return lines


@require_safe
@cache_public_page
def municipality_print(request: HttpRequest, slug: str) -> HttpResponse:
    """A4 folder of the published offers, for a GP's practice or a library; the filters chosen
    on the municipality page are kept, so a caregiver prints only their own selection."""
    municipality = get_object_or_404(Municipality, slug=slug)
    offer_filter = OfferFilter(
        request.GET, queryset=Offer.objects.published().serving(municipality)
    )
    offers = list(offer_filter.qs.in_kind_order().select_related("provider"))
    return render(
        request,
        "directory/municipality_print.html",
        {
            "municipality": municipality,
            "groups": group_by_kind(offers),
            "total": len(offers),
            "filter": offer_filter,
            "choices": _chosen_labels(offer_filter),
            "printed_on": timezone.localdate(),
            "has_demo": any(offer.is_demo for offer in offers),
        },
    )


@require_safe
@cache_public_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    version = catalogue_version()
    context: dict = {"form": form, "searched": False, "catalogue_version": version}
    if (
        form.is_valid()
        and form.cleaned_data["q"].strip()
        and not search_terms(form.cleaned_data["q"])
    ):
        form.add_error("q", _("Typ een woord met letters of cijfers, bijvoorbeeld: logeren."))
    if form.is_valid() and form.cleaned_data["q"].strip():
        offers = Offer.objects.published()
        municipality = form.cleaned_data["gemeente"]
        if municipality:
            offers = offers.serving(municipality)
        page, page_notice, found = _search_page(
            request, offers, form.cleaned_data["q"], whole_catalogue=not municipality
        )
        page.object_list = cards(
            page.object_list, version=version, template=SEARCH_CARD_TEMPLATE, key="search"
        )
        context.update(
            searched=True,
            page=page,
            page_notice=page_notice,
            municipality=municipality,
            more_than=number_format(SEARCH_CAP, force_grouping=True)
            if found > SEARCH_CAP
            else None,
        )
    return render(request, "directory/search.html", context)


def _search_page(request: HttpRequest, offers, words: str, *, whole_catalogue: bool):
    """(page, notice, found) for a search: the database ranks and pages (one query for the
    page asked; a page number past the end costs one more to find the last page)."""
    size = settings.DIRECTORY_PAGE_SIZE

    def search_page(offset: int, limit: int):
        return offers.search_page(words, SEARCH_CAP, offset, limit, whole_catalogue=whole_catalogue)

    try:
        asked = int(request.GET.get(PAGE_PARAM, "1"))
    except ValueError:  # paginate() below says so
        asked = 1
    if not 0 < asked <= 100_000:
        asked = 1
    rows, found = search_page((asked - 1) * size, size)
    if not rows and asked > 1:  # past the end: how many are there?
        _rows, found = search_page(0, 1)
    page, notice = paginate(request, range(min(found, SEARCH_CAP)))
    if page.number != asked:
        rows, _found = search_page((page.number - 1) * size, size)
    page.object_list = rows
    return page, notice, found


@require_safe
@cache_public_page
def offer_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    """The content is rendered once per catalogue version and day (directory/cards.py)."""
    real_slug, name, summary, body = offer_page(pk, _offer_context)
    if slug != real_slug:
        return redirect("directory:offer", pk=pk, slug=real_slug, permanent=True)
    return render(
        request,
        "directory/offer_detail.html",
        {"name": name, "summary": summary, "body_html": body},
    )


def _offer_context(pk: int) -> dict:
    today = timezone.localdate()
    upcoming = OpeningException.objects.filter(
        date__gte=today, date__lte=today + timedelta(days=EXCEPTIONS_AHEAD_DAYS)
    )
    offer = get_object_or_404(
        Offer.objects.published()
        .select_related("provider", "municipality", "availability")
        .prefetch_related(
            "target_groups",
            "access_routes",
            "extra_municipalities",
            "regions__municipalities",
            "locations__opening_hours",
            Prefetch("locations__exceptions", queryset=upcoming, to_attr="upcoming_exceptions"),
        ),
        pk=pk,
    )
    for location in offer.locations.all():
        # A closed holiday is news only on a day the place is normally open.
        open_days = {hours.weekday for hours in location.opening_hours.all()}
        location.upcoming_exceptions = [
            day
            for day in location.upcoming_exceptions
            if not day.closed or not open_days or day.date.weekday() in open_days
        ]
    apply = how_to_apply(offer, offer.access_routes.all())
    words = terms_in(
        offer.summary,
        offer.description,
        offer.cost_explanation,
        offer.notice_explanation,
        *apply.steps,
        *(str(group) for group in offer.target_groups.all()),
    )
    return {
        "offer": offer,
        "apply": apply,
        "words": words,
        "today": today,
        "next_nights": free_nights(offer, today) if offer.current_availability else [],
        # Logeerzorg: the earliest real date if asked today, via the owner's lead times
        # (issue 25.3); a page of the day, like the free nights above.
        "earliest": _earliest_per_municipality(offer, apply, today),
    }


def _earliest_per_municipality(offer, apply, today) -> list[tuple]:
    """(municipality, Earliest) for each municipality the house serves (a few at most): the
    caregiver's own municipality's lead times count, not the owner's. One entry without a
    municipality when one asks the provider directly."""
    if offer.kind != Kind.LOGEERZORG or not offer.planned:
        return []
    if not apply.via_municipality:
        return [(None, earliest_start(today=today, offer=offer))]
    served = offer.served_municipalities() or (
        [offer.municipality] if offer.municipality_id else []
    )
    return [(m, earliest_start(today=today, municipality=m, offer=offer)) for m in served]


@require_safe
@cache_public_page
def not_wanting_to_go(request: HttpRequest) -> HttpResponse:
    """ "Mijn naaste wil niet weg" (issue 25.2): what helps, from the source reports. With
    ?gemeente=<slug> help at home is that municipality's list, with ?terug=<path> the way
    back is to the request or offer the caregiver came from (a walk landed on a new request
    and on a search over the whole country)."""
    slug = request.GET.get("gemeente", "")
    municipality = (
        Municipality.objects.filter(slug=slug).first() if slug and len(slug) <= 100 else None
    )
    return render(
        request,
        "directory/not_wanting_to_go.html",
        {"municipality": municipality, "back": local_path(request.GET.get("terug", ""))},
    )


@require_safe
@cache_public_page
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/glossary.html", {"terms": TERMS})


FEEDBACK_LIMIT = 5  # reports per address per hour


@require_http_methods(["GET", "HEAD", "POST"])
def offer_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """'Klopt er iets niet?': anyone can tell the municipality's editors."""
    offer = get_object_or_404(Offer.objects.published().select_related("municipality"), pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, action="feedback", limit=FEEDBACK_LIMIT, seconds=3600):
            form.add_error(
                None,
                _(
                    "U heeft al veel meldingen gestuurd. Probeer het over een uur opnieuw, "
                    "of bel de gemeente."
                ),
            )
        else:
            if not form.is_spam:  # the honeypot was filled in: say thanks, store nothing
                feedback_submit(
                    offer=offer,
                    message=form.cleaned_data["message"],
                    contact=form.cleaned_data["contact"],
                )
            return render(request, "directory/offer_feedback_thanks.html", {"offer": offer})
    return render(request, "directory/offer_feedback.html", {"offer": offer, "form": form})


@require_safe
def hsds_schema(request: HttpRequest, name: str) -> HttpResponse:
    """The official HSDS 3.0 schemas the OpenAPI document refers to (CC BY-SA 4.0, Open
    Referral; directory/hsds_schema/README.md)."""
    from directory.hsds.serialise import SCHEMA_DIR, SCHEMA_NAMES

    if name not in (*SCHEMA_NAMES, "openapi"):
        raise Http404
    response = HttpResponse(
        (SCHEMA_DIR / f"{name}.json").read_bytes(), content_type="application/schema+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def municipality_folder(request: HttpRequest, slug: str) -> HttpResponse:
    """The one-page folder to hand out (issue 26.2), as a PDF anyone may print."""
    municipality = get_object_or_404(Municipality, slug=slug)
    with translation.override("nl"):  # its labels too: it hangs at the huisarts (issue 26.5)
        context = folder_context(municipality, timezone.localdate())
    return pdf_response(
        request,
        "directory/folder.html",
        context,
        f"folder-mantelzorg-{municipality.slug}.pdf",
        language="nl",  # by post or handed out: Dutch (issue 26.5)
    )


SUBSCRIBE_LIMIT = 5  # asks per visitor per hour: enough for a family, too few for a list


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    """'Blijf op de hoogte' (issue 26.3): an address, then a mail to confirm (not cached: the
    municipality page is, and carries no form)."""
    municipality = get_object_or_404(Municipality, slug=slug)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, action="subscribe", limit=SUBSCRIBE_LIMIT, seconds=3600):
            form.add_error(
                "email", _("U vroeg dit net al een paar keer. Probeer het over een uur.")
            )
        else:
            subscription_ask(email=form.cleaned_data["email"], municipality=municipality)
            return render(
                request,
                "directory/subscribe_asked.html",
                {"municipality": municipality, "email": form.cleaned_data["email"]},
            )
    return render(
        request,
        "directory/subscribe.html",
        {"municipality": municipality, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm_view(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """The link in the first mail: a page with a button (mail scanners open links; only a
    person presses), then the news starts."""
    subscription = get_object_or_404(
        Subscription.objects.select_related("municipality"), token=token
    )
    like_the_mail(request, subscription.language)
    if request.method == "POST":
        subscription = subscription_confirm(subscription=subscription)
    return render(request, "directory/subscription_confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail program posts without our cookie; the token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_leave_view(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Leave in one click: the mail's link shows a button; a mail program's one-click POST
    (List-Unsubscribe-Post) or the button removes the address. Gone already: said plainly."""
    subscription = Subscription.objects.select_related("municipality").filter(token=token).first()
    if subscription is not None:
        like_the_mail(request, subscription.language)
    left = False
    if request.method == "POST":
        left = subscription_leave(token=token)
        subscription = None
    return render(
        request,
        "directory/subscription_leave.html",
        {"subscription": subscription, "left": left, "token": token},
    )
