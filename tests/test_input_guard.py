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


def test_an_id_beyond_any_row_is_not_found(client, auth, make_practitioner):
    assert client.get("/practitioners/99999999999999999999").status_code == 404
    make_practitioner(email="ida@example.org")
    auth.login("ida@example.org")
    for path in ("/notifications/99999999999999999999/read", "/profile/tokens/99999999999999999999/revoke"):
        assert client.post(path).status_code == 404


def test_a_directory_page_far_past_the_end_is_empty_not_an_error(client):
    response = client.get("/groups?page=999999999999999999")
    assert response.status_code == 200


def test_a_body_larger_than_any_form_needs_is_refused(client):
    response = client.post("/api/v1/practitioners", data=b"x" * 2_000_000, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_name_that_grows_when_case_folded_is_refused_with_a_message(app):
    from ipn.services import groups
    from ipn.services.errors import Invalid
    from tests import factories as f

    with app.app_context():
        with pytest.raises(Invalid) as refused:
            groups.found_group(f.person(), "ß" * 100)
        assert "name" in refused.value.fields
