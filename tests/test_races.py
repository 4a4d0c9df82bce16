"""Races closed (issue 12, item 3): requests released at the same moment against a threaded
werkzeug server and against gunicorn with three worker processes, on SQLite and PostgreSQL.
The rules hold because the services lock the group's row before they count or check anything.
Each race is run several rounds, so an interleaving that breaks a rule has many chances to show."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from ipn import create_app
from ipn.extensions import db
from ipn.models import Endorsement, Group, Membership, Statement
from ipn.services import accounts, groups, invitations, statements
from ipn.states import StatementState
from tests import factories as f
from tests import serving
from tests.serving import free_port, threaded_server

ROUNDS = 3


def _wait_for(base_url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    address = urlsplit(base_url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before it answered")
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise RuntimeError("gunicorn did not start")


@contextlib.contextmanager
def gunicorn(app_config: dict, folder) -> Iterator[str]:
    """The registry under gunicorn with three worker processes; yields its base URL."""
    port = free_port()
    env = {**os.environ, "IPN_DATABASE_URL": app_config["DATABASE_URL"],
           "IPN_SECRET_KEY": "a-secret-key-for-the-race-tests", "IPN_RATELIMIT_ENABLED": "false",
           "IPN_MAIL_OUTBOX_DIR": str(folder / "outbox")}
    with open(folder / "gunicorn.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", "3", "-b", f"127.0.0.1:{port}",
             "--timeout", "60", "ipn:create_app()"],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base_url, process)
            yield base_url
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture(params=["threaded", "gunicorn"])
def server(request, app_config, tmp_path) -> Iterator[tuple[str, object]]:
    """The registry served to real HTTP clients; yields its base URL and an app on the same
    database for setting up and checking."""
    app = create_app(app_config)
    serve = threaded_server(app) if request.param == "threaded" else gunicorn(app_config, tmp_path)
    try:
        with serve as base_url:
            yield base_url, app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def send_together(base_url: str, requests: list[tuple[str, str, str, dict | None]]) -> list[tuple[int, dict]]:
    """Send each (method, path, token, body) from its own thread, released at the same moment;
    each answer's status and JSON body. None may be a 500."""
    return [(status, json.loads(body or "{}")) for status, body in serving.send_together(base_url, requests)]


def test_the_last_two_endorsements_at_the_same_moment_publish_the_statement(server):
    base_url, app = server
    for round_ in range(ROUNDS):
        with app.app_context():
            group, people = f.forming_group(f"Endorsing Group {round_}")
            draft = statements.draft_statement(people[0], group, "We hold each other to account.")
            for member in people[:-2]:
                statements.endorse(member, draft)
            tokens = [accounts.create_token(p) for p in people[-2:]]
            draft_id, group_id = draft.id, group.id
            db.session.commit()

        answers = send_together(base_url, [("POST", f"/api/v1/statements/{draft_id}/endorsements", t, None)
                                           for t in tokens])
        assert [status for status, _ in answers] == [200, 200]
        assert {body["state"] for _, body in answers} == {"draft", "published"}

        with app.app_context():
            assert db.session.get(Statement, draft_id).state == StatementState.PUBLISHED
            assert db.session.get(Group, group_id).status == "member"


def test_the_last_person_leaving_while_an_invitee_accepts_never_leaves_anyone_in_a_dissolved_group(server):
    base_url, app = server
    outcomes = set()
    for round_ in range(ROUNDS + 1):
        with app.app_context():
            founder, invitee = f.person(f"Last One {round_}"), f.person(f"Newcomer {round_}")
            group = groups.found_group(founder, f"Ending Group {round_}")
            invitation = invitations.invite(founder, group, invitee)
            founder_token, invitee_token = accounts.create_token(founder), accounts.create_token(invitee)
            slug, group_id, invitation_id = group.slug, group.id, invitation.id
            db.session.commit()

        answers = send_together(base_url, [
            ("POST", f"/api/v1/groups/{slug}/leave", founder_token, None),
            ("POST", f"/api/v1/invitations/{invitation_id}/accept", invitee_token, None),
        ])
        left, accepted = answers
        assert left[0] == 200

        with app.app_context():
            group = db.session.get(Group, group_id)
            people_in = db.session.scalar(select(func.count(Membership.id)).where(
                Membership.group_id == group_id, Membership.left_at.is_(None)))
            if accepted[0] == 200:  # the acceptance came first: the founder's leaving did not end the group
                outcomes.add("joined")
                assert group.dissolved_at is None and people_in == 1
            else:  # the group dissolved first: the acceptance is refused and joins no one
                outcomes.add("refused")
                assert accepted[0] == 409, accepted
                assert group.dissolved_at is not None and people_in == 0
    assert outcomes  # every round ended one of the two honest ways


