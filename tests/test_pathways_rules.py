"""Pathways (SPEC R19) as the pure rules judge them: only attested hours count, an attester
must hold the pathway a requirement names, and a withdrawal undoes completion from its day."""

import datetime as dt

from ipn import pathways as shipped_pathways
from ipn.rules import pathways as rules
from ipn.rules.pathways import Record
from ipn.states import PracticeKind

D = dt.date
TODAY = D(2026, 12, 1)
CCI = shipped_pathways.shipped()["cci-member@1"]
BALINT = shipped_pathways.shipped()["balint-leader@1"]
BOTH = {CCI.slug: CCI, BALINT.slug: BALINT}
NAMES = {1: "Ada Teacher", 2: "Ben Trainee", 3: "Cy Friend", 4: "Di Leader", 5: "Ed Candidate"}


def nobody_accountable(person_id, day):
    return False


def only(*people):
    return lambda person_id, day: person_id in people


def training(id, person, hours, attester, on, withdrawn=None):
    return Record(id, person, PracticeKind.COCOUNSELLING_TRAINING, minutes=hours * 60, attester_id=attester,
                  attested_on=on, withdrawn_on=withdrawn)


def prior(id, person, pathway, attester, on):
    return Record(id, person, PracticeKind.PRIOR_ACCREDITATION, attester_id=attester, attested_on=on,
                  pathway=pathway)


def progress_of(person, pathway, records, accountable=only(9)):
    held = rules.holdings_of(BOTH, records, TODAY, accountable)
    mine = [r for r in records if r.person_id == person]
    return rules.progress(pathway, mine, TODAY, BOTH, held, accountable, NAMES)


def test_the_shipped_pathways_state_their_sources_and_versions():
    assert set(shipped_pathways.shipped()) == {"cci-member@1", "balint-leader@1"}
    for pathway in (CCI, BALINT):
        assert pathway.source and all(r.source for r in pathway.requirements)
    assert [(r.rule, r.hours, r.sessions, r.required) for r in BALINT.requirements] == [
        ("participation", 120, None, True), ("leadership_seminars", 96, 6, True),
        ("theory_course", None, 1, True), ("own_therapy", None, 100, False)]
    assert shipped_pathways.in_force("cci-member@1 nonsense@3") == {"cci-member": CCI}


def test_forty_hours_from_a_cci_member_complete_the_pathway_on_the_day_of_the_attestation():
    records = [prior(1, 1, "cci-member", 9, D(2026, 1, 5)),          # Ada, recognised by an accountable peer
               training(2, 2, 24, 1, D(2026, 3, 1)), training(3, 2, 16, 1, D(2026, 5, 2))]
    ben = progress_of(2, CCI, records)
    assert ben.complete and ben.completed_on == D(2026, 5, 2)
    assert ben.criteria[0].met and ben.criteria[0].detail == "40 of 40 hours, attested"
    assert ben.criteria[0].title == "Co-counselling training from a CCI member"


def test_hours_awaiting_attestation_do_not_count_and_the_criterion_says_so():
    records = [prior(1, 1, "cci-member", 9, D(2026, 1, 5)), training(2, 2, 30, 1, D(2026, 3, 1)),
               Record(3, 2, PracticeKind.COCOUNSELLING_TRAINING, minutes=600, attester_id=1)]
    ben = progress_of(2, CCI, records)
    assert not ben.complete and ben.completed_on is None
    assert ben.criteria[0].detail == "30 of 40 hours, attested; 10 hours awaiting attestation"


def test_hours_from_a_teacher_who_is_not_a_cci_member_do_not_count_and_the_criterion_says_why():
    records = [training(2, 2, 40, 3, D(2026, 3, 1))]
    ben = progress_of(2, CCI, records)
    assert not ben.complete
    assert ben.criteria[0].detail == ("0 of 40 hours, attested; 40 hours do not count: attested by Cy Friend, "
                                      "who was not a Co-Counselling International member on 1 March 2026")


def test_the_teacher_must_have_been_a_member_on_the_day_they_attested():
    records = [training(2, 2, 40, 1, D(2026, 3, 1)), prior(1, 1, "cci-member", 9, D(2026, 4, 1))]
    assert not progress_of(2, CCI, records).complete


