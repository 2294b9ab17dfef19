"""Factories for people, roles, requests, referrals and self-checks (issue 23.5), beside the
catalogue's (tests/directory/factories.py). Municipalities are the reference data every test
database holds (GM0106 Assen, GM1731 Midden-Drenthe, …), looked up by code, never made."""

from datetime import timedelta

import factory
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts.models import Role, User
from directory.choices import Kind
from directory.models import Municipality
from providers.models import ProviderMember
from referrers.choices import OrganisationKind
from referrers.models import ReferrerMember, ReferrerOrganisation
from respite.choices import ReferralStatus
from respite.models import Referral, RespiteRequest
from selfcheck.models import SelfCheck
from tests.directory.factories import OfferFactory

STAFF_PASSWORD = "Een-lang-wachtwoord-2026"


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


class CaregiverFactory(factory.django.DjangoModelFactory):
    """A caregiver's account, as the e-mailed code makes it: no password."""

    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"mantelzorger{n}@example.org")
    username = factory.SelfAttribute("email")


class StaffFactory(factory.django.DjangoModelFactory):
    """A member of staff with a password and TOTP (`mfa=False` for one without), a work phone
    and hours (as consultants need before they pick up a request), and roles given as
    (municipality code, kind) pairs: StaffFactory(roles=[("GM0106", RoleKind.CONSULTANT)])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@gemeente.example")
    username = factory.SelfAttribute("email")
    first_name = factory.LazyAttribute(lambda user: user.email.split("@")[0].capitalize())
    work_phone = "0592 366 100"
    reachable_hours = factory.LazyAttribute(
        lambda user: "maandag tot en met donderdag van 9 tot 12 uur" if user.work_phone else ""
    )
    password = factory.PostGenerationMethodCall("set_password", STAFF_PASSWORD)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        for code, kind in extracted or ():
            Role.objects.create(user=user, municipality=municipality(code), kind=kind)

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        user.save()
        if extracted is not False:
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})


class ProviderStaffFactory(StaffFactory):
    """Staff of a provider organisation: StaffFactory plus the membership."""

    email = factory.Sequence(lambda n: f"planner{n}@aanbieder.example")
    work_phone = ""

    @factory.post_generation
    def provider(user, create, extracted, **kwargs):
        ProviderMember.objects.create(user=user, provider=extracted)


class ReferrerOrganisationFactory(factory.django.DjangoModelFactory):
    """A casemanagement dementie working in the municipalities given as codes:
    ReferrerOrganisationFactory(municipalities=["GM1731"])."""

    class Meta:
        model = ReferrerOrganisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Casemanagement {n}")
    kind = OrganisationKind.DEMENTIA
    phone = "0593 700 500"

    @factory.post_generation
    def municipalities(organisation, create, extracted, **kwargs):
        for code in extracted or ("GM1731",):
            organisation.municipalities.add(municipality(code))


class ReferrerFactory(StaffFactory):
    """A referrer (casemanager, POH…): StaffFactory plus the membership of an organisation."""

    email = factory.Sequence(lambda n: f"verwijzer{n}@zorg.example")
    first_name = "Ingrid"

    @factory.post_generation
    def organisation(user, create, extracted, **kwargs):
        ReferrerMember.objects.create(
            user=user,
            organisation=extracted or ReferrerOrganisationFactory(),
            job_title="casemanager dementie",
        )


class RespiteRequestFactory(factory.django.DjangoModelFactory):
    """A submitted request: weekend logeerzorg for a mother with dementia, as in the seeds."""

    class Meta:
        model = RespiteRequest

    caregiver = factory.SubFactory(CaregiverFactory)
    municipality = factory.LazyFunction(lambda: municipality("GM1731"))
    relationship = "ouder"
    age_group = "oudere"
    situation = "dementie"
    urgency = "gepland"
    contact_method = "email"
    kinds = factory.LazyFunction(lambda: [Kind.LOGEERZORG.value])
    weekend = True


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral sent to a logeerhuis, waiting for an answer. Made directly, without holding
    nights or mailing: for pages and lists; use referral_create to test the workflow."""

    class Meta:
        model = Referral

    respite_request = factory.SubFactory(RespiteRequestFactory)
    offer = factory.SubFactory(OfferFactory, kind=Kind.LOGEERZORG)
    provider = factory.SelfAttribute("offer.provider")
    status = ReferralStatus.SENT
    first_name = "Wilhelmina"
    age_group = factory.SelfAttribute("respite_request.age_group")
    situation = factory.SelfAttribute("respite_request.situation")
    kinds = factory.SelfAttribute("respite_request.kinds")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=2))


class SelfCheckFactory(factory.django.DjangoModelFactory):
    """A self-check result: 11 of 15 ('zwaar') unless answers are given."""

    class Meta:
        model = SelfCheck

    caregiver = factory.SubFactory(CaregiverFactory)
    answers = factory.LazyFunction(lambda: [1] * 11 + [0] * 4)
    score = factory.LazyAttribute(lambda check: sum(check.answers))