def test_an_endorsement_never_lands_on_a_version_edited_at_the_same_moment(server):
    base_url, app = server
    for round_ in range(ROUNDS):
        with app.app_context():
            group, people = f.forming_group(f"Editing Group {round_}")
            draft = statements.draft_statement(people[0], group, "Version one.")
            endorser, editor = accounts.create_token(people[1]), accounts.create_token(people[2])
            draft_id = draft.id
            db.session.commit()
        version = 1

        answers = send_together(base_url, [
            ("POST", f"/api/v1/statements/{draft_id}/endorsements", endorser, {"version": version}),
            ("PUT", f"/api/v1/statements/{draft_id}", editor, {"text": f"Version two, round {round_}."}),
        ])
        endorsed, edited = answers
        assert edited[0] == 200 and edited[1]["version"] == 2
        if endorsed[0] == 409:
            assert endorsed[1]["error"]["code"] == "stale_version"
        else:
            assert endorsed[0] == 200 and endorsed[1]["version"] == 1

        with app.app_context():
            row = db.session.get(Statement, draft_id)
            assert row.text == f"Version two, round {round_}." and row.revision == 2
            # Whatever the order, the edited text carries no endorsement given for the old one.
            assert db.session.scalar(select(func.count(Endorsement.id))
                                     .where(Endorsement.statement_id == draft_id)) == 0


def test_the_api_endorses_the_version_it_names(app, client):
    with app.app_context():
        group, people = f.forming_group("Versioned Group")
        draft = statements.draft_statement(people[0], group, "Version one.")
        tokens = [accounts.create_token(p) for p in people]
        draft_id, slug, first_two = draft.id, group.slug, sorted(p.id for p in people[:2])
        db.session.commit()
    bearer = [{"Authorization": f"Bearer {t}"} for t in tokens]

    answer = client.get(f"/api/v1/groups/{slug}/draft", headers=bearer[0])
    assert answer.status_code == 200 and answer.json["version"] == 1
    assert client.put(f"/api/v1/statements/{draft_id}", json={"text": "Version two."},
                      headers=bearer[1]).json["version"] == 2

    stale = client.post(f"/api/v1/statements/{draft_id}/endorsements", json={"version": 1}, headers=bearer[0])
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"
    for bad in ("2", 0, -1, True, 2.5, [2]):
        answer = client.post(f"/api/v1/statements/{draft_id}/endorsements", json={"version": bad},
                             headers=bearer[0])
        assert answer.status_code == 422 and "version" in answer.json["error"]["fields"], bad
    assert client.get(f"/api/v1/groups/{slug}/draft", headers=bearer[0]).json["endorsed_by"] == []

    current = client.post(f"/api/v1/statements/{draft_id}/endorsements", json={"version": 2}, headers=bearer[0])
    assert current.status_code == 200 and current.json["version"] == 2
    unversioned = client.post(f"/api/v1/statements/{draft_id}/endorsements", headers=bearer[1])
    assert unversioned.status_code == 200  # without a version, the draft as it is now
    with app.app_context():
        assert sorted(statements.endorser_ids(db.session.get(Statement, draft_id))) == first_two


def test_reevaluate_all_finds_and_corrects_what_a_race_left_behind(app, runner):
    with app.app_context():
        group, people = f.forming_group("Stuck Group")
        draft = statements.draft_statement(people[0], group, "Everyone endorsed this.")
        for member in people[:-1]:
            statements.endorse(member, draft)
        # The last endorsement as the old race left it: recorded, but never re-evaluated.
        db.session.add(Endorsement(statement_id=draft.id, membership_id=groups.stay_of(group, people[-1]).id))
        founder, straggler = f.person("Gone Founder"), f.person("Straggler")
        ended = groups.found_group(founder, "Ended Group")
        groups.leave(founder, ended)
        # An acceptance that slipped in as the group dissolved.
        db.session.add(Membership(group_id=ended.id, practitioner_id=straggler.id))
        draft_id, group_id, ended_id = draft.id, group.id, ended.id
        db.session.commit()

    result = runner.invoke(args=["reevaluate", "--all"])
    assert result.exit_code == 0, result.output
    assert "stuck-group: every member had endorsed the draft but it was not published (published)" in result.output
    assert "ended-group: Straggler was still in it after it dissolved (corrected)" in result.output
    with app.app_context():
        assert db.session.get(Statement, draft_id).state == StatementState.PUBLISHED
        assert db.session.get(Group, group_id).status == "member"
        assert db.session.scalar(select(func.count(Membership.id)).where(
            Membership.group_id == ended_id, Membership.left_at.is_(None))) == 0

    again = runner.invoke(args=["reevaluate", "--all"])
    assert "not published" not in again.output and "after it dissolved" not in again.output
