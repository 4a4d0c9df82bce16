"""The rules issue's journey through the services: strangers become a member group, link,
are validated into a full member group; then withdrawal, triangle, dissolution, departure."""

import datetime as dt

from ipn import clock
from ipn.extensions import db
from ipn.services import facts, groups, history, links, stand_bys
from tests import factories as f


def criterion(group, rule):
    return next(c for c in facts.assess(group).criteria if c.rule == rule)


def test_five_strangers_become_full_member_group_and_lose_it_as_spec_says(app):
    with app.app_context():
        river = f.member_group("River Group")
        hill = f.member_group("Hill Group")
        oak = f.member_group("Oak Group")
        river_hill = f.link(river, hill)
        river_oak = f.link(river, oak)
        f.validate(river_hill, hill, river[0])
        assert river[0].status == "member"
        assert "validated links: 1 of 2" in criterion(river[0], "validated_links").detail
        f.validate(river_oak, oak, river[0])
        assert river[0].status == "full_member"
        member = river[1][2]
        assert history.accreditation_on(member).accredited
        db.session.commit()

        # A withdrawal breaks standing-by: the group is forming again, and says why.
        stand_bys.withdraw_stand_by(river[1][1], river[0], river[1][2], "we need to talk")
        assert river[0].status == "forming"
        detail = criterion(river[0], "stand_bys").detail
        assert f"{river[1][1].name} withdrew their stand-by of {river[1][2].name}" in detail
        assert not history.accreditation_on(member).accredited
        stand_bys.stand_by(river[1][1], river[0], river[1][2])
        assert river[0].status == "full_member"

        # A closed triangle: Hill and Oak link with each other, so together they count as one.
        f.link(hill, oak)
        assert river[0].status == "member"
        assert "Hill Group and Oak Group are linked to each other" in criterion(river[0], "triangle").detail
        # A third partner, not linked to either, widens the network again.
        ash = f.member_group("Ash Group")
        river_ash = f.link(river, ash)
        f.validate(river_ash, ash, river[0])
        assert river[0].status == "full_member"

        # A partner's dissolution ends its links and demotes at once.
        for p in ash[1]:
            groups.agree_to_dissolve(p, ash[0])
        assert ash[0].status == "dissolved"
        assert river_ash.state == "ended"
        assert river[0].status == "member"
        db.session.commit()

        # Leaving below five members: no longer a member group.
        links.end_link(hill[1][0], river_hill, "parting ways")
        groups.leave(river[1][4], river[0])
        assert river[0].status == "forming"
        assert "4 members" in criterion(river[0], "members").detail
        db.session.commit()


def test_validation_counts_through_its_last_day_and_lapses_after(app):
    with app.app_context():
        visit_day = dt.date(2024, 2, 29)
        app.config["FROZEN_NOW"] = clock.start_of_day(dt.date(2025, 1, 10)) + dt.timedelta(hours=12)
        river, hill, oak = f.member_group("River"), f.member_group("Hill"), f.member_group("Oak")
        f.validate(f.link(river, hill), hill, river[0], visit_day)
        f.validate(f.link(river, oak), oak, river[0], dt.date(2024, 6, 1))
        assert river[0].status == "full_member"
        assert river[0].status_until == dt.date(2026, 2, 28)
        db.session.commit()
        from ipn.services.evaluation import catch_up

        assert catch_up(dt.date(2026, 2, 28)) == []
        assert river[0].status == "full_member"
        changes = catch_up(dt.date(2026, 3, 1))
        assert [c.status for c in changes] == ["member"]
        assert history.status_on(river[0], dt.date(2026, 2, 28)) == "full_member"
        assert history.status_on(river[0], dt.date(2026, 3, 1)) == "member"
        timeline = history.timeline(river[0])
        assert "lapsed on 2026-03-01" in timeline[0].cause
