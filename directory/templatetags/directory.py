from django import template
from django.core.cache import caches
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from directory.cache import catalogue_version
from directory.glossary import link_terms

register = template.Library()


@register.filter
def glossary(text: str, where: str = "") -> SafeString:
    """Escapes the text and links words from the begrippenlijst to their explanation: on the
    page itself (the page lists the words it uses), or with |glossary:"lijst" on the
    begrippenlijst."""
    return link_terms(str(text), reverse("directory:glossary") if where == "lijst" else "")


@register.simple_tag
def kind_overview(links) -> SafeString:
    """The list items of a municipality page's overview of kinds, from (kind, count, link)
    triples: one tag instead of a loop with three variables per kind, which rendered some 40
    template nodes (0.7 ms, a tenth of the page, issue 13)."""
    return format_html_join(
        "",
        '<li><a href="{}">{}</a> <span class="count">({})</span></li>',
        ((href, kind.label, localize(count)) for kind, count, href in links),
    )


@register.simple_tag
def municipality_options(field, version=None) -> str:
    """The <option>s of a municipality select, built in Python: 342 options through the
    template engine cost several milliseconds per page (issue 13). Built once per catalogue
    version in each process's memory (querying and escaping 342 names was a quarter of the
    search page); the chosen one is marked per request."""
    label = str(field.field.empty_label)
    form = f"{type(field.form).__name__}.{field.name}"  # each form has its own empty label
    version = catalogue_version() if version is None else version  # the view may know it
    key = f"municipality-options:{version}:{form}"
    local = caches["local"]
    options = local.get(key)
    if options is None:
        slugs_and_names = field.field.queryset.values_list("slug", "name")
        options = "".join(
            f'<option value="{escape(slug)}">{escape(name)}</option>'
            for slug, name in slugs_and_names
        )
        local.set(key, options, timeout=24 * 3600)
    current = field.value() or ""
    if not current:
        return mark_safe(f'<option value="" selected>{escape(label)}</option>{options}')  # noqa: S308
    chosen = f'<option value="{escape(current)}">'
    options = options.replace(chosen, chosen[:-1] + " selected>", 1)
    return mark_safe(f'<option value="">{escape(label)}</option>{options}')  # noqa: S308
