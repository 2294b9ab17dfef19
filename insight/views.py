"""Policy insight: public coverage and comparison, demand figures for policy officers."""

import csv
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import role_required
from accounts.choices import RoleKind
from directory.cache import cache_public_page, catalogue_version
from directory.choices import NeedArea
from directory.models import Municipality, Offer
from insight.access import may_see_demand, municipality_for_policy
from insight.charts import Series, bar_chart
from insight.coverage import (
    NATIONAL,
    OWN,
    REGIONAL,
    SOURCE_LABELS,
    SUB_KINDS,
    area_cells,
    comparison,
    current_index,
    freshness,
    gaps,
    overview,
    sub_kind_cells,
)
from insight.demand import demand_figures
from insight.unused import csv_rows, unused_figures
from portal.spreadsheet import cell as spreadsheet_cell

NATION = "nederland"
SHOWN = 5  # offers named per cell and source on a municipality's page (gaps() name 3)
SLUG = re.compile(r"[a-z0-9-]{1,100}")


def _municipalities() -> list[Municipality]:
    return list(Municipality.objects.only("pk", "name", "slug", "province").order_by("name"))


def _provinces(municipalities) -> list[tuple[str, str]]:
    return sorted({(slugify(m.province), m.province) for m in municipalities}, key=lambda p: p[1])


