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
