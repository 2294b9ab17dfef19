"""The editors' area ('Beheer'): municipal staff keep their own catalogue current."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import role_required
from accounts.choices import RoleKind
from directory.access import (
    correction_for_editor,
    feedback_for_editor,
    location_for_editor,
    municipality_for_editor,
    offer_for_editor,
    provider_for_editor,
)
from directory.beheer.forms import (
    CsvUploadForm,
    HsdsImportForm,
    LetterBatchForm,
    LocationForm,
    LoketForm,
    OfferForm,
    OpeningExceptionFormSet,
    OpeningHoursFormSet,
    ProviderForm,
)
from directory.choices import CorrectionStatus, OfferStatus, TargetGroup
from directory.folder import folder_is_due, folder_kinds
from directory.hsds.fetch import FetchError, fetch_feed
from directory.imports.csv_io import UploadError, decode_upload, export_csv
from directory.imports.tasks import apply_catalogue_import, check_catalogue_import
from directory.letters import MAX_LETTERS, read_list
from directory.models import (
    CatalogueImport,
    Feedback,
    LetterBatch,
    Location,
    Municipality,
    Offer,
    OfferCorrection,
    Provider,
    review_due_before,
)
from directory.services import (
    CatalogueError,
    correction_decide,
    feedback_resolve,
    location_save,
    offer_duplicate,
    offer_save,
    offer_set_status,
    offer_verify,
)
from portal.pdf import pdf_response


@require_safe
@role_required(RoleKind.EDITOR)
def home(request: HttpRequest) -> HttpResponse:
    municipalities = list(Municipality.objects.editable_by(request.user).order_by("name")[:400])
    if len(municipalities) == 1:
        return redirect("beheer:dashboard", slug=municipalities[0].slug)
    return render(request, "beheer/home.html", {"municipalities": municipalities})


@require_safe
@role_required(RoleKind.EDITOR)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_editor(request.user, slug)
    limit = review_due_before()
    offers = list(
        Offer.objects.filter(municipality=municipality)
        .select_related("provider")
        .annotate(open_feedback=Count("feedback", filter=Q(feedback__handled_at__isnull=True)))
        .order_by("name")
    )
    for offer in offers:
        offer.is_overdue = offer.verified_on < limit
        # What needs attention first: open reports, then overdue checks, then drafts.
        offer.attention = (2 if offer.open_feedback else 0) + (
            1 if offer.is_overdue and offer.status == OfferStatus.PUBLISHED else 0
        )
    offers.sort(key=lambda o: (-o.attention, o.status != OfferStatus.DRAFT, o.name))
    others = (
        Offer.objects.published()
        .serving(municipality)
        .exclude(municipality=municipality)
        .select_related("municipality", "provider")
        .order_by("name")
    )
    counts = {status: 0 for status in OfferStatus.values}
    for offer in offers:
        counts[offer.status] += 1
    return render(
        request,
        "beheer/dashboard.html",
        {
            "corrections": OfferCorrection.objects.filter(
                offer__municipality=municipality, status=CorrectionStatus.OPEN
            ).select_related("offer__provider")[:20],
            "municipality": municipality,
            "offers": offers,
            "others": others,
            "counts": counts,
            "overdue": sum(1 for o in offers if o.is_overdue and o.status == OfferStatus.PUBLISHED),
            "folder_due": folder_is_due(municipality, timezone.localdate()),
            "open_feedback": sum(o.open_feedback for o in offers),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def loket_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The Wmo-loket's number and hours, shown wherever we tell caregivers to call."""
    municipality = municipality_for_editor(request.user, slug)
    form = LoketForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De gegevens van het Wmo-loket zijn opgeslagen."))
        return redirect("beheer:dashboard", slug=municipality.slug)
    return render(request, "beheer/loket_form.html", {"form": form, "municipality": municipality})


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def folder(request: HttpRequest, slug: str) -> HttpResponse:
    """The folder to hand out (issue 26.2): see it, and say it was checked today; the folder
    then prints that date, and the dashboard asks again after the review period."""
    municipality = municipality_for_editor(request.user, slug)
    today = timezone.localdate()
    if request.method == "POST":
        if municipality.loket_is_demo or not municipality.loket_phone:
            # The folder would say "gecontroleerd door de gemeente" over a made-up number.
            messages.error(
                request,
                _(
                    "Vul eerst het echte nummer van het Wmo-loket in. Daarna kunt u de folder "
                    "als gecontroleerd opslaan."
                ),
            )
        else:
            Municipality.objects.filter(pk=municipality.pk).update(folder_checked_on=today)
            messages.success(request, _("Opgeslagen: de folder is vandaag gecontroleerd."))
        return redirect("beheer:folder", slug=municipality.slug)
    return render(
        request,
        "beheer/folder.html",
        {
            "municipality": municipality,
            "due": folder_is_due(municipality, today),
            "kinds": folder_kinds(municipality),
            "review_days": settings.DIRECTORY_REVIEW_AFTER_DAYS,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def letters(request: HttpRequest, slug: str) -> HttpResponse:
    """Letters by post, in a batch (issue 26.1): the list goes in, one PDF comes out, and the
    list is kept nowhere (read in this request); only who made how many letters is noted."""
    municipality = municipality_for_editor(request.user, slug)
    initial = {"contact_phone": municipality.loket_phone, "contact_hours": municipality.loket_hours}
    form = LetterBatchForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = read_list(form.cleaned_data["bestand"].read(), municipality)
        except UploadError as error:
            form.add_error("bestand", str(error))
        else:
            LetterBatch.objects.create(
                municipality=municipality, made_by=request.user, letters=len(batch)
            )
            return pdf_response(
                request,
                "beheer/letters_pdf.html",
                {
                    "letters": batch,
                    "municipality": municipality,
                    "contact": form.cleaned_data,
                    "today": timezone.localdate(),
                    "site": settings.SITE_URL.split("://", 1)[-1].rstrip("/"),
                },
                f"brieven-mantelzorgers-{municipality.slug}-{timezone.localdate()}.pdf",
                language="nl",  # by post or handed out: Dutch (issue 26.5)
            )
    return render(
        request,
        "beheer/letters.html",
        {
            "municipality": municipality,
            "form": form,
            "made": municipality.letter_batches.select_related("made_by")[:10],
            "max_letters": MAX_LETTERS,
            "situations": TargetGroup.choices,
        },
        status=400 if form.is_bound else 200,
    )


@role_required(RoleKind.EDITOR)
def offer_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_editor(request.user, slug)
    form = OfferForm(
        request.POST or None, user=request.user, instance=Offer(municipality=municipality)
    )
    if request.method == "POST" and form.is_valid():
        offer = offer_save(form=form, user=request.user)
        messages.success(request, _("Het aanbod is opgeslagen als concept."))
        return redirect("beheer:offer_edit", pk=offer.pk)
    return render(request, "beheer/offer_form.html", {"form": form, "municipality": municipality})


@role_required(RoleKind.EDITOR)
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_for_editor(request.user, pk, write=request.method == "POST")
    editable = Offer.objects.editable_by(request.user).filter(pk=offer.pk).exists()
    form = OfferForm(request.POST or None, user=request.user, instance=offer)
    if request.method == "POST" and form.is_valid():
        offer_save(form=form, user=request.user)
        if form.cleaned_data.get("checked_now"):
            # "Nog steeds juist" submits this form: what was typed is saved with it, not lost.
            messages.success(
                request,
                _("Uw wijzigingen zijn opgeslagen. 'Laatst gecontroleerd' staat nu op vandaag."),
            )
        else:
            messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
        return redirect("beheer:offer_edit", pk=offer.pk)
    return render(
        request,
        "beheer/offer_form.html",
        {"form": form, "offer": offer, "municipality": offer.municipality, "editable": editable},
    )


def _transition(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    """Run a state change and go back to where the editor came from (a Beheer page)."""
    offer = offer_for_editor(request.user, pk, write=True)
    try:
        action(offer=offer, user=request.user)
    except CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    back = request.POST.get("next", "")
    if back.startswith("/beheer/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("beheer:offer_edit", pk=offer.pk)


@require_POST
@role_required(RoleKind.EDITOR)
def offer_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda **kw: offer_set_status(status=OfferStatus.PUBLISHED, **kw),
        _("Het aanbod staat nu op de website."),
    )


@require_POST
@role_required(RoleKind.EDITOR)
def offer_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda **kw: offer_set_status(status=OfferStatus.ARCHIVED, **kw),
        _("Het aanbod is gearchiveerd en staat niet meer op de website."),
    )


@require_POST
@role_required(RoleKind.EDITOR)
def offer_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, offer_verify, _("Gecontroleerd: de datum is bijgewerkt."))


@require_POST
@role_required(RoleKind.EDITOR)
def offer_duplicate_view(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_for_editor(request.user, pk, write=True)
    copy = offer_duplicate(offer=offer, user=request.user)
    messages.success(request, _("Er is een kopie gemaakt. Die staat nog niet op de website."))
    return redirect("beheer:offer_edit", pk=copy.pk)


@require_safe
@role_required(RoleKind.EDITOR)
def offer_history(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_for_editor(request.user, pk, write=False)
    changes = offer.changes.select_related("user")[:500]
    return render(request, "beheer/offer_history.html", {"offer": offer, "changes": changes})


@require_safe
@role_required(RoleKind.EDITOR)
def feedback_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_editor(request.user, slug)
    reports = (
        Feedback.objects.filter(offer__municipality=municipality)
        .select_related("offer", "handled_by")
        .order_by("handled_at", "-created_at")[:500]
    )
    return render(
        request, "beheer/feedback_list.html", {"municipality": municipality, "reports": reports}
    )


@require_POST
@role_required(RoleKind.EDITOR)
def feedback_handled(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = feedback_for_editor(request.user, pk)
    try:
        feedback_resolve(feedback=feedback, user=request.user)
    except CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De melding is afgehandeld."))
    return redirect("beheer:feedback_list", slug=feedback.offer.municipality.slug)


@require_safe
@role_required(RoleKind.EDITOR)
def catalogue_export(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_editor(request.user, slug)
    content = export_csv(Offer.objects.filter(municipality=municipality).order_by("name"))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"aanbod-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class ImportKind:
    """A way to bring a catalogue in: how its upload is read."""

    source: str
    url_name: str
    template: str
    form_class: type
    read: Callable  # the valid form -> text; may raise FetchError or UploadError
    row_label: str


def _read_feed(form) -> str:
    if form.cleaned_data["bestand"]:
        return decode_upload(form.cleaned_data["bestand"].read())
    return fetch_feed(form.cleaned_data["adres"], HsdsImportForm.MAX_BYTES)


CSV_IMPORT = ImportKind(
    source="CSV",
    url_name="beheer:catalogue_import",
    template="beheer/catalogue_import.html",
    form_class=CsvUploadForm,
    read=lambda form: decode_upload(form.cleaned_data["bestand"].read()),
    row_label=gettext_lazy("Regel"),
)
HSDS_IMPORT = ImportKind(
    source="HSDS",
    url_name="beheer:catalogue_import_hsds",
    template="beheer/catalogue_import_hsds.html",
    form_class=HsdsImportForm,
    read=_read_feed,
    row_label=gettext_lazy("Service"),
)
IMPORT_KINDS = {kind.source: kind for kind in (CSV_IMPORT, HSDS_IMPORT)}


def _upload_name(form) -> str:
    upload = form.cleaned_data.get("bestand")
    return (getattr(upload, "name", "") or form.cleaned_data.get("adres") or "")[:300]


def _import(request: HttpRequest, slug: str, kind: ImportKind) -> HttpResponse:
    """The upload. The file gets an id of its own and is checked in the background; the
    editor follows it on its own page (import_status)."""
    municipality = municipality_for_editor(request.user, slug)
    posted = request.method == "POST"
    form = kind.form_class(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            text = kind.read(form)
        except FetchError as error:
            form.add_error("adres", str(error))
        except UploadError as error:
            form.add_error("bestand", str(error))
        else:
            with transaction.atomic():
                upload = CatalogueImport.objects.create(
                    municipality=municipality,
                    user=request.user,
                    source=kind.source,
                    text=text,
                    file_name=_upload_name(form),
                )
                check_catalogue_import.enqueue(import_id=str(upload.pk))
            return redirect("beheer:import_status", slug=slug, pk=upload.pk)
    recent = (
        CatalogueImport.objects.filter(municipality=municipality, source=kind.source)
        .select_related("user")
        .defer("text", "preview")
    )
    return render(
        request,
        kind.template,
        {"municipality": municipality, "form": form, "recent": recent[:5]},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def catalogue_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _import(request, slug, CSV_IMPORT)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def catalogue_import_hsds(request: HttpRequest, slug: str) -> HttpResponse:
    """An Open Referral HSDS 3.0 feed (file or address), checked like the CSV import."""
    return _import(request, slug, HSDS_IMPORT)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def import_status(request: HttpRequest, slug: str, pk) -> HttpResponse:
    """One upload: its progress (the page refreshes itself while the work goes on), then
    its errors or what will change, the confirm button for exactly this file, the result."""
    municipality = municipality_for_editor(request.user, slug)
    upload = get_object_or_404(CatalogueImport.objects.filter(municipality=municipality), pk=pk)
    kind = IMPORT_KINDS[upload.source]
    if request.method == "POST":
        with transaction.atomic():
            locked = CatalogueImport.objects.select_for_update().get(pk=upload.pk)
            if locked.can_apply:
                locked.state = CatalogueImport.State.APPLYING
                locked.rows_done = 0
                locked.save(update_fields=["state", "rows_done", "changed_at"])
                apply_catalogue_import.enqueue(import_id=str(locked.pk))
            elif locked.state in (CatalogueImport.State.APPLYING, CatalogueImport.State.DONE):
                messages.info(request, _("Dit bestand wordt al ingelezen, of is al ingelezen."))
            else:
                messages.error(request, _("Dit bestand kan niet worden ingelezen."))
        return redirect("beheer:import_status", slug=slug, pk=upload.pk)
    return render(
        request,
        "beheer/import_status.html",
        {
            "municipality": municipality,
            "upload": upload,
            "kind": kind,
            "percent": round(100 * upload.rows_done / upload.rows_total)
            if upload.rows_total
            else 0,
        },
    )


@require_safe
@role_required(RoleKind.EDITOR)
def provider_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_editor(request.user, slug)
    providers = (
        Provider.objects.filter(municipality=municipality)
        .annotate(location_count=Count("locations", distinct=True))
        .order_by("name")
    )
    return render(
        request,
        "beheer/provider_list.html",
        {"municipality": municipality, "providers": providers},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def provider_form(request: HttpRequest, slug: str | None = None, pk: int | None = None):
    if pk is None:
        municipality = municipality_for_editor(request.user, slug)
        provider = Provider(municipality=municipality)
    else:
        provider = provider_for_editor(request.user, pk)
        municipality = provider.municipality
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        provider = form.save()
        messages.success(request, _("De aanbieder is opgeslagen."))
        return redirect("beheer:provider_edit", pk=provider.pk)
    locations = provider.locations.all() if provider.pk else []
    return render(
        request,
        "beheer/provider_form.html",
        {"form": form, "provider": provider, "municipality": municipality, "locations": locations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def location_form(request: HttpRequest, provider_pk: int | None = None, pk: int | None = None):
    """A location with its weekly hours and its exceptions (holidays), saved together."""
    if pk is None:
        provider = provider_for_editor(request.user, provider_pk)
        location = Location(provider=provider)
    else:
        location = location_for_editor(request.user, pk)
        provider = location.provider
    data = request.POST or None
    form = LocationForm(data, instance=location)
    hours = OpeningHoursFormSet(data, instance=location, prefix="tijden")
    exceptions = OpeningExceptionFormSet(data, instance=location, prefix="uitzonderingen")
    if request.method == "POST" and all(f.is_valid() for f in (form, hours, exceptions)):
        location = location_save(form=form, hours=hours, exceptions=exceptions)
        messages.success(request, _("De locatie en de openingstijden zijn opgeslagen."))
        return redirect("beheer:location_edit", pk=location.pk)
    return render(
        request,
        "beheer/location_form.html",
        {
            "form": form,
            "hours": hours,
            "exceptions": exceptions,
            "location": location,
            "provider": provider,
            "has_errors": bool(
                form.errors or hours.total_error_count() or exceptions.total_error_count()
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(RoleKind.EDITOR)
def correction_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor sees old and new per field and takes the proposal over, or not."""
    correction = correction_for_editor(request.user, pk)
    if request.method == "POST":
        choice = request.POST.get("besluit", "")
        if choice not in ("overnemen", "afwijzen"):
            messages.error(request, _("Kies: overnemen of niet overnemen."))
        else:
            try:
                correction_decide(
                    correction=correction,
                    editor=request.user,
                    approve=choice == "overnemen",
                    text=request.POST.get("uitleg", "")[:500],
                )
            except CatalogueError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Uw besluit is opgeslagen. De aanbieder krijgt bericht.")
                )
                return redirect("beheer:dashboard", slug=correction.offer.municipality.slug)
    return render(request, "beheer/correction_review.html", {"correction": correction})
