"""Names in Unicode: one form (NFKC), nothing invisible or direction-changing, and no group
name that merely looks like another group's (a confusable skeleton, Unicode TR39)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from ipn.extensions import db
from ipn.models import Group, Practitioner
from ipn.services.names import skeleton, skeleton_key


@pytest.fixture
def founder(make_practitioner, auth):
    make_practitioner(email="founder@example.org", name="Founder")
    auth.login("founder@example.org")


def found(client, name: str):
    return client.post("/groups/new", data={"name": name, "region": "Bristol"})


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_json_body_with_a_lone_surrogate_is_a_400_not_a_500(client):
    body = '{"email": "a@example.org", "name": "Ada \\ud800", "password": "long enough pass"}'
    response = client.post("/api/v1/practitioners", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "lone_surrogate"
    # A proper pair (an emoji written as two escapes) is one character, and welcome.
    body = '{"email": "b@example.org", "name": "Bea \\ud83c\\udf3f", "password": "long enough pass"}'
    assert client.post("/api/v1/practitioners", data=body, content_type="application/json").status_code == 201


LOOKS_ALIKE = "That name looks the same as the group “Riverside Circle”; choose a name that reads differently."
SAME_NAME = "A group with that name already exists; choose another."


@pytest.mark.parametrize("look_alike, message", [
    ("Rіvеrsіdе Circle", LOOKS_ALIKE),  # Cyrillic і and е in a Latin name
    ("Riverside Circ1e", LOOKS_ALIKE),  # a digit one for an l
    ("Riverside Cirсle", LOOKS_ALIKE),  # one Cyrillic с
    ("Ｒｉｖｅｒｓｉｄｅ Ｃｉｒｃｌｅ", SAME_NAME),  # fullwidth letters: NFKC makes it the same name
    ("RIVERSIDE CIRCLE", SAME_NAME),
])
def test_a_group_name_that_looks_like_an_existing_one_is_refused(client, founder, look_alike, message):
    assert found(client, "Riverside Circle").status_code == 302
    response = found(client, look_alike)
    assert response.status_code == 422
    assert message in page_text(response)


@pytest.mark.parametrize("name, character", [
    ("River\u200bside", "ZERO WIDTH SPACE"),
    ("River\u00adside", "SOFT HYPHEN"),
    ("Riverside \u202eelcriC", "RIGHT-TO-LEFT OVERRIDE"),
    ("Riverside\u2066 Circle", "LEFT-TO-RIGHT ISOLATE"),
    ("River\ufeffside", "ZERO WIDTH NO-BREAK SPACE"),
])
def test_invisible_and_direction_characters_in_a_group_name_are_refused_clearly(app, client, founder, name, character):
    response = found(client, name)
    assert response.status_code == 422
    text = page_text(response)
    assert "may not contain invisible or text-direction characters" in text and character in text
    with app.app_context():
        assert db.session.scalar(select(Group.id)) is None


def test_a_name_with_decomposed_accents_is_stored_composed_and_clashes_with_the_composed_one(app, client, founder):
    assert found(client, "Cafe\u0301 Circle").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Group.name)) == "Café Circle"
    assert found(client, "Café Circle").status_code == 422
    # Accents are letters: a name without them is a different name.
    assert found(client, "Cafe Circle").status_code == 302


def test_fullwidth_letters_in_a_new_name_are_stored_as_ordinary_letters(app, client, founder):
    assert found(client, "Ｔｈｅ Ｏａｋ").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Group.name)) == "The Oak"


def test_a_practitioner_name_is_normalised_and_may_not_hide_characters(app, client):
    response = client.post("/register", data={"name": "Ｚｏｅ Cafe\u0301", "email": "zoe@example.org",
                                              "password": "long enough pass", "password_confirm": "long enough pass"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Practitioner.name)) == "Zoe Café"
    client.post("/logout")
    response = client.post("/register", data={"name": "Eve\u202e", "email": "eve@example.org",
                                              "password": "long enough pass", "password_confirm": "long enough pass"})
    assert response.status_code == 422
    assert "RIGHT-TO-LEFT OVERRIDE" in page_text(response)


def test_the_api_refuses_a_look_alike_group_with_its_own_error_code(client, make_practitioner):
    make_practitioner(email="api@example.org")
    token = client.post("/api/v1/tokens", json={"email": "api@example.org",
                                                "password": "a long enough passphrase"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/groups", json={"name": "Severn Practitioners"}, headers=headers).status_code == 201
    response = client.post("/api/v1/groups", json={"name": "Ѕеvеrn Рractitioners"}, headers=headers)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "name_looks_alike" and "Severn Practitioners" in error["message"]


def test_skeletons_follow_tr39():
    assert skeleton("раураl") == skeleton("paypal")  # Cyrillic р, а, у
    assert skeleton("ＡＢＣ") != skeleton("ABC")  # the skeleton itself does not apply NFKC ...
    assert skeleton_key("ＡＢＣ") == skeleton_key("abc")  # ... the key does, and ignores case
    assert skeleton_key("Modern Group") == skeleton_key("Modem Group")
    assert skeleton_key("Oak") != skeleton_key("Ash")
