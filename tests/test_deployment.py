"""Deployment settings: HSTS when IPN_HSTS says so, and absolute addresses under IPN_BASE_URL
whatever Host header a request brings (feeds, CSV, the lasting link of an answer, mail links)."""

from __future__ import annotations

import email
import pathlib

import pytest

from ipn import create_app
from ipn.extensions import db
from tests import factories

BASE = "https://registry.example.org"
FORGED = {"Host": "attacker.example"}


@pytest.fixture
def app_with(app_config, tmp_path):
    made = []

    def make(**settings):
        app = create_app({**app_config, **settings})
        app.instance_path = str(tmp_path / "instance")
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_hsts_is_sent_only_when_switched_on(app_with):
    assert "Strict-Transport-Security" not in app_with().test_client().get("/").headers
    header = app_with(HSTS=True).test_client().get("/").headers["Strict-Transport-Security"]
    assert header == "max-age=31536000; includeSubDomains"
    # As IPN_HSTS=true arrives from the environment (JSON-parsed), and as a plain string.
    assert "Strict-Transport-Security" in app_with(HSTS="true").test_client().get("/healthz").headers
    assert "Strict-Transport-Security" not in app_with(HSTS="false").test_client().get("/").headers


def _member_group(app) -> tuple[str, int]:
    with app.app_context():
        group, people = factories.member_group("Harbour Group")
        db.session.commit()
        return group.slug, people[0].id


def test_feeds_csv_and_answer_links_use_the_base_url_not_the_host_header(app_with):
    app = app_with(BASE_URL=BASE + "/")
    slug, person_id = _member_group(app)
    client = app.test_client()
    csv = client.get("/groups.csv", headers=FORGED).get_data(as_text=True)
    assert f"{BASE}/groups/{slug}" in csv
    atom = client.get("/statements.atom", headers=FORGED).get_data(as_text=True)
    assert f"{BASE}/statements.atom" in atom and f"{BASE}/groups/{slug}" in atom
    answer = client.get(f"/practitioners/{person_id}", headers=FORGED).get_data(as_text=True)
    assert f"{BASE}/practitioners/{person_id}?on=" in answer
    for body in (csv, atom, answer):
        assert "attacker.example" not in body


def test_without_a_base_url_absolute_addresses_follow_the_request(app_with):
    app = app_with()
    slug, _ = _member_group(app)
    csv = app.test_client().get("/groups.csv", headers={"Host": "registry.local"}).get_data(as_text=True)
    assert f"http://registry.local/groups/{slug}" in csv


def test_mail_links_use_the_base_url_whatever_the_host_header(app_with, make_practitioner, tmp_path):
    app = app_with(BASE_URL=BASE)
    with app.app_context():
        person = factories.person("Mara Sender")
        address = person.email
        db.session.commit()
    response = app.test_client().post("/password/forgot", data={"email": address}, headers=FORGED)
    assert response.status_code == 302
    sent = sorted(pathlib.Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    assert sent
    message = email.message_from_bytes(sent[-1].read_bytes())
    body = message.get_payload(decode=True) if not message.is_multipart() else \
        message.get_payload(0).get_payload(decode=True)
    text = body.decode()
    assert f"{BASE}/password/reset/" in text and "attacker.example" not in text
