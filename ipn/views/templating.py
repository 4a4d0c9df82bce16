"""Everything templates share, registered once for the whole app: how days and times are
written, possessives, statement HTML, the network's states and labels, where a next step or a
notification leads. Blueprints register nothing of their own for templates."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask, url_for
from markupsafe import Markup

from ipn import clock, markdown
from ipn import governance_rules as gov
from ipn.models import Group, Notification, Place
from ipn.services import concerns, proposals, rulebook
from ipn.services.matrix import CellState
from ipn.services.steps import StepKind
from ipn.states import (
    ConcernState,
    GroupStatus,
    InvitationState,
    LinkState,
    MembershipState,
    PracticeKind,
    StatementState,
    ValidationState,
    VisitOutcome,
)
from ipn.views.steps import step_link
from ipn.views.urls import absolute_url
from ipn.words import number_words, possessive


def as_day(value: dt.date | dt.datetime | None) -> dt.date | None:
    """A date, or an aware moment as the network's calendar day."""
    if isinstance(value, dt.datetime):
        return clock.local_date(value)
    return value


def human_day(value: dt.date | dt.datetime | None) -> str:
    """The one way pages write a day: "11 November 2025". (URLs, CSV, Atom and the API keep ISO.)"""
    day = as_day(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def iso_day(value: dt.date | dt.datetime | None) -> str:
    day = as_day(value)
    return day.isoformat() if day else ""


def short_day(moment: dt.date | dt.datetime | None) -> str:
    """A day in a dense list: "3 Mar 2026"."""
    day = as_day(moment)
    return f"{day.day} {day:%b %Y}" if day else ""


def local_time(moment: dt.datetime | None) -> str:
    """An aware moment as the network's wall-clock time, e.g. "3 Mar 2026, 14:05"."""
    if moment is None:
        return ""
    local = moment.astimezone(clock.network_timezone())
    return f"{local.day} {local:%b %Y, %H:%M}"


_ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def days_in_words(text: str) -> str:
    """The rules' words (criteria, causes) carry ISO days, as the API gives them; pages write
    every day the same way, so "lapsed on 2026-03-01" reads "lapsed on 1 March 2026"."""
    def one(match: re.Match) -> str:
        try:
            return human_day(dt.date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]
    return _ISO_DAY.sub(one, text or "")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""


def statement_html(text: str, base: int = 3) -> Markup:
    """A statement rendered (ipn.markdown cleans it), its headings moved below the page's own:
    the first at `base` (the page's section headings are one level up), and none more than one
    level deeper than the heading before it, so the page's outline skips no level."""
    html = markdown.render(text)
    previous, opened = base - 1, []

    def shift(match: re.Match) -> str:
        nonlocal previous
        if match.group(1):  # headings do not nest: this closes the one just opened
            return f"</h{opened.pop() if opened else match.group(2)}>"
        level = min(max(int(match.group(2)) + base - 1, base), previous + 1, 6)
        previous = level
        opened.append(level)
        return f'<h{level} class="statement-heading">'

    return Markup(re.sub(r"<(/?)h([1-6])>", shift, html))


def status_label(status: str) -> str:
    try:
        return GroupStatus(status).label
    except ValueError:
        return str(status).replace("_", " ").capitalize()


# Where a notification leads: the group's page for each place.
PLACE_ENDPOINTS = {
    Place.GROUP: "public.group",
    Place.WORKSPACE: "workspace.workspace",
    Place.STATEMENT: "statement.page",
    Place.LINKS: "links.page",
    Place.CONCERNS: "concerns.group_concerns",
}


def place_url(place: str, group: Group | None) -> str:
    """The address of a place in the registry (a page of `group`, the rules, or What needs me)."""
    if place == Place.RULES:
        return url_for("governance.rules_page")
    if place == Place.PRACTICE:
        return url_for("practice.page")
    endpoint = PLACE_ENDPOINTS.get(Place(place)) if place else None
    if endpoint is None or group is None:
        return url_for("me.needs")
    return url_for(endpoint, slug=group.slug)


def notification_url(notification: Notification) -> str:
    return place_url(notification.place, notification.group)


FILTERS = {
    "day": human_day,
    "iso_day": iso_day,
    "local_day": short_day,
    "local_time": local_time,
    "possessive": possessive,
    "days_in_words": days_in_words,
    "practice_kind": lambda kind: PracticeKind(kind).label,
}


def register_templating(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(
        GroupStatus=GroupStatus, MembershipState=MembershipState, InvitationState=InvitationState,
        LinkState=LinkState, StatementState=StatementState, ConcernState=ConcernState,
        VisitOutcome=VisitOutcome, ValidationState=ValidationState, CellState=CellState, StepKind=StepKind,
        status_label=status_label, render_markdown=statement_html, sentence=sentence,
        step_link=step_link, place_url=place_url, notification_url=notification_url,
        absolute_url=absolute_url,
    )

    # The network's rules in force, for pages that state them in words (never as literals);
    # called only where a page needs them, so that an error page renders without the database.
    app.jinja_env.globals.update(
        concerns_awaiting=concerns.awaiting_response, rules_today=rulebook.settings_on, number_words=number_words, proposal_behind=proposals.proposal_behind,
        rule_words=gov.rule_words, value_words=gov.value_words,
        proposal_state_label=lambda s: gov.STATE_LABELS.get(s, s),
        position_label=lambda p: gov.POSITION_LABELS.get(p, p))
    app.jinja_env.globals["hidden_fields"] = hidden_fields


# --- Hidden fields without ids (issue 12: valid HTML) ------------------------------------------

def hidden_fields(form) -> Markup:
    """A form's hidden fields (its CSRF token, a version) without `id` attributes: a page with
    several forms would otherwise repeat id="csrf_token", which HTML forbids."""
    return Markup("".join(str(field(id=False)) for field in form
                          if field.type in ("HiddenField", "CSRFTokenField")))

