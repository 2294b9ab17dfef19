"""Hostile, malformed and oversized input: a normal page or a 404, never a 500 or raw HTML."""

import pytest

from tests.directory.factories import OfferFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1; DROP TABLE directory_offer; --",
    "%00",
    "\x00",
    "🙂👵🏻💊",
    "../../etc/passwd",
    "9401AB" * 200,
    "&amp;&lt;",
    "logeren & | ! :* ( )",
    "-1",
    "1e309",
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # an Arabic-Indic 3: a number to int()
    " 2 ",
    "1_000",
]

PARAMETERS = [
    ("/zoek-gemeente/", "q"),
    ("/gemeenten/kies/", "gemeente"),
    ("/gemeenten/assen/", "q"),
    ("/gemeenten/assen/", "soort"),
    ("/gemeenten/assen/", "doelgroep"),
    ("/gemeenten/assen/", "wanneer"),
    ("/gemeenten/assen/", "waar"),
    ("/gemeenten/assen/", "kosten"),
    ("/gemeenten/assen/", "toegang"),
    ("/gemeenten/assen/", "pagina"),
    ("/zoeken/", "q"),
    ("/zoeken/", "gemeente"),
    ("/zoeken/", "pagina"),
    ("/inzicht/", "gemeente"),
    ("/inzicht/assen/", "gemeente"),
    ("/bewaarlijst/", "terug"),
]


@pytest.fixture(autouse=True)
def some_offers(assen):
    OfferFactory.create_batch(3)


def assert_safe(response):
    assert response.status_code in (200, 302, 404), response.status_code
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content


@pytest.mark.parametrize(("path", "name"), PARAMETERS)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_parameter_values(client, path, name, value):
    assert_safe(client.get(path, {name: value}))


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_page_numbers_of_a_search(client, value):
    """The search pages in the database (directory/views.py, _search_page): every page
    number is a page of results or the nearest one with a notice."""
    OfferFactory.create_batch(3, name="Logeerhuis")
    response = client.get("/zoeken/", {"q": "logeerhuis", "pagina": value})
    assert_safe(response)
    assert response.status_code == 200
    assert response.context["page"].object_list


@pytest.mark.parametrize(("path", "name"), PARAMETERS)
def test_repeated_parameters(client, path, name):
    assert_safe(client.get(f"{path}?{name}=logeerzorg&{name}=<b>&{name}=2&{name}=2"))


@pytest.mark.parametrize(
    "path",
    [
        "/gemeenten/%3Cscript%3E/",
        "/gemeenten/" + "a" * 5000 + "/",
        "/aanbod/1/<script>/",
        "/aanbod/" + "9" * 19 + "/",
        "/aanbod/-1/",
        "/gemeenten/assen/afdrukken/?pagina=<x>",
        "/inzicht/%3Cscript%3E/",
        "/inzicht/provincie/%3Cscript%3E/",
        "/inzicht/provincie/" + "a" * 5000 + "/dekking.csv",
        "/inzicht/assen/vraag-en-aanbod/?x=<script>",
        "/aanvragen/stap/%3Cscript%3E/",
        "/aanvragen/00000000-0000-0000-0000-000000000000/stap/%3Cscript%3E/",
        "/aanvragen/%3Cscript%3E/controleren/",
        "/zelftest/uitslag/" + "9" * 25 + "/",
        "/bewaarlijst/bewaren/" + "9" * 19 + "/?terug=javascript:alert(1)",
        "/beheer/werkbak/%3Cscript%3E/zelftest/",
    ],
)
def test_hostile_paths(client, path):
    assert_safe(client.get(path))


@pytest.mark.parametrize("path", ["/", "/zoeken/", "/gemeenten/assen/", "/zoek-gemeente/"])
def test_state_changing_methods_are_refused(client, path):
    assert client.post(path, {"q": "x"}).status_code == 405


def test_typed_text_is_kept_and_escaped(client):
    response = client.get("/zoek-gemeente/", {"q": "<b>Asen</b>"})
    content = response.content.decode()
    assert 'value="&lt;b&gt;Asen&lt;/b&gt;"' in content
