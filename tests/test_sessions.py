"""Sessions that end (issue 12, item 1): logging out ends the session wherever its cookie is
used, remember-me cookies differ at each login and die at logout, one's sessions are listed on
the profile and each can be ended, a new password ends every other session and every API token,
a new API token never enters a cookie, and private answers carry `Cache-Control: no-store`."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from sqlalchemy import select, update

from ipn import create_app
from ipn.extensions import db
from ipn.models import ApiToken, LoginSession
from tests.conftest import PASSWORD
from tests.pages import text_of

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
NEW_PASSWORD = "a different long passphrase"


def login(client, email, password=PASSWORD, remember=False, agent=FIREFOX):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data, headers={"User-Agent": agent})
    assert response.status_code == 302, response.status_code
    return response


def logged_in(client) -> bool:
    """What a person sees: their profile, or the login page it sends them to."""
    response = client.get("/profile")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def copy_of(app, client, *names):
    """Another client (another browser, or a thief) holding copies of these cookies."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        other.set_cookie(cookie.key, cookie.value)
    return other


def token_shown(response) -> str:
    match = re.search(r'<code id="new-token-value">([^<]+)</code>', response.get_data(as_text=True))
    assert match, "the new token is shown on the page"
    return match.group(1)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# --- Logging out ends the session --------------------------------------------------------------

def test_a_session_cookie_copied_before_logout_opens_nothing_after_it(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    login(client, "ada@example.org")
    copy = copy_of(app, client, "session")
    assert logged_in(copy)  # the copy works while the session lasts
    assert client.post("/logout").status_code == 302
    assert not logged_in(copy)
    assert not logged_in(client)


def test_a_remember_me_cookie_differs_at_each_login_and_dies_at_logout(app, make_practitioner):
    make_practitioner(email="ada@example.org")
    first, second = app.test_client(), app.test_client()
    login(first, "ada@example.org", remember=True)
    login(second, "ada@example.org", remember=True)
    one, two = first.get_cookie("remember_token").value, second.get_cookie("remember_token").value
    assert one != two

    # The remember-me cookie alone (the browser was closed) still logs in ...
    assert logged_in(copy_of(app, first, "remember_token"))
    # ... until that session logs out; the other device's stays.
    first.post("/logout")
    assert first.get_cookie("remember_token") is None
    assert not logged_in(_with_cookie(app, "remember_token", one))
    assert logged_in(_with_cookie(app, "remember_token", two))


def _with_cookie(app, name, value):
    other = app.test_client()
    other.set_cookie(name, value)
    return other


def test_a_session_unused_for_longer_than_the_idle_limit_has_ended(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    login(client, "ada@example.org")
    with app.app_context():
        db.session.execute(update(LoginSession).values(
            last_seen_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=25)))
        db.session.commit()
    assert not logged_in(client)


def test_a_forged_or_old_style_session_id_logs_no_one_in(app, client, make_practitioner):
    person_id = make_practitioner(email="ada@example.org")
    for forged in (str(person_id), f"{person_id}:not-a-key", f"{person_id + 1}:x", ":", "", "x" * 500):
        with client.session_transaction() as session:
            session["_user_id"] = forged
            session["_fresh"] = True
        assert not logged_in(client), forged


# --- One's sessions on the profile ----------------------------------------------------------

def test_the_profile_lists_ones_sessions_and_each_can_be_ended(app, make_practitioner):
    make_practitioner(email="ada@example.org")
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "ada@example.org", agent=FIREFOX)
    login(phone, "ada@example.org", agent=CHROME, remember=True)

    page = text_of(laptop.get("/profile"))
    assert "Firefox on Linux (this one)" in page
    assert "Chrome on Windows, kept logged in" in page
    assert "Chrome on Windows (this one)" not in page

    with app.app_context():
        phone_session = db.session.scalar(select(LoginSession.id).where(LoginSession.device == "Chrome on Windows"))
    ended = laptop.post(f"/profile/sessions/{phone_session}/end", follow_redirects=True)
    assert "The session on Chrome on Windows has ended." in text_of(ended)
    assert "Chrome on Windows" not in text_of(laptop.get("/profile")).split("Where you are logged in")[1]
    assert not logged_in(phone)
    assert not logged_in(_with_cookie(app, "remember_token", phone.get_cookie("remember_token").value))
    assert logged_in(laptop)


def test_one_cannot_end_someone_elses_session(app, make_practitioner):
    make_practitioner(email="ada@example.org")
    make_practitioner(email="bo@example.org")
    ada, bo = app.test_client(), app.test_client()
    login(ada, "ada@example.org")
    login(bo, "bo@example.org")
    with app.app_context():
        bo_session = db.session.scalar(select(LoginSession.id).order_by(LoginSession.id.desc()))
    assert ada.post(f"/profile/sessions/{bo_session}/end").status_code == 404
    assert ada.post("/profile/sessions/99999999999/end").status_code == 404
    assert logged_in(bo)


