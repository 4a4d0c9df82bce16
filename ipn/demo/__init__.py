"""The demo network: a story of about three years, told through the services.

Nothing is written behind the rules' back: people register, found groups, invite, stand by,
publish statements, link, visit and dissolve through ipn.services, each at its moment in
simulated time (the FROZEN_NOW setting that ipn.clock reads), so the demo is a valid history
and `ipn reevaluate --all` finds nothing to correct. Gatherings are announced and attended,
and proposals decided, through the services too. The same story, names and texts every time;
dates are relative to the day it is loaded.

- content.py, statements.py: the words (people, groups, statements, places, proposals);
- actions.py: the story's verbs, each one service call at its moment in simulated time;
- story.py: the story itself, chapter by chapter (governance.py: the Gatherings' chapters;
  meetings.py: a year of the ring's meetings and their rounds).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, func, select

from ipn import clock
from ipn.demo.actions import email_for
from ipn.demo.content import PERSONAS
from ipn.demo.story import Story
from ipn.extensions import db
from ipn.models import Gathering, Group, OutboxMessage, Practitioner
from ipn.services.evaluation import catch_up


def personas() -> list[tuple[str, str, str]]:
    """(email, name, who they are in the demo) for the people a newcomer can log in as."""
    return [(email_for(name), name, role) for name, role in PERSONAS]


def is_empty() -> bool:
    return not any(db.session.scalar(select(func.count()).select_from(model)) for model in
                   (Practitioner, Group, Gathering))


def load_demo() -> bool:
    """Load the demo network into an empty database, in one transaction; False (and nothing
    loaded) when the database is not empty."""
    if not is_empty():
        return False
    config = current_app.config
    had_frozen, frozen = "FROZEN_NOW" in config, config.get("FROZEN_NOW")

    def restore_clock() -> None:
        if had_frozen:
            config["FROZEN_NOW"] = frozen
        else:
            config.pop("FROZEN_NOW", None)

    try:
        Story(clock.today()).tell()
        restore_clock()
        catch_up()  # today: anything that lapsed since the story's last step
        # The story is history, told in a moment: none of its messages go to its invented people.
        db.session.execute(delete(OutboxMessage))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        restore_clock()
    return True
