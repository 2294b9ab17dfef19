import csv
import io

import pytest
from django.core.management import CommandError, call_command

from directory.models import Municipality, PostcodeArea, Region
from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_all_municipalities_and_postcodes_are_loaded():
    assert Municipality.objects.count() == 342
    assert PostcodeArea.objects.count() == 4053
    assert Region.objects.filter(kind="provincie").count() == 12
    drenthe = Region.objects.get(code="provincie-drenthe")
    assert drenthe.municipalities.filter(code="GM0106").exists()


def test_loading_twice_changes_nothing():
    call_command("load_reference_data", verbosity=0)
    assert Municipality.objects.count() == 342
    assert PostcodeArea.objects.count() == 4053


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.slow
def test_next_years_file_updates_in_place_by_code(tmp_path, assen):
    """A merger: Midden-Drenthe (kept, renamed) absorbs Assen's PC4 9401; Hoogeveen leaves."""
    gemeenten = write_csv(
        tmp_path / "g.csv",
        ["code", "naam", "provincie", "inwoners_2021"],
        [
            ["GM0106", "Assen", "Drenthe", "70000"],
            ["GM1731", "Midden-Drenthe Nieuw", "Drenthe", ""],
        ],
    )
    postcodes = write_csv(
        tmp_path / "p.csv",
        ["pc4", "plaats", "gemeente_code"],
        [["9401", "Assen", "GM1731"], ["9411", "Beilen", "GM1731"]],
    )
    owner = Municipality.objects.get(code="GM0014")
    OfferFactory(municipality=owner)  # Groningen has an offer: kept with --keep-used

    call_command(
        "load_reference_data",
        gemeenten=gemeenten,
        postcodes=postcodes,
        keep_used=True,
        verbosity=0,
        stderr=io.StringIO(),
    )

    assen.refresh_from_db()
    assert assen.population == 70000
    assert Municipality.objects.get(code="GM1731").name == "Midden-Drenthe Nieuw"
    assert PostcodeArea.objects.get(pc4="9401").municipality.code == "GM1731"
    assert PostcodeArea.objects.count() == 2
    assert not Municipality.objects.filter(code="GM0118").exists()  # unused: removed
    assert Municipality.objects.filter(code="GM0014").exists()  # has offers: kept
    assert Municipality.objects.filter(code="GM0106").count() == 1


def test_a_file_with_wrong_columns_is_refused(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ["id", "name"], [["1", "x"]])
    with pytest.raises(CommandError, match="must have the columns"):
        call_command("load_reference_data", gemeenten=bad)
    assert Municipality.objects.count() == 342


