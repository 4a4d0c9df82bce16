"""The demo's meetings (issue 14): the ring's groups have a year of meetings, each with a
round, every shipped format used; only Severn Practitioners shows its rhythm; Lewes Road's
members are reminded of a meeting not recorded; Calder's of a visit to record from Severn's."""

from __future__ import annotations

from sqlalchemy import func, select

from ipn import clock, formats
from ipn.extensions import db
from ipn.models import Group, Meeting, Practitioner, Round
from ipn.services import meetings, needs


def test_the_demo_has_a_year_of_meetings_and_one_group_shows_its_rhythm(app, client, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        today = clock.today()
        per_group = {name: n for name, n in db.session.execute(
            select(Group.name, func.count(Meeting.id)).join(Meeting, Meeting.group_id == Group.id).group_by(Group.name))}
        assert set(per_group) == {"Severn Practitioners", "Calder Valley Group", "Thursday Circle", "Lewes Road Group"}
        assert all(n >= 8 for n in per_group.values())
        first = db.session.scalar(select(func.min(Meeting.date)))
        assert 330 <= (today - first).days <= 366
        assert set(db.session.scalars(select(Round.format_slug).distinct())) == {f.slug for f in formats.shipped()}
        shown = list(db.session.scalars(select(Group.slug).where(Group.shows_rhythm)))
        assert shown == ["severn-practitioners"]
        severn = db.session.scalar(select(Group).where(Group.slug == "severn-practitioners"))
        rhythm = meetings.public_rhythm(severn)
        assert rhythm.every_weeks == 6
        lewes = needs.needs_of(db.session.scalar(select(Practitioner).where(Practitioner.name == "Theo Marchetti")))
        assert [m.group.name for m in lewes.meetings if m.unrecorded] == ["Lewes Road Group"]
        calder = needs.needs_of(db.session.scalar(select(Practitioner).where(Practitioner.name == "Anna Brightwell")))
        assert [(m.group.name, m.visiting_group.name) for m in calder.meeting_visits] == [
            ("Severn Practitioners", "Calder Valley Group")]
        words = rhythm.words
    assert words in client.get("/groups/severn-practitioners").get_data(as_text=True)
    assert "Meets about" not in client.get("/groups/thursday-circle").get_data(as_text=True)
