def test_healthz_answers_without_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_when_database_does(client):
    assert client.get("/readyz").status_code == 200


def test_registering_stores_lowercased_email(app, make_practitioner):
    from ipn.extensions import db
    from ipn.models import Practitioner

    pid = make_practitioner(email="Ada.Lovelace@Example.ORG")
    with app.app_context():
        assert db.session.get(Practitioner, pid).email == "ada.lovelace@example.org"
