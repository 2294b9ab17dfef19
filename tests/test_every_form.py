"""Issue 11: no form in the project ticks an answer for the user or speaks English.

Every Form class in our apps is found by walking the modules, built (with the arguments it
needs, listed below) and rendered. A blank radio button that is already checked ("- Select an
option -" chosen for the caregiver) or a library text such as "---------" fails the test. A new
form that needs arguments fails until it is listed in FACTORIES, so none is skipped silently.
"""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps

from accounts.models import User
from directory.models import Municipality, Offer
from respite.services.requests import request_submit
from tests.conftest import make_staff
from tests.directory.factories import OfferFactory
from tests.factories import ReferrerOrganisationFactory

PROJECT_APPS = (
    "accounts",
    "directory",
    "respite",
    "providers",
    "referrers",
    "selfcheck",
    "insight",
    "portal",
)
BLANK_CHECKED = re.compile(r'<input[^>]*type="radio"[^>]*value=""[^>]*checked', re.S)
ENGLISH = (
    "Select an option",
    "---------",
    "This field is required",
    "Choose",
    "Authenticator code",  # allauth's Dutch translation keeps it
    "Provider",  # the offer form's label was English (issue 22.8): 'Aanbieder'
)


@pytest.fixture(autouse=True)
def allauth_request():
    """allauth's forms read the request (its session) from a context, as in a view."""
    from importlib import import_module

    from allauth.core.context import request_context
    from django.conf import settings
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    with request_context(request):
        yield


def project_forms() -> list[type[forms.BaseForm]]:
    found = set()
    for app in apps.get_app_configs():
        if app.name not in PROJECT_APPS:
            continue
        for info in pkgutil.walk_packages([app.path], app.name + "."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    found.add(obj)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def factories():
    assen = Municipality.objects.get(code="GM0106")
    editor = make_staff("redacteur@assen.example", ("GM0106", "redacteur"))
    consultant = make_staff("consulent@assen.example", ("GM0106", "consulent"))
    offer = OfferFactory()
    caregiver = User.objects.create_user(username="z@example.org", email="z@example.org")
    req = request_submit(
        caregiver=caregiver,
        municipality=assen,
        data={
            "relationship": "ouder",
            "age_group": "oudere",
            "situation": "dementie",
            "kinds": ["logeerzorg"],
            "urgency": "gepland",
            "contact_method": "email",
        },
    )
    return {
        "StaffProfileForm": {"is_consultant": True},
        "OfferForm": {"user": editor},
        "NightGridForm": {"offer": offer},
        "ReferForm": {"offers": Offer.objects.all()},
        "HandOverForm": {"request_obj": req, "me": consultant},
        "IntakeForm": {"municipality": assen},
        "ReferrerRequestForm": {"organisation": ReferrerOrganisationFactory()},
        "AddOrganisationForm": {"municipality": assen},
        "ActivateTOTPForm": {"user": editor},
    }


@pytest.mark.django_db
def test_no_form_ticks_a_blank_answer_or_speaks_english():
    known = factories()
    classes = project_forms()
    assert len(classes) >= 25  # the walk found the forms, not nothing
    problems = []
    for cls in classes:
        kwargs = known.get(cls.__name__, {})
        try:
            form = cls(**kwargs)
        except TypeError as error:
            problems.append(f"{cls.__name__}: add it to FACTORIES ({error})")
            continue
        html = str(form)
        if BLANK_CHECKED.search(html):
            problems.append(f"{cls.__name__}: a blank radio button is ticked beforehand")
        problems += [f"{cls.__name__}: English text {t!r}" for t in ENGLISH if t in html]
        problems += [
            f"{cls.__name__}.{name}: radio answer {form[name].value()!r} chosen beforehand"
            for name, field in form.fields.items()
            if isinstance(field.widget, forms.RadioSelect) and form[name].value() not in (None, "")
        ]
    # The catalogue's filters (django-filter) are rendered by their own template, which shows
    # what is filtered now; tests/test_project.py checks that page ticks nothing blank.
    assert not problems, problems


ANCHOR = re.compile(r'href="#([^"]*)"')
ID = re.compile(r'\sid="([^"]+)"')


@pytest.mark.django_db
def test_every_error_summary_link_jumps_to_its_field():
    """GOV.UK: each error in the summary links to its field (`#id_…`), also for a group of
    radio buttons or checkboxes, whose first choice gets the focus. Every project form is
    sent empty and its summary's links are looked up in the form as the site renders it."""
    from django.template.loader import render_to_string

    known = factories()
    problems, checked = [], 0
    for cls in project_forms():
        kwargs = known.get(cls.__name__, {})
        try:
            form = cls(data={}, **kwargs) if "data" not in kwargs else cls(**kwargs)
        except TypeError:
            continue  # the other test names forms missing from FACTORIES
        if form.is_valid() or not any(form.errors.get(name) for name in form.fields):
            continue
        summary = render_to_string("_error_summary.html", {"form": form})
        fields = render_to_string("_form_fields.html", {"form": form})
        ids = set(ID.findall(fields))
        anchors = ANCHOR.findall(summary)
        checked += 1
        if not anchors:
            problems.append(f"{cls.__name__}: the summary has no links")
        problems += [
            f"{cls.__name__}: #{anchor} is not in the form"
            for anchor in anchors
            if anchor not in ids
        ]
    assert checked >= 15
    assert not problems, problems
