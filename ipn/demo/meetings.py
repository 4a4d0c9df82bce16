"""The demo's meetings (SPEC R18): a year of them for the four groups of the ring, each with a
round in one of the shipped formats, recorded on the evening of the day they met. Severn
Practitioners shows its rhythm publicly; the others do not. Lewes Road has not yet recorded
the meeting it planned for last week (a reminder on its members' "What needs me"), and the
Calder Valley Group joined Severn's latest meeting and has still to record its visit.

Nothing identifying a client: the notes are the group's housekeeping, and a round is a
format, "a case brought by" its presenter, and the phases that ran."""

from __future__ import annotations

from ipn import formats
from ipn.services import facts, meetings

# (group, first meeting in days ago, weeks between meetings, online, formats in turn, last meeting)
RHYTHMS = [
    ("severn", 360, 6, False, ["ipn-meeting", "intervision", "balint"], 12),
    ("calder", 355, 6, False, ["intervision", "co-counselling", "ipn-meeting"], 20),
    ("thursday", 350, 4, True, ["intervision-online", "balint", "ipn-meeting"], 16),
    ("lewes_road", 345, 5, False, ["co-counselling", "intervision", "ipn-meeting"], 40),
]
AGENDAS = [
    "Check-in\nSupervision arrangements over the summer\nNews from our link groups\nDates and shared room costs",
    "Check-in\nA question about working online across borders\nThe next Gathering: who goes\nDates",
    "Check-in\nOur ethical statement: does it still say what we do?\nPreparing a visit to a link group\nDates",
    "Check-in\nTaking on a trainee practitioner\nNetwork business: the proposal on link lengths\nDates",
]
NOTES = [
    "We agreed to rotate hosting; the next host brings the room key.",
    "Two of us will go to the Gathering and report back at the next meeting.",
    "We will reread the statement together next time, one paragraph each.",
    "Room costs are shared equally; the treasurer's note is in our own folder.",
]


class MeetingChapters:
    """Mixed into the Story: schedules every meeting on the story's agenda, by its day."""

    def plan_meetings(self) -> None:
        for key, first, weeks, online, cycle, last in RHYTHMS:
            days = list(range(first, last - 1, -7 * weeks))
            if days[-1] != last:
                days.append(last)
            for n, days_ago in enumerate(days):
                next_in = days[n + 1] if n + 1 < len(days) else days_ago - 7 * weeks
                self.agenda.append((days_ago, self._meeting_step(key, days_ago, next_in, online, cycle[n % len(cycle)], n)))
        self.agenda.append((300, self._show_rhythm))
        self.agenda.sort(key=lambda item: -item[0])

    def _show_rhythm(self) -> None:
        self._tick()
        meetings.set_shows_rhythm(self.people["Ruth Okafor"], self.groups["severn"], True)

    def _meeting_step(self, key: str, days_ago: int, next_in: int, online: bool, slug: str, n: int):
        def step() -> None:
            group = self.groups[key]
            people = [m.practitioner for m in facts.current_memberships(group.id)]
            absent = people[n % len(people)] if len(people) > 5 else None  # someone is often away
            came = [p for p in people if p is not absent]
            self._tick()
            visiting = self.groups["calder"] if key == "severn" and days_ago == RHYTHMS[0][5] else None
            meeting = meetings.save_meeting(
                came[0], group, self.day(days_ago), online, came, AGENDAS[n % len(AGENDAS)], NOTES[n % len(NOTES)],
                self.day(next_in), visiting)
            fmt = formats.shipped_format(slug)
            presenter = came[(n + 1) % len(came)] if fmt.presenter else None
            # Now and then a round runs out of time before its last phase.
            ran = [p.name for p in fmt.phases][: len(fmt.phases) - (1 if n % 4 == 3 else 0)]
            self._tick()
            meetings.record_round(came[0], meeting, fmt, presenter, ran)
        return step