@pytest.mark.slow
def test_a_municipality_still_in_use_is_never_removed_silently(tmp_path, assen):
    """It deleted a municipality that still had a consultant's role, exited 0, said nothing."""
    from accounts.models import Role
    from tests.conftest import make_staff

    consultant = make_staff("c@hoogeveen.example", ("GM0118", "consulent"))
    gemeenten = write_csv(
        tmp_path / "g.csv",
        ["code", "naam", "provincie", "inwoners_2021"],
        [["GM0106", "Assen", "Drenthe", "70000"]],
    )
    postcodes = write_csv(
        tmp_path / "p.csv", ["pc4", "plaats", "gemeente_code"], [["9401", "Assen", "GM0106"]]
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_reference_data", gemeenten=gemeenten, postcodes=postcodes)
    assert "GM0118 Hoogeveen: 1 rollen van medewerkers" in str(refused.value)
    assert "--keep-used" in str(refused.value)
    # Nothing changed: not the municipality, not its role, not the rest of the load.
    assert Role.objects.filter(user=consultant, municipality__code="GM0118").exists()
    assert Municipality.objects.count() == 342
    assen.refresh_from_db()
    assert assen.population != 70000

    err = io.StringIO()
    call_command(
        "load_reference_data", gemeenten=gemeenten, postcodes=postcodes, keep_used=True, stderr=err
    )
    assert "GM0118 Hoogeveen" in err.getvalue()
    assert Role.objects.filter(user=consultant, municipality__code="GM0118").exists()
    assert not Municipality.objects.filter(code="GM1731").exists()  # unused: removed


def only_assen_in_the_file(tmp_path):
    """Next year's file holds only Assen: Hoogeveen (GM0118) and the rest leave it."""
    gemeenten = write_csv(
        tmp_path / "g.csv",
        ["code", "naam", "provincie", "inwoners_2021"],
        [["GM0106", "Assen", "Drenthe", "70000"]],
    )
    postcodes = write_csv(
        tmp_path / "p.csv", ["pc4", "plaats", "gemeente_code"], [["9401", "Assen", "GM0106"]]
    )
    return {"gemeenten": gemeenten, "postcodes": postcodes}


def assert_refused_and_nothing_changed(files, assen, listed: str) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("load_reference_data", **files, verbosity=0)
    assert listed in str(refused.value)
    assert "Er is niets veranderd." in str(refused.value)
    assert Municipality.objects.count() == 342
    assert PostcodeArea.objects.count() == 4053
    assen.refresh_from_db()
    assert assen.population != 70000


@pytest.mark.slow
def test_a_municipality_used_only_by_a_referrer_organisation_is_not_removed(tmp_path, assen):
    """It was deleted with exit 0 and no word: the organisation silently lost Hoogeveen."""
    from referrers.choices import OrganisationKind
    from referrers.models import ReferrerOrganisation

    hoogeveen = Municipality.objects.get(code="GM0118")
    organisation = ReferrerOrganisation.objects.create(
        name="Huisartsen Hoogeveen", kind=OrganisationKind.GP
    )
    organisation.municipalities.add(hoogeveen)

    assert_refused_and_nothing_changed(
        only_assen_in_the_file(tmp_path), assen, "GM0118 Hoogeveen: 1 organisaties van verwijzers"
    )
    assert list(organisation.municipalities.all()) == [hoogeveen]


@pytest.mark.slow
def test_a_municipality_used_only_by_a_handover_is_not_removed(tmp_path, assen):
    """It ended in a ProtectedError traceback instead of the Dutch list."""
    from referrers.choices import ConsentWay, OrganisationKind
    from referrers.models import Handover, ReferrerOrganisation
    from tests.conftest import make_staff

    organisation = ReferrerOrganisation.objects.create(
        name="Huisartsen Assen", kind=OrganisationKind.GP
    )
    organisation.municipalities.add(assen)  # Assen stays: only the handover uses Hoogeveen
    handover = Handover.objects.create(
        referrer=make_staff("poh@huisartsen-assen.example"),
        organisation=organisation,
        municipality=Municipality.objects.get(code="GM0118"),
        caregiver_name="Els Bakker",
        consent_way=ConsentWay.CODE,
    )

    assert_refused_and_nothing_changed(
        only_assen_in_the_file(tmp_path), assen, "GM0118 Hoogeveen: 1 overdrachten van verwijzers"
    )
    assert Handover.objects.get(pk=handover.pk).municipality.code == "GM0118"


def test_every_link_to_a_municipality_is_a_use_in_words_or_goes_along():
    """A model that refers to a municipality (as the referrers app did) is found by itself;
    this asks for Dutch words for it, or a decision that it may leave with the municipality."""
    from portal.management.commands.load_reference_data import (
        GOES_ALONG,
        USE_WORDS,
        links_to_municipality,
    )

    links = {(model._meta.label, field) for model, field in links_to_municipality()}
    assert ("referrers.Handover", "municipality") in links  # related_name="+" is found too
    assert ("referrers.ReferrerOrganisation", "municipalities") in links
    assert links - GOES_ALONG == set(USE_WORDS)


@pytest.mark.slow
def test_what_the_database_refuses_to_delete_is_listed_not_a_traceback(
    tmp_path, assen, monkeypatch
):
    """The last line of defence, for a link the list above does not know yet."""
    from portal.management.commands import load_reference_data
    from referrers.choices import ConsentWay, OrganisationKind
    from referrers.models import Handover, ReferrerOrganisation
    from tests.conftest import make_staff

    monkeypatch.setattr(
        load_reference_data,
        "GOES_ALONG",
        load_reference_data.GOES_ALONG | {("referrers.Handover", "municipality")},
    )
    organisation = ReferrerOrganisation.objects.create(
        name="Huisartsen Assen", kind=OrganisationKind.GP
    )
    Handover.objects.create(
        referrer=make_staff("poh@huisartsen-assen.example"),
        organisation=organisation,
        municipality=Municipality.objects.get(code="GM0118"),
        caregiver_name="Els Bakker",
        consent_way=ConsentWay.CODE,
    )

    assert_refused_and_nothing_changed(
        only_assen_in_the_file(tmp_path), assen, "GM0118 Hoogeveen: 1 handovers"
    )
