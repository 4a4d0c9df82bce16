"""Whatever sequence of actions people take, every group's cached status equals a
recomputation from the facts alone (ipn.services.evaluation.recompute_all)."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipn import clock
from ipn.extensions import db
from ipn.models import Group
from ipn.services import groups, links, stand_bys
from ipn.services.errors import ServiceError
from ipn.services.evaluation import recompute_all
from tests import factories as f

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["withdraw", "restore", "leave", "link", "visit", "concerns", "end", "dissolve", "rejoin"]),
        st.integers(0, 3), st.integers(0, 3), st.integers(0, 5), st.integers(0, 5), st.integers(0, 800),
    ),
    min_size=1, max_size=12,
)


def _apply(action, network):
    kind, a, b, i, j, days_ago = action
    (ga, pa), (gb, pb) = network[a], network[b]
    actor, other = pa[i % len(pa)], pa[j % len(pa)]
    day = clock.today() - dt.timedelta(days=days_ago)
    live = links.live_link_between(ga.id, gb.id)
    if kind == "withdraw":
        stand_bys.withdraw_stand_by(actor, ga, other, "a reason")
    elif kind == "restore":
        stand_bys.stand_by(actor, ga, other)
    elif kind == "leave":
        groups.leave(actor, ga)
    elif kind == "rejoin":
        f.join(ga, pa[0], actor)
    elif kind == "link":
        proposed = links.propose_link(actor, ga, gb)
        links.accept_link(pb[0], proposed)
    elif kind in ("visit", "concerns") and live is not None:
        outcome = "validated" if kind == "visit" else "concerns"
        links.record_visit(pb[i % len(pb)], live, ga, day, outcome)
    elif kind == "end" and live is not None:
        links.end_link(actor, live, "a reason")
    elif kind == "dissolve":
        groups.agree_to_dissolve(actor, ga)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_cached_statuses_always_equal_a_recomputation(app, actions):
    with app.app_context():
        network = [f.member_group(f"G{n} {id(actions)}", size=5 + n % 2) for n in range(4)]
        f.validate(f.link(network[0], network[1]), network[1], network[0][0])
        db.session.commit()
        for action in actions:
            try:
                with db.session.begin_nested():
                    _apply(action, network)
            except ServiceError:
                pass
        derived = recompute_all()
        cached = {g.id: g.status for g in db.session.query(Group)}
        assert cached == {gid: a.status for gid, a in derived.items()}
        db.session.rollback()
        _empty_database()


def _empty_database():
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
