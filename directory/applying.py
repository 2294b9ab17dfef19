"""Whom a caregiver applies to for an offer, in plain words, per access route (issue 15.8)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.choices import AccessRoute


@dataclass
class HowToApply:
    via_municipality: bool  # the request form of the portal goes to the municipality
    direct: bool  # the caregiver can sign up with the provider without any decision
    steps: list[str] = field(default_factory=list)


def how_to_apply(offer, routes) -> HowToApply:
    provider = offer.provider.name
    codes = {route.code for route in routes}
    steps = []
    if AccessRoute.VRIJ in codes:
        steps.append(
            _("Zonder aanvraag: u meldt zich zelf aan bij %(provider)s. Bel of mail hen.")
            % {"provider": provider}
        )
    if AccessRoute.WMO in codes:
        steps.append(
            _(
                "Via de gemeente: u vraagt het aan bij de gemeente. Een Wmo-consulent belt u "
                "en beslist samen met u. Daarna krijgt u een Wmo-beschikking."
            )
        )
    if AccessRoute.PGB in codes:
        steps.append(
            _(
                "Met een pgb: u vraagt het budget aan bij de gemeente en koopt de hulp daarna "
                "zelf in bij %(provider)s."
            )
            % {"provider": provider}
        )
    if AccessRoute.ZVW in codes:
        steps.append(
            _(
                "Via uw zorgverzekeraar: vraag het aan uw huisarts of wijkverpleegkundige, "
                "of bel uw zorgverzekeraar."
            )
        )
    if AccessRoute.WLZ in codes:
        steps.append(
            _(
                "Heeft uw naaste een indicatie voor de Wlz? Dan regelt het zorgkantoor dit. "
                "Bel %(provider)s om te vragen hoe."
            )
            % {"provider": provider}
        )
    if AccessRoute.VERWIJZING in codes:
        steps.append(
            _(
                "Met een verwijzing: vraag uw huisarts om een verwijzing en meld u daarna aan "
                "bij %(provider)s."
            )
            % {"provider": provider}
        )
    return HowToApply(
        via_municipality=bool(codes & {AccessRoute.WMO, AccessRoute.PGB}),
        direct=AccessRoute.VRIJ in codes or not codes,
        steps=steps,
    )
