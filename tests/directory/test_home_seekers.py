"""'Voor wie zoekt u?' on the home page (issue 26.4): asked once, and the answer changes the
wording and the next step; a professional is pointed to the referrer's way in."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_asks_for_whom_with_a_link_per_answer(client):
    page = client.get("/").content.decode()
    assert "Voor wie zoekt u?" in page and 'id="voor-wie"' in page
    for code in ("mezelf", "ander", "professional"):
        assert f'href="?voor={code}"' in page


@pytest.mark.parametrize(
    ("answer", "says", "leads_to"),
    [
        ("mezelf", "Vind hulp als u voor iemand zorgt", "/zelftest/"),
        ("ander", "stuur die lijst door naar de mantelzorger", "/zelftest/"),
        ("professional", "Meld hem of haar samen aan bij de gemeente", "/verwijzer/"),
    ],
)
def test_each_answer_changes_the_wording_and_the_next_step(client, answer, says, leads_to):
    page = client.get("/", {"voor": answer}).content.decode()
    assert 'id="voor-wie"' not in page  # asked once
    assert says in page and f'href="{leads_to}"' in page
    assert "Iets anders kiezen" in page


@pytest.mark.parametrize("value", ["onzin", "<script>", "x" * 5000])
def test_a_made_up_answer_asks_again(client, value):
    response = client.get("/", {"voor": value})
    assert response.status_code == 200
    assert "Voor wie zoekt u?" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<body")[1].split("</main>")[0]
