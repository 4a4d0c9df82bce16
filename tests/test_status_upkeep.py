"""Keeping derived status true: lapses demote groups on the right day with no one acting,
and `ipn reevaluate --all` finds and corrects any cache that disagrees with the facts."""

import datetime as dt

from ipn import clock
from ipn.extensions import db
from ipn.models import Group
from ipn.services import history
from tests import factories as f


def full_member_network(app, visit_day):
    with app.app_context():
        river, hill, oak = f.member_group("River"), f.member_group("Hill"), f.member_group("Oak")
        f.validate(f.link(river, hill), hill, river[0], visit_day)
        f.validate(f.link(river, oak), oak, river[0], clock.today())
        db.session.commit()
        return river[0].id, river[1][1].id


def test_the_first_request_after_a_lapse_demotes_the_group_as_of_the_lapse_day(app, client):
    visit_day = dt.date.today() - dt.timedelta(days=3)
    group_id, member_id = full_member_network(app, visit_day)
    lapse_day = visit_day.replace(year=visit_day.year + 2) + dt.timedelta(days=1)
    # Nobody visits the site until a week after the lapse.
    app.config["FROZEN_NOW"] = clock.start_of_day(lapse_day) + dt.timedelta(days=7, hours=10)
    client.get("/")
    with app.app_context():
        group = db.session.get(Group, group_id)
        assert group.status == "member"
        change = history.timeline(group)[0]
        assert (change.status, change.effective_on) == ("member", lapse_day)
        assert "the validation by Hill lapsed on" in change.cause
        assert history.status_on(group, lapse_day - dt.timedelta(days=1)) == "full_member"
        from ipn.models import Practitioner

        member = db.session.get(Practitioner, member_id)
        assert history.accreditation_on(member, lapse_day - dt.timedelta(days=1)).accredited
        assert not history.accreditation_on(member, lapse_day).accredited


def test_reevaluate_all_reports_and_corrects_a_cache_that_disagrees(app, runner):
    group_id, _ = full_member_network(app, dt.date.today())
    with app.app_context():
        db.session.get(Group, group_id).status = "forming"  # a cache gone wrong
        db.session.commit()
    result = runner.invoke(args=["reevaluate", "--all"])
    assert result.exit_code == 0, result.output
    assert "river: cached forming, derived full_member (corrected)" in result.output
    assert "3 group(s) re-evaluated; 1 disagreed with the cache." in result.output
    again = runner.invoke(args=["reevaluate", "--all"])
    assert "0 disagreed with the cache." in again.output
