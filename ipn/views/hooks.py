"""Before a request reads anything, validations that lapsed since the last request demote
their groups (SPEC R14: no page or answer shows a status that has lapsed), and the first
request of a day runs the day's time-based jobs (ipn.services.daily) if `ipn daily` has not."""

from __future__ import annotations

from flask import Flask, request
from sqlalchemy.exc import SQLAlchemyError

from ipn import clock
from ipn.extensions import db
from ipn.services import daily, generation
from ipn.services.evaluation import catch_up
from ipn.views.outage import is_outage

SKIP = ("health.", "static")


def register_catch_up(app: Flask) -> None:
    @app.before_request
    def demote_lapsed_groups() -> None:
        if request.endpoint is None or request.endpoint.startswith(SKIP):
            return
        today = clock.today()
        try:
            # The common case costs one query (two indexed lookups) and writes nothing; its answer
            # changes only with the day or a change to the network (the day's run is one), so it
            # is kept until either moves on.
            ran, lapsed = generation.kept(("what_is_due", today), lambda: daily.what_is_due(today))
            if not ran:
                if daily.run_daily(today) is not None:
                    db.session.commit()
                else:
                    db.session.rollback()
                return
            if not lapsed:
                return
            if catch_up(today):
                db.session.commit()
            else:
                db.session.rollback()
        except SQLAlchemyError as error:
            # Another request is catching up at this moment; this one reads after it.
            db.session.rollback()
            if is_outage(error):
                raise


def register_rulebook(app: Flask) -> None:
    """The registry's founding rules are written from configuration by the first request on a
    new database (and never read from it again); rule changes whose day has come re-evaluate
    the network before anything is read, as lapses do (SPEC R16)."""
    from ipn.services import rulebook

    @app.before_request
    def rules_in_force() -> None:
        if request.endpoint is None or request.endpoint.startswith(SKIP):
            return
        try:
            if not app.extensions.get("ipn_founded"):
                if rulebook.ensure_founding() is not None:
                    db.session.commit()
                app.extensions["ipn_founded"] = True
            today = clock.today()
            if rulebook.changes_due(today):
                rulebook.catch_up(today)
                db.session.commit()
        except SQLAlchemyError as error:
            # Another request wrote them at this moment; this one reads after it.
            db.session.rollback()
            rulebook.forget()
            if is_outage(error):
                raise


def has_nul(value) -> bool:
    """A NUL character anywhere in a text, or in the keys and values of a JSON value."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def register_input_guard(app: Flask) -> None:
    """Refuse NUL characters anywhere in what a client sends: no text field accepts them and
    PostgreSQL cannot store them, so they would otherwise surface as a server error."""

    @app.before_request
    def refuse_nul_characters():
        from ipn.views.errors import error_response

        sent = [*request.args.values(), *request.form.values()]
        json_body = None
        if request.is_json:
            try:
                json_body = request.get_json(silent=True)
            except RecursionError:  # nested too deep for the parser: not a body anyone can send us
                return error_response(400, "The body is nested too deeply to be read.", "malformed")
            if not request.path.startswith("/api/"):
                # The API refuses NUL characters in the fields it reads, and ignores the rest
                # (ipn.views.api.spec), as its document says.
                sent.append(json_body)
        if any(has_nul(v) for v in sent) or "\x00" in request.path:
            return error_response(400, "Text may not contain NUL characters.", "nul_character")
        if request.is_json and _has_surrogate(json_body):
            # JSON's \ud800 escapes can name half a character, which no database can store.
            return error_response(400, "Text may not contain unpaired surrogates (\\ud800 to \\udfff).",
                                  "lone_surrogate")
        return None


def _has_surrogate(value) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False
