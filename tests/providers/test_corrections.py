"""Providers propose corrections of their offers' text; the editor decides (issue 9)."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import OfferChange, OfferCorrection
from directory.services import CatalogueError, correction_decide, correction_propose

pytestmark = pytest.mark.django_db


def form(offer, **changes) -> dict:
    data = {
        "name": offer.name,
        "summary": offer.summary,
        "description": offer.description,
        "cost_explanation": offer.cost_explanation,
        "notice_explanation": offer.notice_explanation,
        "phone": offer.phone,
        "email": offer.email,
        "website": offer.website,
    }
    data.update(changes)
    return data


def test_provider_proposes_the_editor_sees_the_diff_and_takes_it_over(
    client, logeerhuis, linde_staff, editor, django_capture_on_commit_callbacks
):
    client.force_login(linde_staff)
    url = reverse("providers:correction", args=[logeerhuis.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, form(logeerhuis, phone="0592 700 999", explanation="Nieuw nummer sinds mei.")
        )
    assert response.status_code == 302
    correction = OfferCorrection.objects.get(offer=logeerhuis)
    assert correction.changes == {"phone": {"old": logeerhuis.phone, "new": "0592 700 999"}}
    assert mail.outbox[-1].to == ["redacteur@assen.example"]
    logeerhuis.refresh_from_db()
    assert logeerhuis.phone != "0592 700 999"  # nothing changes before the editor decides

    client.force_login(editor)
    dashboard = client.get(reverse("beheer:dashboard", args=["assen"])).content.decode()
    assert "Voorstel van Zorggroep De Linde" in dashboard
    review = client.get(reverse("beheer:correction", args=[correction.pk])).content.decode()
    assert "0592 700 999" in review and "Nieuw nummer sinds mei." in review
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("beheer:correction", args=[correction.pk]), {"besluit": "overnemen"})
    logeerhuis.refresh_from_db()
    assert logeerhuis.phone == "0592 700 999"
    change = OfferChange.objects.get(offer=logeerhuis, field="telefoon")
    assert change.user == editor and change.new_value == "0592 700 999"
    assert change.action == "gewijzigd (voorstel aanbieder)"
    assert mail.outbox[-1].to == ["planner@delinde.example"]
    # Taken over: the page no longer warns that the offer changed since (it changed by it).
    decided = client.get(reverse("beheer:correction", args=[correction.pk])).content.decode()
    assert "Overgenomen" in decided and "veranderd sinds het voorstel" not in decided
    with pytest.raises(CatalogueError, match="al beslist"):
        correction_decide(correction=correction, editor=editor, approve=True)


def test_nothing_changed_or_bad_values_get_a_dutch_message(client, logeerhuis, linde_staff):
    client.force_login(linde_staff)
    url = reverse("providers:correction", args=[logeerhuis.pk])
    same = client.post(url, form(logeerhuis)).content.decode()
    assert "U heeft niets veranderd." in same
    bad = client.post(url, form(logeerhuis, email="geen-adres", name="<b>x</b>")).content.decode()
    assert "Voer een geldig e-mailadres in." in bad and "&lt;b&gt;x&lt;/b&gt;" in bad
    assert not OfferCorrection.objects.exists()


def test_rejecting_leaves_the_offer_as_it_was(logeerhuis, linde_staff, editor):
    correction = correction_propose(
        offer=logeerhuis, member=linde_staff, values={"name": "Andere naam"}
    )
    correction_decide(correction=correction, editor=editor, approve=False, text="Naam klopt al.")
    logeerhuis.refresh_from_db()
    assert logeerhuis.name == "Logeerhuis De Linde"
    assert OfferCorrection.objects.get().status == "afgewezen"


ROLES = ["anonymous", "editor", "other_editor", "consultant", "linde_staff", "other_provider_staff"]


@pytest.mark.parametrize(
    "role, propose, review",
    [
        ("anonymous", 302, 302),
        ("editor", 403, 200),
        ("other_editor", 403, 404),
        ("consultant", 403, 403),
        ("linde_staff", 200, 403),
        ("other_provider_staff", 404, 403),
    ],
)
def test_correction_role_matrix(client, request, logeerhuis, linde_staff, role, propose, review):
    correction = correction_propose(offer=logeerhuis, member=linde_staff, values={"name": "X"})
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("providers:correction", args=[logeerhuis.pk])).status_code == propose
    assert client.get(reverse("beheer:correction", args=[correction.pk])).status_code == review


def test_a_proposal_lists_only_what_the_provider_changed(client, logeerhuis, linde_staff):
    """An untouched description of several paragraphs (sent as CR LF) is not a change."""
    logeerhuis.description = "Eerste alinea.\n\nTweede alinea."
    logeerhuis.save()
    client.force_login(linde_staff)
    url = reverse("providers:correction", args=[logeerhuis.pk])
    client.post(
        url,
        form(
            logeerhuis,
            summary="Een nieuwe samenvatting.",
            description=logeerhuis.description.replace("\n", "\r\n"),
        ),
    )
    correction = OfferCorrection.objects.get(offer=logeerhuis)
    assert set(correction.changes) == {"summary"}
