"""The demo groups' ethical statements, each version as its group wrote it (invented for this
project, like every name in the demo)."""

from __future__ import annotations

STATEMENTS: dict[str, str] = {
    "severn_v1": """\
# Our ethical stance

We are seven practitioners in Bristol who meet every three weeks to look at our work and at
each other. We stand by one another as practitioners; we do not vouch for any one method.

## Confidentiality

What you tell us stays between you and your practitioner. We break confidentiality only when
we believe someone is at serious risk of harm, or when the law requires it, and we will tell
you first whenever we can.

## Supervision

Each of us has regular supervision, individually or in a group, and brings our work to the
group as well.

## If you have a concern

Speak to your practitioner first if you can. If that does not feel possible, or does not
resolve it, any member of the group will hear it, and the group as a whole will respond.
""",
    "severn_v2": """\
# Our ethical stance

We are practitioners in Bristol who meet every three weeks to look at our work and at each
other. We stand by one another as practitioners; we do not vouch for any one method, and we
each remain responsible for our own practice.

## What you can expect

- A clear agreement at the start: fees, times, cancellations and how we end.
- That we work within what we are trained and experienced to do, and say so when we are not
  the right person.
- Online sessions held as carefully as those in the room: a private space at both ends, and
  no recording.

## Confidentiality and records

What you tell us stays between you and your practitioner. We break confidentiality only when
we believe someone is at serious risk, or when the law requires it, and we tell you first
whenever we can. We keep brief notes, stored securely, and destroy them seven years after our
work ends. You may ask to see what we hold about you.

## Supervision

Each of us has regular supervision and brings our work to the group. When we discuss our
work with colleagues, we do so without anything that would identify you.

## If you have a concern

Speak to your practitioner first if you can. If that does not feel possible, or does not
resolve it, contact any member of the group or use the registry's concern form. The group
will respond within a month, and our link groups can be asked to look at how we responded.
""",
    "calder_v1": """\
We're six practitioners from the Calder Valley and Leeds. We meet monthly, in each other's
homes and sometimes on the hills, and we take each other's practice seriously.

**What we hold to:**

1. Your story is yours. We keep it confidential, within the limits of the law and of
   keeping people safe, and we explain those limits in the first session.
2. We each have supervision outside the group, and we bring our doubts to the group too.
3. We don't have sexual or business relationships with clients, during or after our work
   together.
4. We charge fairly and tell you our fees up front. Most of us keep some low-cost places.

**If something goes wrong:** tell us. Start with your practitioner, or write to any of us.
We will meet as a group to hear it, and we will tell you what we have done about it.
""",
    "calder_v2": """\
We're practitioners from the Calder Valley and Leeds. We meet monthly, in each other's homes
and sometimes on the hills, and we take each other's practice seriously.

**What we hold to:**

1. Your story is yours. We keep it confidential, within the limits of the law and of
   keeping people safe, and we explain those limits in the first session.
2. When we work outdoors, we agree beforehand what we do if we meet someone we know, and
   where we will and won't walk.
3. We each have supervision outside the group, and we bring our doubts to the group too.
4. We don't have sexual or business relationships with clients, during or after our work
   together.
5. We charge fairly and tell you our fees up front. Most of us keep some low-cost places.

**If something goes wrong:** tell us. Start with your practitioner, or write to any of us.
We will meet as a group to hear it, and we will tell you what we have done about it.
""",
    "thursday": """\
# Thursday Circle

We meet on Thursday evenings in Glasgow and have done since before we had a name. Among us
are counsellors, psychotherapists, an arts therapist and a body worker.

## Our commitments to clients

- **Confidentiality.** We do not discuss you with anyone in a way that could identify you.
  The exceptions are serious risk to you or to others, and legal obligation; we will talk
  with you first unless that would itself put someone at risk.
- **Supervision.** Every one of us has regular supervision, and the Circle is a second place
  where our work is looked at honestly.
- **Boundaries.** Touch is used only by those of us trained in it, only with your consent
  each time, and you may stop it whenever you wish.
- **Endings.** You may end at any time. We will offer a closing session and will not hold
  it against you if you do not take it.

## Concerns and complaints

If you are unhappy with any of us, you can raise it with the practitioner, with any member of
the Circle, or through the registry. We will listen together, reply in writing, and ask a
link group to look at our response if you are not satisfied.
""",
    "lewes_road": """\
## Lewes Road Group: what we stand for

Six of us, meeting fortnightly near the Lewes Road in Brighton.

- **You come first.** The work is for you; we do not use it to meet our own needs.
- **Confidential.** Limits (risk of serious harm, the law) explained at the start.
- **Supervised.** All of us, regularly, outside the group as well as in it.
- **Honest about what we offer.** Our trainings and approaches are on our pages; ask us.
- **Outdoors work** is agreed with you in advance, including what happens if it rains, and
  if we meet someone.
- **Concerns:** talk to your practitioner, any one of us, or use the registry's form. We will
  meet about it within three weeks and tell you what we have done.
""",
    "wensum": """\
# The Wensum Group's ethical statement

The Wensum Group is five practitioners in and around Norwich. Some of us have worked
together for many years; all of us have chosen to be accountable to one another rather than
to a professional body alone.

We keep what clients tell us confidential, within the limits of the law and of serious risk,
and we explain those limits before work begins. Each of us is in regular supervision. We do
not enter into any other relationship with a client, during or after therapy.

When we get things wrong, we want to know. A client, or anyone else, may raise a concern with
the practitioner, with any of us, or through the registry. The whole group considers it, the
practitioner concerned takes part but does not decide, and we write to the person who raised
it with what we have done.
""",
    "taff": """\
# Taff Group

Rydym yn gweithio yn Gymraeg ac yn Saesneg. We work in Welsh and in English.

We are five practitioners in Cardiff. We meet twice a month to bring our work, our
uncertainties and our lives as practitioners to each other.

- **Confidentiality**: held carefully, with its limits (risk of serious harm; the law) named
  at the start.
- **Supervision**: regular, outside the group, for every one of us.
- **Children and young people**: we work within safeguarding procedures and tell parents and
  carers at the outset what we can and cannot share with them.
- **Fees**: stated plainly; some of us keep low-cost places.

If you have a concern about any of us, please tell the practitioner, another member, or use
the registry's concern form. We will respond as a group, in writing, and in the language you
wrote to us in.
""",
    "irwell": """\
# Irwell Group

We are five practitioners in Manchester. We hold each other to account for the quality and
the ethics of our work.

**Confidentiality.** We explain its limits in the first session and keep to them.

**Difference.** We know that therapy can reproduce the harms of the world outside the room. We
bring questions of race, class, sexuality, gender and disability to our group meetings and to
supervision, and we expect to be challenged by clients and by each other.

**Supervision.** Regular, for all of us.

**Concerns.** Tell your practitioner, any member, or raise it through the registry. We will
respond within four weeks.
""",
    "weald": """\
# Weald Group

We are five practitioners in Brighton and the villages of the Weald, meeting monthly.

Our work rests on trust, and trust rests on a few plain things: that what you say is kept
confidential (except where someone's safety or the law requires otherwise, which we explain
at the start); that each of us is supervised; that we do not step outside the therapeutic
relationship; and that we listen when you tell us something is wrong.

A concern can be brought to the practitioner, to any of us, or through the registry. We will
meet to consider it and reply to you in writing.
""",
    "stokes_croft": """\
# Stokes Croft Group

Five of us, working in and around Stokes Croft and St Pauls.

- We keep your confidence. We tell you at the start when we would have to break it (serious
  risk, the law) and, wherever we can, we talk with you before we do.
- We have regular supervision and bring our work to the group.
- We try to make therapy reachable: sliding-scale fees, rooms with step-free access, and
  sessions in English and Spanish.
- We do not have any relationship with clients outside the work.

**Concerns:** you can speak to your practitioner, to any of us, or use the registry. We will
answer within a month.
""",
    "tyne": """\
# Tyne Bridge Group

We are practitioners in Newcastle and Gateshead who meet monthly.

We keep what clients tell us confidential, within the limits of the law and of serious risk,
which we explain at the start. Each of us has regular supervision. We do not have personal,
sexual or business relationships with clients.

Concerns about any of us may be raised with the practitioner, with any member of the group,
or through the registry. We will consider them together and reply in writing.
""",
}
