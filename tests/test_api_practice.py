"""Practice records and pathways through the API, as API.md's "Practice records" section says
(SPEC R19): record practice naming an attester, the attester confirms, the pathway follows;
only the named attester answers; nothing of the records is public, a shown pathway is."""

from __future__ import annotations

from ipn import clock
from ipn.extensions import db
from ipn.services import practice
from tests import factories as f
from tests.test_api import Api, token_for
from tests.test_api_errors import error_of


def _people(app) -> dict:
    """Tess, a CCI member recognised by Ann (a member of a member group); Tom, her trainee; Cy."""
    with app.app_context():
        group, members = f.member_group("Harbour Group")
        tess, tom, cy = f.person("Tess Teacher"), f.person("Tom Trainee"), f.person("Cy Stranger")
        prior = practice.record(tess, "prior_accreditation", clock.today(), clock.today(), members[0],
                                pathway="cci-member")
        practice.attest(members[0], prior, True)
        people = {"tess": (tess.id, token_for(app, tess)), "tom": (tom.id, token_for(app, tom)),
                  "cy": (cy.id, token_for(app, cy)), "today": clock.today().isoformat()}
        db.session.commit()
        return people


def test_forty_attested_hours_complete_the_cci_pathway_through_the_api(app, client):
    people = _people(app)
    api = Api(client)
    tess_id, tess = people["tess"]
    tom_id, tom = people["tom"]
    sent = {"kind": "cocounselling_training", "started": "2026-01-10", "ended": "2026-03-28", "hours": 40,
            "attester": tess_id, "note": "Fundamentals, private zq7"}
    created = api.call("POST", "/me/practice", tom, json=sent, expect=201).get_json()
    assert created["state"] == "awaiting"

    pathways = api.get("/me/pathways", tom)
    cci = next(p for p in pathways["items"] if p["slug"] == "cci-member")
    assert cci["completed_on"] is None
    assert cci["criteria"] == [{"rule": "training", "met": False,
                                "detail": "0 of 40 hours, attested; 40 hours awaiting attestation"}]

    api.call("POST", f"/practice/{created['id']}/attestation", tom, json={"confirmed": True}, expect=403)
    api.call("POST", f"/practice/{created['id']}/attestation", people["cy"][1], json={"confirmed": True},
             expect=404)
    answered = api.call("POST", f"/practice/{created['id']}/attestation", tess, json={"confirmed": True},
                        expect=200).get_json()
    assert answered == {"id": created["id"], "state": "attested"}
    again = api.call("POST", f"/practice/{created['id']}/attestation", tess, json={"confirmed": False}, expect=409)
    assert error_of(again)["code"] == "already_attested"

    cci = next(p for p in api.get("/me/pathways", tom)["items"] if p["slug"] == "cci-member")
    assert cci["completed_on"] == people["today"] and cci["criteria"][0]["met"] is True

    # Public only once Tom shows it, and never the record itself.
    assert api.get(f"/practitioners/{tom_id}")["pathways"] == []
    with app.app_context():
        practice.set_shown(db.session.get(practice.Practitioner, tom_id), "cci-member", True)
        db.session.commit()
    shown = api.get(f"/practitioners/{tom_id}")["pathways"]
    assert shown == [{"slug": "cci-member", "name": "Co-Counselling International member",
                      "completed_on": people["today"], "attested_by": ["Tess Teacher"]}]
    assert api.get(f"/practitioners/{tom_id}/accreditation")["pathways"] == shown
    assert api.get(f"/practitioners/{tom_id}/accreditation?on=2026-01-01")["pathways"] == []
    assert not any("zq7" in body for body in api.seen)


def test_the_pathways_in_force_are_listed_with_their_requirements_and_sources(client):
    listing = Api(client).get("/pathways")
    assert (listing["total"], listing["page"]) == (2, 1)
    balint = next(p for p in listing["items"] if p["slug"] == "balint-leader")
    assert [(r["rule"], r["hours"], r["sessions"], r["attested_by"], r["required"])
            for r in balint["requirements"]] == [
        ("participation", 120, None, None, True), ("leadership_seminars", 96, 6, "balint-leader", True),
        ("theory_course", None, 1, None, True), ("own_therapy", None, 100, None, False)]
    assert all(r["source"] for r in balint["requirements"])


def test_practice_that_will_not_do_is_a_422_naming_its_field_and_keeps_nothing(app, client):
    people = _people(app)
    api = Api(client)
    tom = people["tom"][1]
    good = {"kind": "own_therapy", "started": "2025-01-01", "ended": "2025-12-01", "sessions": 40,
            "attester": people["tess"][0]}
    for change, field in (({"kind": "client_sessions"}, "kind"), ({"started": "2026-13-01"}, "started"),
                          ({"ended": "2024-01-01"}, "ended"), ({"sessions": 0}, "sessions"),
                          ({"sessions": None, "hours": None}, "hours"), ({"attester": people["tom"][0]}, "attester"),
                          ({"attester": 2**31 - 1}, "attester"), ({"hours": "ten"}, "hours"),
                          ({"note": "x" * 501}, "note"), ({"started": "2099-01-01", "ended": "2099-02-01"}, "started")):
        response = api.call("POST", "/me/practice", tom, json={**good, **change}, expect=422)
        assert field in error_of(response)["fields"], (change, error_of(response))
    api.call("POST", "/me/practice", json=good, expect=401)
    with app.app_context():
        assert db.session.query(practice.PracticeRecord).filter_by(practitioner_id=people["tom"][0]).count() == 0