def _csv(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    """UTF-8 with a byte order mark and ';', as Dutch Excel opens it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    # Names come from editors and feeds: cells a spreadsheet never runs as a formula.
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return response


def _svg(chart: dict, chart_id: str) -> HttpResponse:
    body = render_to_string("insight/_bar_chart.svg", {"chart": chart, "chart_id": chart_id})
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
        content_type="image/svg+xml; charset=utf-8",
    )


@require_safe
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("gemeente", "")
    # Only what a slug can be reaches the database (a NUL byte is an error on PostgreSQL).
    if SLUG.fullmatch(slug):
        found = Municipality.objects.filter(slug=slug).first()
        if found:
            return redirect("insight:municipality", slug=found.slug)
    municipalities = _municipalities()
    return render(
        request,
        "insight/home.html",
        {
            "municipalities": municipalities,
            "provinces": _provinces(municipalities),
            "areas": NeedArea.choices,
            "unknown": bool(slug),
        },
    )


def _coverage(municipality: Municipality):
    index = current_index()
    areas = area_cells(index, municipality.pk)
    subs = sub_kind_cells(index, municipality.pk)
    return index, areas, subs


def _comparison_chart(municipality, rows) -> dict:
    return bar_chart(
        _("Aanbod per vraaggebied: %(name)s, %(province)s en Nederland")
        % {"name": municipality.name, "province": municipality.province},
        _(
            "Aantal aanbiedingen van de gemeente en de regio per vraaggebied (landelijk aanbod "
            "niet meegeteld), naast de mediaan van de provincie en van Nederland. De tabel "
            "heeft dezelfde cijfers."
        ),
        [str(r["label"]) for r in rows],
        [
            Series(municipality.name, [r["here"] for r in rows]),
            Series(
                _("Mediaan %(p)s") % {"p": municipality.province}, [r["province"] for r in rows]
            ),
            Series(_("Mediaan Nederland"), [r["national"] for r in rows]),
        ],
    )


@require_safe
@cache_public_page
def municipality_view(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    index, areas, subs = _coverage(municipality)
    everyone = _municipalities()
    rows = comparison(index, municipality, everyone)
    sources = index.sources(municipality.pk)
    # Only the offers the page names: at 171,000 offers Assen's cells hold 870.
    shown = {pk for cell in areas + subs for ids in cell.by_source.values() for pk in ids[:SHOWN]}
    offers = {
        row.pk: row
        for row in Offer.objects.with_ids(list(shown)).values_list("pk", "name", "slug", named=True)
    }
    names = {pk: o.name for pk, o in offers.items()}
    fresh, total = freshness(index, sources[OWN] | sources[REGIONAL])
    return render(
        request,
        "insight/municipality.html",
        {
            "municipality": municipality,
            "areas": areas,
            "subs": subs,
            "offers": offers,
            "shown": SHOWN,
            "shown_slice": f":{SHOWN}",
            "not_shown": -SHOWN,
            "area_gaps": gaps(
                municipality,
                areas,
                names,
                lambda c: _("aanbod voor %(area)s") % {"area": str(c.label).lower()},
            ),
            "sub_gaps": gaps(
                municipality,
                subs,
                names,
                lambda c: next(s.gap_name for s in SUB_KINDS if s.code == c.code),
            ),
            "fresh": fresh,
            "total": total,
            "fresh_percent": round(100 * fresh / total) if total else None,
            "comparison": rows,
            "chart": _comparison_chart(municipality, rows),
            "sources": SOURCE_LABELS,
            "source_order": (OWN, REGIONAL, NATIONAL),
            "province_slug": slugify(municipality.province),
            "can_see_demand": may_see_demand(request.user, municipality),
        },
    )


@require_safe
@cache_public_page
def municipality_csv(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    index, areas, subs = _coverage(municipality)
    rows = []
    for group, cells in ((_("vraaggebied"), areas), (_("respijtzorg"), subs)):
        for cell in cells:
            fresh, total = freshness(index, cell.by_source[OWN] + cell.by_source[REGIONAL])
            rows.append(
                [
                    group,
                    cell.label,
                    cell.source_label,
                    len(cell.by_source[OWN]),
                    len(cell.by_source[REGIONAL]),
                    len(cell.by_source[NATIONAL]),
                    f"{fresh}/{total}",
                ]
            )
    header = [
        _("soort"),
        _("onderwerp"),
        _("beste bron"),
        _("eigen"),
        _("regio"),
        _("landelijk"),
        _("gecontroleerd in 6 maanden"),
    ]
    return _csv(f"dekking-{municipality.slug}.csv", header, rows)


@require_safe
@cache_public_page
def comparison_csv(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    rows = comparison(current_index(), municipality, _municipalities())
    header = [
        _("vraaggebied"),
        municipality.name,
        _("mediaan %(p)s") % {"p": municipality.province},
        _("mediaan Nederland"),
    ]
    return _csv(
        f"vergelijking-{municipality.slug}.csv",
        header,
        [[r["label"], r["here"], _number(r["province"]), _number(r["national"])] for r in rows],
    )


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@require_safe
@cache_public_page
def comparison_svg(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    rows = comparison(current_index(), municipality, _municipalities())
    return _svg(_comparison_chart(municipality, rows), "vergelijking")


def _region(slug: str, everyone: list[Municipality]) -> tuple[str, list[Municipality]]:
    if slug == NATION:
        return _("Nederland"), everyone
    members = [m for m in everyone if slugify(m.province) == slug]
    if not members:
        raise Http404
    return members[0].province, members


@require_safe
@cache_public_page
def province_view(request: HttpRequest, slug: str) -> HttpResponse:
    everyone = _municipalities()
    name, members = _region(slug, everyone)
    rows = overview(current_index(), members)
    missing = {
        area: sum(1 for row in rows if row["cells"][i].source == "geen")
        for i, area in enumerate(NeedArea.labels)
    }
    return render(
        request,
        "insight/province.html",
        {
            "name": name,
            "slug": slug,
            "rows": rows,
            "areas": NeedArea.labels,
            # Keys the cached table: a new catalogue version or day renders it again.
            "version": f"{catalogue_version()}-{timezone.localdate()}",
            "sources": SOURCE_LABELS,
            "missing": missing,
            "provinces": _provinces(everyone),
        },
    )


@require_safe
@cache_public_page
def province_csv(request: HttpRequest, slug: str) -> HttpResponse:
    name, members = _region(slug, _municipalities())
    rows = overview(current_index(), members)
    header = [_("gemeente"), _("CBS-code")] + [str(a) for a in NeedArea.labels]
    body = [
        [row["municipality"].name, row["municipality"].code]
        + [f"{c.source_label} ({c.local_count})" for c in row["cells"]]
        for row in rows
    ]
    return _csv(f"dekking-{slug}.csv", header, body)


# Demand: policy officers of the municipality and superusers only ------------------------


def _demand_chart(municipality, figures) -> dict:
    return bar_chart(
        _("Aanvragen voor respijtzorg per kwartaal in %(name)s") % {"name": municipality.name},
        _(
            "Aantal aanvragen per kwartaal; aantallen onder de 5 staan er als '< 5', zonder balk, "
            "en kwartalen van voor de eerste aanvraag als 'geen gegevens'. "
            "De tabel heeft dezelfde cijfers."
        ),
        figures["quarters"],
        [
            Series(
                _("Aanvragen"),
                # A bar for 5 or more; else the table's text ("< 5", "geen gegevens").
                [
                    n if cell["value"] == str(n) else cell["value"]
                    for n, cell in zip(figures["totals"], figures["totals_shown"], strict=True)
                ],
            )
        ],
    )


@require_safe
@role_required(RoleKind.POLICY)
def demand_view(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_policy(request.user, slug)
    figures = demand_figures(municipality, timezone.localdate())
    return render(
        request,
        "insight/demand.html",
        {"municipality": municipality, "f": figures, "chart": _demand_chart(municipality, figures)},
    )


@require_safe
@role_required(RoleKind.POLICY)
def demand_csv(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_policy(request.user, slug)
    f = demand_figures(municipality, timezone.localdate())
    rows = [[_("Alle aanvragen")] + [c["value"] for c in f["totals_shown"]]]
    rows += [[row["kind"]] + [c["value"] for c in row["cells"]] for row in f["kind_rows"]]
    return _csv(f"vraag-{municipality.slug}.csv", [_("soort hulp")] + f["quarters"], rows)


@require_safe
@role_required(RoleKind.POLICY)
def demand_svg(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_policy(request.user, slug)
    figures = demand_figures(municipality, timezone.localdate())
    return _svg(_demand_chart(municipality, figures), "vraag")


# Why help stays unused: policy officers of the municipality and superusers only ----------


def _unused_chart(municipality, figures) -> dict:
    return bar_chart(
        _("Wat mantelzorgers in de weg zat bij een verblijf, in %(name)s")
        % {"name": municipality.name},
        _(
            "Hoe vaak elk antwoord gekozen is (meer antwoorden mogelijk); aantallen onder de 5 "
            "staan er als '< 5', zonder balk. De tabel heeft dezelfde cijfers."
        ),
        [row.label for row in figures["obstacles"]],
        [Series(_("Keer gekozen"), [row.count for row in figures["obstacles"]])],
    )


@require_safe
@role_required(RoleKind.POLICY)
def unused_view(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_policy(request.user, slug)
    figures = unused_figures(municipality, timezone.localdate())
    return render(
        request,
        "insight/unused.html",
        {
            "municipality": municipality,
            "f": figures,
            "chart": _unused_chart(municipality, figures) if figures["obstacles"] else None,
        },
    )


@require_safe
@role_required(RoleKind.POLICY)
def unused_csv(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_policy(request.user, slug)
    figures = unused_figures(municipality, timezone.localdate())
    return _csv(
        f"waarom-niet-{municipality.slug}.csv",
        [_("onderdeel"), _("wat"), _("aantal")],
        csv_rows(figures),
    )


@require_safe
@role_required(RoleKind.POLICY)
def unused_svg(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_policy(request.user, slug)
    figures = unused_figures(municipality, timezone.localdate())
    return _svg(_unused_chart(municipality, figures), "in-de-weg")
