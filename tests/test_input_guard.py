"""Whatever a client types, nothing ends in a server error: NUL characters are refused."""

import pytest


@pytest.mark.parametrize("path", ["/groups?q=a%00b", "/check?name=x%00"])
def test_a_nul_character_in_a_query_gets_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL characters" in response.data


def test_a_nul_character_in_a_form_gets_a_clear_400(client):
    response = client.post("/register", data={"email": "a@example.org", "name": "A\x00", "password": "x" * 12})
    assert response.status_code == 400


def test_a_nul_character_in_json_gets_the_api_error_object(client):
    response = client.post("/api/v1/practitioners", json={"email": "a@example.org", "name": "A\x00B",
                                                          "password": "long enough pass"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "nul_character"


def test_nul_characters_in_the_registration_form_are_refused_and_nothing_is_stored(app, client):
    from ipn.extensions import db
    from ipn.models import Practitioner

    response = client.post("/register", data={"name": "Ada\x00", "email": "ada\x00@example.org", "region": "\x00",
                                              "password": "long enough pass", "password_confirm": "long enough pass"})
    assert response.status_code == 400
    assert b"NUL characters" in response.data
    with app.app_context():
        assert db.session.query(Practitioner).count() == 0
