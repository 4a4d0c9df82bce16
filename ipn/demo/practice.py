"""The demo's practice records (SPEC R19): two practitioners recognised as holding other
networks' accreditations before these records, one trainee who completes the co-counselling
pathway and shows it, one part-way along it, a Balint leader candidate part-way, and a record
waiting for Ruth Okafor's attestation. Each step is a service call on its day of the story."""

from __future__ import annotations

from ipn.demo.actions import Actions
from ipn.services import practice


class PracticeChapters(Actions):
    def plan_practice(self) -> None:
        """The practice steps, on the story's agenda (run as the story passes their days)."""
        steps = [
            # Niamh taught co-counselling for years and Hamid leads Balint groups: Ruth, a member
            # of a full member group, recognises what they held before the registry.
            (240, lambda: self.prior("Niamh Gallagher", "cci-member", "Ruth Okafor")),
            (239, lambda: self.prior("Hamid Qureshi", "balint-leader", "Ruth Okafor")),
            (198, lambda: self.practise("Priya Raman", "cocounselling_training", "Niamh Gallagher",
                                        began=230, ended=199, hours=24, answered=195)),
            (170, lambda: self.practise("Priya Raman", "cocounselling_training", "Niamh Gallagher",
                                        began=190, ended=171, hours=16, answered=166)),
            (160, lambda: practice.set_shown(self.people["Priya Raman"], "cci-member", True)),
            (150, lambda: self.practise("Clare Whitcombe", "balint_participation", "Hamid Qureshi",
                                        began=700, ended=151, hours=96, answered=148)),
            (90, lambda: self.practise("Clare Whitcombe", "leadership_seminar", "Hamid Qureshi",
                                       began=400, ended=91, hours=64, sessions=4, answered=88)),
            (60, lambda: self.practise("Clare Whitcombe", "own_therapy", "Dev Mistry",
                                       began=1500, ended=400, sessions=60, answered=58)),
            (45, lambda: self.practise("Fergus Doyle", "cocounselling_training", "Niamh Gallagher",
                                       began=80, ended=46, hours=20, answered=42)),
            (12, lambda: self.practise("Fergus Doyle", "cocounselling_training", "Niamh Gallagher",
                                       began=40, ended=13, hours=12)),
            (8, lambda: self.practise("Jonah Feld", "supervised_leading", "Ruth Okafor",
                                      began=300, ended=9, hours=18)),
        ]
        self.agenda.extend(steps)
        self.agenda.sort(key=lambda item: -item[0])

    def prior(self, name: str, pathway: str, attester: str) -> None:
        person, by = self.people[name], self.people[attester]
        row = practice.record(person, "prior_accreditation", self.day(4000), self.day(4000), by, pathway=pathway)
        self._tick()
        practice.attest(by, row, True)

    def practise(self, name: str, kind: str, attester: str, began: int, ended: int, hours: int | None = None,
                 sessions: int | None = None, answered: int | None = None) -> None:
        """A record, and (when `answered` says the day) its attestation on that later day."""
        row = practice.record(self.people[name], kind, self.day(began), self.day(ended), self.people[attester],
                              hours=hours, sessions=sessions)
        if answered is not None:
            self.agenda.append((answered, lambda: practice.attest(self.people[attester], row, True)))
            self.agenda.sort(key=lambda item: -item[0])