def test_ending_this_session_from_the_list_logs_out_here(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    login(client, "ada@example.org")
    with app.app_context():
        mine = db.session.scalar(select(LoginSession.id))
    assert client.post(f"/profile/sessions/{mine}/end").headers["Location"] == "/"
    assert not logged_in(client)


def test_ending_the_other_sessions_keeps_this_one(app, make_practitioner):
    make_practitioner(email="ada@example.org")
    here, there, elsewhere = app.test_client(), app.test_client(), app.test_client()
    for client in (here, there, elsewhere):
        login(client, "ada@example.org")
    here.post("/profile/sessions/end-others")
    assert logged_in(here)
    assert not logged_in(there) and not logged_in(elsewhere)


def test_log_out_everywhere_ends_every_session_this_one_too(app, make_practitioner):
    make_practitioner(email="ada@example.org")
    here, there = app.test_client(), app.test_client()
    login(here, "ada@example.org")
    login(there, "ada@example.org", remember=True)
    remembered = there.get_cookie("remember_token").value
    assert "You have logged out everywhere." in text_of(here.post("/logout/everywhere", follow_redirects=True))
    assert not logged_in(here)
    assert not logged_in(there)
    assert not logged_in(_with_cookie(app, "remember_token", remembered))


# --- A new password ends everything else ------------------------------------------------------

def _token(client, label="script") -> str:
    return token_shown(client.post("/profile/tokens", data={"label": label}))


def test_a_password_change_ends_other_sessions_and_every_token(app, make_practitioner):
    make_practitioner(email="ada@example.org")
    here, there = app.test_client(), app.test_client()
    login(here, "ada@example.org")
    login(there, "ada@example.org")
    token = _token(here)
    assert here.get("/api/v1/me", headers=bearer(token)).status_code == 200

    wrong = here.post("/profile/password", data={"current": "not my password", "password": NEW_PASSWORD,
                                                 "password_confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "Enter your current password." in text_of(wrong)
    assert logged_in(there)

    done = here.post("/profile/password", data={"current": PASSWORD, "password": NEW_PASSWORD,
                                                "password_confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "Your new password is set." in text_of(done)
    assert logged_in(here)
    assert not logged_in(there)
    assert here.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert app.test_client().post("/login", data={"email": "ada@example.org", "password": PASSWORD}).status_code == 422
    login(app.test_client(), "ada@example.org", NEW_PASSWORD)


def test_a_common_or_short_new_password_is_refused(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    login(client, "ada@example.org")
    for password, message in (("1qaz2wsx3edc", "one of the most common"), ("eleven char", "of 12")):
        refused = client.post("/profile/password", data={"current": PASSWORD, "password": password,
                                                         "password_confirm": password})
        assert refused.status_code == 422
        assert message in text_of(refused)


@pytest.fixture
def app_config(app_config, smtp):
    return {**app_config, **smtp.config()}


def test_a_password_reset_ends_every_session_and_token(app, smtp, make_practitioner):
    make_practitioner(email="ada@example.org")
    there = app.test_client()
    login(there, "ada@example.org", remember=True)
    remembered = there.get_cookie("remember_token").value
    token = _token(there)

    stranger = app.test_client()  # the owner, on a new device, has forgotten the password
    stranger.post("/password/forgot", data={"email": "ada@example.org"})
    link = smtp.one_to("ada@example.org", "password").link("/password/reset/")
    path = "/password/reset/" + link.rsplit("/password/reset/", 1)[1]
    done = stranger.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert logged_in(stranger)
    assert not logged_in(there)
    assert not logged_in(_with_cookie(app, "remember_token", remembered))
    assert stranger.get("/api/v1/me", headers=bearer(token)).status_code == 401


# --- A new API token never enters a cookie -------------------------------------------------------

def test_a_new_token_is_shown_once_in_the_answer_and_never_in_the_session_cookie(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    login(client, "ada@example.org")
    response = client.post("/profile/tokens", data={"label": "Group spreadsheet"})
    assert response.status_code == 200
    token = token_shown(response)
    assert "Your new token “Group spreadsheet”" in text_of(response)

    cookie = client.get_cookie("session").value
    serializer = app.session_interface.get_signing_serializer(app)
    assert token not in cookie and token not in str(serializer.loads(cookie))
    assert all(token not in header for header in response.headers.getlist("Set-Cookie"))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    again = client.get("/profile")
    assert token not in again.get_data(as_text=True)
    assert "Group spreadsheet" in text_of(again)


# --- No private answer is kept by a cache ----------------------------------------------------------

def test_private_pages_and_answers_say_no_store_and_public_ones_do_not(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    for path in ("/", "/groups", "/login"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", ""), path
    issued = client.post("/api/v1/tokens", json={"email": "ada@example.org", "password": PASSWORD})
    assert issued.status_code == 201 and issued.headers["Cache-Control"] == "no-store"
    token = issued.get_json()["token"]
    for path in ("/api/v1/me", "/api/v1/tokens", "/api/v1/me/mail"):
        assert client.get(path, headers=bearer(token)).headers["Cache-Control"] == "no-store", path

    login(client, "ada@example.org")
    for path in ("/profile", "/me", "/profile/email", "/profile/mail", "/profile/data", "/", "/groups"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


# --- Rate limits counted per process are announced --------------------------------------------------

def test_memory_storage_for_rate_limits_is_warned_about_at_start(app_config, caplog):
    with caplog.at_level(logging.WARNING, logger="ipn"):
        create_app({**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})
    assert any("counted per process" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="ipn"):
        create_app({**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1"})
    assert not any("counted per process" in r.getMessage() for r in caplog.records)


# --- Passwords ---------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["1qaz2wsx3edc", "Password1234", "QWERTYUIOP123"])
def test_registering_with_a_common_password_is_refused_on_the_page_and_the_api(client, password):
    page = client.post("/register", data={"name": "Ada", "email": "ada@example.org", "password": password,
                                          "password_confirm": password})
    assert page.status_code == 422 and "one of the most common" in text_of(page)
    api = client.post("/api/v1/practitioners", json={"name": "Ada", "email": "ada@example.org", "password": password})
    assert api.status_code == 422 and "one of the most common" in api.get_json()["error"]["fields"]["password"][0]


def test_a_password_of_eleven_characters_is_refused_and_twelve_accepted(client):
    short = client.post("/api/v1/practitioners", json={"name": "Ada", "email": "ada@example.org",
                                                        "password": "abcdefghijk"})
    assert short.status_code == 422
    assert client.post("/api/v1/practitioners", json={"name": "Ada", "email": "ada@example.org",
                                                       "password": "river stones"}).status_code == 201


# --- API tokens expire, are renewed and revoked --------------------------------------------------

def _api_token(client, label="script") -> dict:
    answer = client.post("/api/v1/tokens", json={"email": "ada@example.org", "password": PASSWORD, "label": label})
    assert answer.status_code == 201
    return answer.get_json()


def _expire(app, token_id):
    with app.app_context():
        db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(
            expires_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
        db.session.commit()


def test_a_token_expires_after_the_configured_days_and_its_owner_renews_it(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    app.config["API_TOKEN_DAYS"] = 30
    old, other = _api_token(client, "old"), _api_token(client, "other")
    expires = dt.datetime.fromisoformat(old["expires_at"])
    assert dt.timedelta(days=29, hours=23) < expires - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(days=30)

    _expire(app, old["id"])
    assert client.get("/api/v1/me", headers=bearer(old["token"])).status_code == 401
    listed = client.get("/api/v1/tokens", headers=bearer(other["token"])).get_json()
    states = {t["label"]: (t["state"], t["current"]) for t in listed["items"]}
    assert states == {"old": ("expired", False), "other": ("active", True)}
    assert all("token" not in t for t in listed["items"])

    renewed = client.post(f"/api/v1/tokens/{old['id']}/renew", headers=bearer(other["token"]))
    assert renewed.status_code == 200 and renewed.get_json()["state"] == "active"
    assert client.get("/api/v1/me", headers=bearer(old["token"])).status_code == 200


def test_tokens_are_revoked_one_or_all_and_a_revoked_one_cannot_be_renewed(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    make_practitioner(email="bo@example.org")
    first, second, third = (_api_token(client, label) for label in ("first", "second", "third"))
    bo = client.post("/api/v1/tokens", json={"email": "bo@example.org", "password": PASSWORD}).get_json()

    assert client.delete(f"/api/v1/tokens/{bo['id']}", headers=bearer(first["token"])).status_code == 404
    assert client.post(f"/api/v1/tokens/{bo['id']}/renew", headers=bearer(first["token"])).status_code == 404
    assert client.get("/api/v1/me", headers=bearer(bo["token"])).status_code == 200

    gone = client.delete(f"/api/v1/tokens/{second['id']}", headers=bearer(first["token"]))
    assert gone.status_code == 200 and gone.get_json()["state"] == "revoked"
    assert client.get("/api/v1/me", headers=bearer(second["token"])).status_code == 401
    again = client.post(f"/api/v1/tokens/{second['id']}/renew", headers=bearer(first["token"]))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "token_revoked"

    everything = client.delete("/api/v1/tokens", headers=bearer(third["token"]))
    assert everything.status_code == 200 and everything.get_json() == {"revoked": 2}
    for token in (first, third):
        assert client.get("/api/v1/me", headers=bearer(token["token"])).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(bo["token"])).status_code == 200
    assert client.delete("/api/v1/tokens", headers=bearer(first["token"])).status_code == 401


def test_the_profile_renews_and_revokes_all_tokens(app, client, make_practitioner):
    make_practitioner(email="ada@example.org")
    login(client, "ada@example.org")
    one, two = _token(client, "one"), _token(client, "two")
    with app.app_context():
        one_id = db.session.scalar(select(ApiToken.id).where(ApiToken.label == "one"))
    _expire(app, one_id)
    assert "Expired" in text_of(client.get("/profile"))
    renewed = client.post(f"/profile/tokens/{one_id}/renew", follow_redirects=True)
    assert "now works until" in text_of(renewed)
    assert client.get("/api/v1/me", headers=bearer(one)).status_code == 200

    done = client.post("/profile/tokens/revoke-all", follow_redirects=True)
    assert "2 tokens revoked." in text_of(done)
    for token in (one, two):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
