"""Accounts, as a practitioner uses them: registering, logging in and out, the profile,
API tokens, and the protections around them (CSRF, rate limits, login-required pages)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from werkzeug.security import check_password_hash

from ipn import create_app
from ipn.extensions import db, login_manager
from ipn.models import ApiToken, Practitioner
from ipn.services.accounts import practitioner_for_token
from tests.conftest import PASSWORD

AFTER_LOGIN = "/me"  # "What needs me", where a practitioner lands after logging in


def registration(**overrides) -> dict:
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "region": "Bristol",
        "practice": "Integrative counselling for adults.",
        "looking_for_group": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def field_errors(html: str, field_id: str) -> str:
    """The text of the error list shown next to one field ("" when none)."""
    found = re.search(rf'<ul class="field-errors" id="{field_id}-error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def input_tag(html: str, field_id: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*\bid="{field_id}"[^>]*>', html)
    assert found, f"no input #{field_id}"
    return found.group(0)


@pytest.fixture
def make_app(app_config):
    """Apps with settings of their own (CSRF on, rate limits on, ...), cleaned up afterwards."""
    made = []

    def make(**overrides):
        new = create_app({**app_config, **overrides})
        made.append(new)
        return new

    yield make
    for each in made:
        with each.app_context():
            db.session.remove()
            db.engine.dispose()


def registered_person(app, email="ada@example.org") -> Practitioner:
    with app.app_context():
        person = db.session.scalar(select(Practitioner).where(Practitioner.email == email))
        db.session.expunge_all()
        return person


# --- Registering -----------------------------------------------------------------------------


def test_newcomer_registers_and_lands_on_what_needs_me(client, app):
    response = client.post("/register", data=registration(email="Ada@Example.ORG"), follow_redirects=True)

    assert response.request.path == "/me"
    assert "Welcome to the network, Ada Lovelace" in response.text
    assert "Log out" in response.text
    person = registered_person(app)
    assert person.email == "ada@example.org"
    assert (person.region, person.looking_for_group) == ("Bristol", True)
    assert PASSWORD not in person.password_hash and check_password_hash(person.password_hash, PASSWORD)


def test_email_already_registered_in_another_letter_case_is_refused_on_the_email_field(client, make_practitioner):
    make_practitioner(email="ada@example.org")

    response = client.post("/register", data=registration(email="ADA@Example.Org"))

    assert response.status_code == 422
    assert "An account with that email address already exists." in field_errors(response.text, "email")
    assert 'aria-invalid="true"' in input_tag(response.text, "email")


def test_bad_input_shows_each_error_by_its_field_and_keeps_what_was_typed_except_passwords(client, app):
    response = client.post(
        "/register",
        data=registration(
            name="Zoë Ødegård", email="zoë@", password="short", password_confirm="shorter", practice="Gestalt, in Welsh"
        ),
    )

    assert response.status_code == 422
    html = response.text
    assert "Enter an email address such as name@example.org." in field_errors(html, "email")
    assert "Choose a password of 12" in field_errors(html, "password")
    assert "The two passwords are not the same." in field_errors(html, "password_confirm")
    assert field_errors(html, "name") == ""
    assert 'value="Zoë Ødegård"' in input_tag(html, "name")
    assert 'value="zoë@"' in input_tag(html, "email")
    assert 'value="Bristol"' in input_tag(html, "region")
    assert "Gestalt, in Welsh</textarea>" in html
    assert "checked" in input_tag(html, "looking_for_group")
    assert "short" not in input_tag(html, "password") and "short" not in input_tag(html, "password_confirm")
    # The error is tied to its field for screen readers.
    assert 'aria-describedby="email-error email-hint"' in input_tag(html, "email")
    with app.app_context():
        assert db.session.scalar(select(Practitioner.id)) is None


ODD_VALUES = [
    pytest.param({"name": "x" * 100_000}, id="very long name"),
    pytest.param({"email": ("a" * 5000) + "@example.org"}, id="very long email"),
    pytest.param({"password": "p" * 5000, "password_confirm": "p" * 5000}, id="very long password"),
    pytest.param({"region": "r" * 5000, "practice": "p" * 50_000}, id="very long region and practice"),
    pytest.param({"name": "", "email": "", "password": "", "password_confirm": ""}, id="empty"),
    pytest.param({"name": None, "email": None, "password": None, "password_confirm": None}, id="missing"),
    pytest.param({"name": "   ", "region": "   "}, id="only spaces"),
    pytest.param({"name": "李小龍 🌿", "email": "李@例え.jp", "region": "Ελλάδα"}, id="unicode"),
    pytest.param({"email": "ÄDA@EXAMPLE.ORG"}, id="non-ascii capitals"),
    pytest.param({"looking_for_group": "definitely"}, id="odd checkbox value"),
]


@pytest.mark.parametrize("overrides", ODD_VALUES)
def test_no_registration_input_breaks_the_page(client, overrides):
    response = client.post("/register", data=registration(**overrides))
    assert response.status_code in (302, 422)


@pytest.mark.parametrize("overrides", ODD_VALUES)
def test_no_login_or_profile_input_breaks_the_page(client, auth, make_practitioner, overrides):
    data = registration(**overrides)
    response = client.post("/login", data={"email": data.get("email", ""), "password": data.get("password", "")})
    assert response.status_code in (302, 422)

    make_practitioner(email="ada@example.org")
    auth.login("ada@example.org")
    response = client.post("/profile", data=data)
    assert response.status_code in (302, 422)
    response = client.post("/profile/tokens", data={"label": data.get("name", "")})
    assert response.status_code in (200, 422)  # a new token is shown in this very answer


def test_registering_while_logged_in_goes_to_the_profile(client, auth, make_practitioner):
    make_practitioner(email="ada@example.org")
    auth.login("ada@example.org")
    assert client.get("/register").headers["Location"] == "/profile"


# --- Logging in and out ----------------------------------------------------------------------


def test_practitioner_logs_in_with_their_email_in_any_case_and_logs_out(client, make_practitioner):
    make_practitioner(name="Ada Lovelace", email="ada@example.org")

    response = client.post(
        "/login", data={"email": "  Ada@EXAMPLE.org", "password": PASSWORD}, follow_redirects=True
    )
    assert response.request.path == AFTER_LOGIN
    assert "Welcome back, Ada Lovelace." in response.text

    response = client.post("/logout", follow_redirects=True)
    assert "You have logged out." in response.text
    assert "Log in" in response.text
    assert client.get("/profile").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_practitioner):
    make_practitioner(email="ada@example.org")

    for email in ("ada@example.org", "nobody@example.org"):
        response = client.post("/login", data={"email": email, "password": "not the password"})
        assert response.status_code == 422
        assert "That email address and password do not match an account here." in response.text
        assert f'value="{email}"' in input_tag(response.text, "email")
    assert client.get("/profile").status_code == 302


def test_log_out_is_post_only(client):
    assert client.get("/logout").status_code == 405


def test_login_follows_next_on_this_site(client, make_practitioner):
    make_practitioner(email="ada@example.org")
    response = client.get("/profile")
    assert response.headers["Location"] == "/login?next=%2Fprofile"

    response = client.post("/login?next=%2Fprofile%3Ftab%3Dtokens", data={"email": "ada@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/profile?tab=tokens"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/profile", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
     "http:/evil.example", "/\t/evil.example", "/\n/evil.example", "profile"],
)
def test_login_ignores_next_that_leaves_the_site(client, make_practitioner, next_url):
    make_practitioner(email="ada@example.org")
    response = client.post("/login", query_string={"next": next_url}, data={"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == AFTER_LOGIN


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/profile"), ("POST", "/profile"), ("POST", "/profile/tokens"), ("POST", "/profile/tokens/1/revoke")],
)
def test_pages_that_need_an_account_send_visitors_to_log_in(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


# --- The profile -----------------------------------------------------------------------------


def test_practitioner_sees_and_edits_their_profile(client, auth, app, make_practitioner):
    make_practitioner(name="Ada Lovelace", email="ada@example.org", region="Bristol")
    auth.login("ada@example.org")

    page = client.get("/profile").text
    assert "Ada Lovelace" in page and "Bristol" in page and "ada@example.org" in page

    response = client.post(
        "/profile",
        data={"name": "  Ada   King ", "region": "Bath", "practice": "Person-centred.", "looking_for_group": "y"},
        follow_redirects=True,
    )
    assert "Your details are saved." in response.text
    assert "Ada King" in response.text and "Bath" in response.text
    person = registered_person(app)
    assert (person.name, person.region, person.practice, person.looking_for_group) == (
        "Ada King", "Bath", "Person-centred.", True
    )


def test_profile_edit_without_a_name_keeps_the_rest_and_changes_nothing(client, auth, app, make_practitioner):
    make_practitioner(name="Ada Lovelace", email="ada@example.org")
    auth.login("ada@example.org")

    response = client.post("/profile", data={"name": " ", "region": "Bath", "practice": "Gestalt"})

    assert response.status_code == 422
    assert "Enter your name as clients know you." in field_errors(response.text, "name")
    assert 'value="Bath"' in input_tag(response.text, "region")
    assert registered_person(app).name == "Ada Lovelace"


# --- API tokens ------------------------------------------------------------------------------


def test_token_is_shown_once_listed_and_revoked(client, auth, app, make_practitioner):
    make_practitioner(email="ada@example.org")
    auth.login("ada@example.org")

    response = client.post("/profile/tokens", data={"label": "Group spreadsheet"}, follow_redirects=True)
    token = re.search(r"ipn_[A-Za-z0-9_-]{20,}", response.text).group(0)
    assert "it will not be shown again" in response.text
    with app.app_context():
        assert practitioner_for_token(token).email == "ada@example.org"
        assert db.session.scalar(select(ApiToken.token_hash)) != token  # only the hash is kept
        db.session.commit()

    page = client.get("/profile").text
    assert token not in page
    assert "Group spreadsheet" in page and "Active" in page

    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/profile/tokens/{token_id}/revoke", follow_redirects=True)
    assert "is revoked" in response.text
    assert "Revoked" in response.text
    with app.app_context():
        assert practitioner_for_token(token) is None


def test_token_needs_a_label(client, auth, make_practitioner):
    make_practitioner(email="ada@example.org")
    auth.login("ada@example.org")
    response = client.post("/profile/tokens", data={"label": ""})
    assert response.status_code == 422
    assert "Give the token a label." in field_errors(response.text, "label")


def test_nobody_can_revoke_someone_elses_token(client, auth, app, make_practitioner):
    make_practitioner(email="ada@example.org")
    make_practitioner(email="bea@example.org")
    auth.login("ada@example.org")
    client.post("/profile/tokens", data={"label": "Ada's"})
    auth.logout()
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))

    auth.login("bea@example.org")
    assert client.post(f"/profile/tokens/{token_id}/revoke").status_code == 404
    assert client.post("/profile/tokens/999999/revoke").status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


# --- Protections -----------------------------------------------------------------------------


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_forms_without_a_valid_csrf_token_are_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()

    response = client.post("/register", data=registration())
    assert response.status_code == 400
    assert "The form had expired" in response.text
    assert client.post("/register", data=registration(csrf_token="forged")).status_code == 400

    token = csrf_token_from(client.get("/register").text)
    response = client.post("/register", data=registration(csrf_token=token))
    assert response.headers["Location"] == "/me"

    assert client.post("/logout").status_code == 400  # nobody can log you out from elsewhere
    token = csrf_token_from(client.get("/profile").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_login_attempts_from_one_address_are_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATE_LIMIT_LOGIN="3 per minute")
    client = app.test_client()

    for _ in range(3):
        assert client.post("/login", data={"email": "x@example.org", "password": "wrong"}).status_code == 422
    response = client.post("/login", data={"email": "y@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert "Please wait a little" in response.text
    assert "many attempts to log in from your connection" in response.text
    assert client.get("/login").status_code == 200  # the page itself stays readable


def test_failed_logins_are_counted_per_account(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATE_LIMIT_LOGIN="100 per minute", RATE_LIMIT_LOGIN_ACCOUNT="2 per 15 minutes",
                   RATE_LIMIT_REGISTER="100 per minute")
    client = app.test_client()
    for email in ("ada@example.org", "bea@example.org"):
        client.post("/register", data=registration(email=email))
        client.post("/logout")

    # Logging in successfully does not count against the account.
    for _ in range(3):
        assert client.post("/login", data={"email": "ada@example.org", "password": PASSWORD}).status_code == 302
        client.post("/logout")

    for _ in range(2):
        assert client.post("/login", data={"email": "ada@example.org", "password": "wrong"}).status_code == 422
    response = client.post("/login", data={"email": "ADA@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "failed attempts to log in to this account" in response.text
    # Another account is not affected.
    assert client.post("/login", data={"email": "bea@example.org", "password": PASSWORD}).status_code == 302


def test_registrations_from_one_address_are_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATE_LIMIT_REGISTER="2 per minute")
    client = app.test_client()
    for n in range(2):
        client.post("/register", data=registration(email=f"p{n}@example.org"))
        client.post("/logout")
    assert client.post("/register", data=registration(email="p3@example.org")).status_code == 429
    assert client.get("/register").status_code == 200


def test_the_500_page_does_not_ask_a_broken_database_who_is_logged_in(client, auth, app, make_practitioner, monkeypatch):
    @app.get("/boom")
    def boom():
        raise RuntimeError("something broke")

    make_practitioner(email="ada@example.org")
    auth.login("ada@example.org")

    def database_down(user_id):
        raise OperationalError("SELECT", {}, Exception("database is down"))

    monkeypatch.setattr(login_manager, "_user_callback", database_down)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Log out" not in response.text


def test_pages_share_the_layout_and_its_landmarks(client):
    for path in ("/", "/login", "/register", "/no-such-page"):
        html = client.get(path).text
        assert '<html lang="en">' in html
        assert 'href="#main"' in html and '<main id="main"' in html
        assert 'aria-label="Main"' in html and 'href="/groups"' in html and 'href="/check"' in html
        assert "style=" not in html and "<script" not in html


def test_the_profile_service_refuses_what_the_database_cannot_hold(app, make_practitioner):
    """The API calls the same service without the web form's checks in front of it."""
    from ipn.services.accounts import update_profile
    from ipn.services.errors import Invalid

    pid = make_practitioner(email="ada@example.org")
    with app.app_context():
        person = db.session.get(Practitioner, pid)
        with pytest.raises(Invalid) as refused:
            update_profile(person, name="x" * 121, region="r" * 81, practice="", looking_for_group=False)
        assert set(refused.value.fields) == {"name", "region"}
