"""Demo staff accounts for trying the portal on the demo catalogue (development only).

`manage.py load_demo_accounts` makes one account per role with a fresh password and an
authenticator already set up; `manage.py demo_code <e-mail>` prints that account's current
code, so nobody needs a phone to try the staff side. Every name says "(demo)" and every
address ends in @demo.example.org, which cannot receive mail.
"""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.db import transaction

from accounts.choices import RoleKind
from accounts.models import Role, User
from directory.models import Municipality, Provider
from providers.models import ProviderMember
from referrers.choices import OrganisationKind
from referrers.models import ReferrerMember, ReferrerOrganisation

DOMAIN = "demo.example.org"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    what: str  # in the command's output: what this account is for
    roles: tuple[tuple[str, str], ...] = ()
    provider: str = ""  # the demo organisation's name, for provider staff
    referrer: str = ""  # the referrer's job title (in REFERRER_ORGANISATION)
    superuser: bool = False
    phone: str = ""
    hours: str = "maandag tot en met vrijdag van 9 tot 17 uur"


# The referrers' organisation of the demo: a casemanagement for the region (issue 24.1).
REFERRER_ORGANISATION = {
    "name": "Casemanagement Dementie Drenthe (demo)",
    "kind": OrganisationKind.DEMENTIA,
    "phone": "0593 700 500",
    "municipalities": ("GM1731", "GM0106"),
}

ACCOUNTS = (
    DemoAccount(
        f"consulent.middendrenthe@{DOMAIN}",
        "Anna",
        "de Vries (demo)",
        "Wmo-consulent Midden-Drenthe: werkbak, oppakken, doorverwijzen, besluit",
        roles=(("GM1731", RoleKind.CONSULTANT),),
        phone="0593 700 301",
        hours="maandag tot en met donderdag van 9 tot 12 uur",
    ),
    DemoAccount(
        f"consulent.assen@{DOMAIN}",
        "Jeroen",
        "Bakker (demo)",
        "Wmo-consulent Assen",
        roles=(("GM0106", RoleKind.CONSULTANT),),
        phone="0592 700 301",
    ),
    DemoAccount(
        f"aanbieder.linde@{DOMAIN}",
        "Petra",
        "Smit (demo)",
        "Planner bij Zorggroep Drentse Linde: Logeerhuis De Linde, 't Boshuis, crisisbed",
        provider="Zorggroep Drentse Linde",
        phone="0592 700 190",
        hours="elke werkdag van 8 tot 16 uur",
    ),
    DemoAccount(
        f"casemanager@{DOMAIN}",
        "Ingrid",
        "Hoekstra (demo)",
        "Casemanager dementie in Midden-Drenthe en Assen: samen met een mantelzorger aanvragen",
        referrer="casemanager dementie",
        phone="0593 700 501",
    ),
    DemoAccount(
        f"redacteur@{DOMAIN}",
        "Sanne",
        "Mulder (demo)",
        "Redacteur van de sociale kaart van Assen en Midden-Drenthe",
        roles=(("GM0106", RoleKind.EDITOR), ("GM1731", RoleKind.EDITOR)),
    ),
    DemoAccount(
        f"beleid.middendrenthe@{DOMAIN}",
        "Kees",
        "Jansen (demo)",
        "Beleidsmedewerker Midden-Drenthe: vraag en aanbod",
        roles=(("GM1731", RoleKind.POLICY),),
    ),
    DemoAccount(
        f"beheer@{DOMAIN}",
        "Beheerder",
        "(demo)",
        "Superuser: medewerkers uitnodigen, alle gemeenten",
        superuser=True,
    ),
)


def new_password() -> str:
    """Four groups of letters and digits, easy to copy from a terminal."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@transaction.atomic
def load_demo_accounts(password: str) -> list[tuple[DemoAccount, str]]:
    """Make or reset every demo account: the password, the roles, a new authenticator.
    Returns each account with its authenticator's secret (for an app, if wanted)."""
    made = []
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(
            email=account.email, defaults={"username": account.email}
        )
        user.first_name, user.last_name = account.first_name, account.last_name
        user.is_superuser = user.is_staff = account.superuser
        user.work_phone, user.reachable_hours = (
            account.phone,
            account.hours if account.phone else "",
        )
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        for code, kind in account.roles:
            Role.objects.get_or_create(
                user=user, municipality=Municipality.objects.get(code=code), kind=kind
            )
        if account.provider:
            provider = (
                Provider.objects.filter(name=account.provider, offers__is_demo=True)
                .distinct()
                .get()
            )
            ProviderMember.objects.update_or_create(user=user, defaults={"provider": provider})
        if account.referrer:
            ReferrerMember.objects.update_or_create(
                user=user,
                defaults={"organisation": _referrer_organisation(), "job_title": account.referrer},
            )
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        made.append((account, secret))
    return made


def _referrer_organisation() -> ReferrerOrganisation:
    facts = REFERRER_ORGANISATION
    organisation, _ = ReferrerOrganisation.objects.update_or_create(
        name=facts["name"], defaults={"kind": facts["kind"], "phone": facts["phone"]}
    )
    organisation.municipalities.add(*Municipality.objects.filter(code__in=facts["municipalities"]))
    return organisation


def current_code(email: str) -> str | None:
    """The code the demo account's authenticator shows now, or None for no demo account."""
    if not email.lower().endswith("@" + DOMAIN):
        return None
    authenticator = Authenticator.objects.filter(
        user__email__iexact=email, type=Authenticator.Type.TOTP
    ).first()
    if authenticator is None:
        return None
    secret = decrypt(authenticator.data["secret"])
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