def test_a_prior_accreditation_counts_only_when_its_attester_was_accountable():
    records = [prior(1, 1, "cci-member", 3, D(2026, 1, 5))]
    assert not progress_of(1, CCI, records, accountable=nobody_accountable).complete
    ada = progress_of(1, CCI, records, accountable=only(3))
    assert ada.completed_on == D(2026, 1, 5)
    assert ada.criteria[0].detail == ("recognised as a Co-Counselling International member from before these "
                                      "records, attested by Cy Friend on 5 January 2026")


def test_a_withdrawn_attestation_undoes_completion_from_its_day_not_in_the_past():
    records = [prior(1, 1, "cci-member", 9, D(2026, 1, 5)),
               training(2, 2, 40, 1, D(2026, 3, 1), withdrawn=D(2026, 9, 1))]
    ben = progress_of(2, CCI, records)
    assert ben.history == ((D(2026, 3, 1), D(2026, 9, 1)),)
    assert not ben.complete and ben.criteria[0].detail == "0 of 40 hours, attested"
    # Whoever Ben attested while he held it keeps what he attested.
    records.append(training(3, 5, 40, 2, D(2026, 6, 1)))
    assert progress_of(5, CCI, records).completed_on == D(2026, 6, 1)


def test_a_balint_candidate_sees_exactly_which_requirements_remain():
    leader = prior(1, 4, "balint-leader", 9, D(2025, 1, 1))
    records = [leader,
               Record(2, 5, PracticeKind.BALINT_PARTICIPATION, minutes=96 * 60, attester_id=4, attested_on=D(2026, 2, 1)),
               Record(3, 5, PracticeKind.LEADERSHIP_SEMINAR, minutes=64 * 60, sessions=4, attester_id=4,
                      attested_on=D(2026, 6, 1)),
               Record(4, 5, PracticeKind.OWN_THERAPY, sessions=60, attester_id=3, attested_on=D(2026, 1, 1))]
    ed = progress_of(5, BALINT, records)
    assert not ed.complete
    assert [(c.rule, c.met, c.detail) for c in ed.criteria] == [
        ("participation", False, "96 of 120 hours, attested"),
        ("leadership_seminars", False, "4 of 6 seminars (64 of 96 hours), attested"),
        ("theory_course", False, "0 of 1 course, attested"),
        ("own_therapy", False, "60 of 100 sessions, attested; recommended, not required"),
    ]


def test_a_recommendation_left_unmet_does_not_stop_completion():
    records = [prior(1, 4, "balint-leader", 9, D(2025, 1, 1)),
               Record(2, 5, PracticeKind.BALINT_PARTICIPATION, minutes=120 * 60, attester_id=4, attested_on=D(2026, 2, 1)),
               Record(3, 5, PracticeKind.LEADERSHIP_SEMINAR, minutes=96 * 60, sessions=6, attester_id=4,
                      attested_on=D(2026, 6, 1)),
               Record(4, 5, PracticeKind.THEORY_COURSE, sessions=1, attester_id=3, attested_on=D(2026, 7, 1))]
    ed = progress_of(5, BALINT, records)
    assert ed.completed_on == D(2026, 7, 1)
    assert not ed.criteria[-1].met


def test_meeting_records_attest_participation_but_cannot_stand_for_a_leader():
    records = [Record(2, 5, PracticeKind.BALINT_PARTICIPATION, minutes=120 * 60, attested_on=D(2026, 2, 1)),
               Record(3, 5, PracticeKind.LEADERSHIP_SEMINAR, minutes=96 * 60, sessions=6, attested_on=D(2026, 3, 1))]
    ed = progress_of(5, BALINT, records)
    assert ed.criteria[0].met
    assert ed.criteria[1].detail == ("0 of 6 seminars (0 of 96 hours), attested; 96 hours do not count: a meeting record "
                                     "cannot attest it: it takes an accredited Balint group leader")


def test_holding_passes_along_a_chain_of_teachers():
    records = [prior(1, 1, "cci-member", 9, D(2025, 1, 1)), training(2, 2, 40, 1, D(2025, 6, 1)),
               training(3, 3, 40, 2, D(2025, 9, 1)), training(4, 5, 40, 3, D(2026, 1, 1))]
    held = rules.holdings_of(BOTH, records, TODAY, only(9))
    assert {p: h[0][0] for p, h in held["cci-member"].items()} == {
        1: D(2025, 1, 1), 2: D(2025, 6, 1), 3: D(2025, 9, 1), 5: D(2026, 1, 1)}
