"""A small network with every status, built through the real services, for the public pages'
tests: River (full member: validated by Hill and Oak), Hill and Oak (member groups), Ash
(forming, with someone joining), Elm (dissolved), someone looking for a group, two Gatherings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ipn import clock
from ipn.extensions import db
from ipn.models import Gathering
from ipn.services import accounts, groups
from tests import factories as f

RIVER_STATEMENT_1 = "# River Group\n\nWe meet monthly and hold each other to account."
RIVER_STATEMENT_2 = ("# River Group\n\nWe meet monthly and hold each other to account.\n\n"
                     "We offer clients a free first session and discuss every complaint with supervision.")


@dataclass
class Network:
    river: str
    hill: str
    oak: str
    ash: str
    elm: str
    accredited_id: int
    accredited_name: str
    joining_id: int
    joining_name: str
    looking_id: int


def build() -> Network:
    """Call inside an app context; commits."""
    river = f.member_group("River Group", region="Bristol")
    f.publish_statement(river[0], river[1], RIVER_STATEMENT_1)  # a second version...
    f.publish_statement(river[0], river[1], RIVER_STATEMENT_2)  # ...and a third
    hill = f.member_group("Hill Group", region="Leeds")
    oak = f.member_group("Oak Group", region="Bristol")
    f.validate(f.link(river, hill), hill, river[0], clock.today() - dt.timedelta(days=30))
    f.validate(f.link(river, oak), oak, river[0])
    assert river[0].status == "full_member"
    groups.set_open(oak[1][0], oak[0], True)

    ash, ash_people = f.forming_group("Ash Circle", size=3, region="Bristol")
    newcomer = f.person("Juniper Newcomer", "Bristol")
    f.join(ash, ash_people[0], newcomer)  # joining: nobody stands by them yet

    elm, elm_people = f.forming_group("Elm Group", size=2, region="York")
    for person in elm_people:
        groups.agree_to_dissolve(person, elm)
    assert elm.status == "dissolved"

    looking = f.person("Lark Seeker", "Sheffield")
    accounts.update_profile(looking, "Lark Seeker", "Sheffield", "Person-centred counselling", True)
    today = clock.today()
    db.session.add(Gathering(date=today + dt.timedelta(days=40), place="Friends Meeting House, Leeds"))
    db.session.add(Gathering(date=today - dt.timedelta(days=90), place="Quaker Centre, Bristol",
                             netcom_url="https://example.org/netcom/1"))
    db.session.commit()
    member = river[1][1]
    return Network(river[0].slug, hill[0].slug, oak[0].slug, ash.slug, elm.slug,
                   member.id, member.name, newcomer.id, newcomer.name, looking.id)

