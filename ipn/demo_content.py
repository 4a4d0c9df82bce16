"""The written content of the demo network: people, groups, statements, places.

Every name here is invented for this project; any likeness to a real practitioner or group is
chance. Email addresses are made from the names, at example.org only (see ipn.demo.email_for).
ipn.demo tells the story these people and groups live through."""

from __future__ import annotations

# One password for every demo account, stated in the README, so a newcomer can log in as anyone.
DEMO_PASSWORD = "demo-password-1"

# name -> (region, what their practice is, looking for a group)
PEOPLE: dict[str, tuple[str, str, bool]] = {
    # Severn Practitioners, Bristol
    "Ruth Okafor": ("Bristol", "Integrative psychotherapist working with adults in Easton. Particular interest "
                               "in grief, and in the lives of people who care for others.", False),
    "Martin Hale": ("Bristol", "Person-centred counsellor. Long-term work with men in midlife, in Bishopston "
                               "and by video.", False),
    "Siobhán Dwyer": ("Bristol", "Gestalt psychotherapist and supervisor; I also hold a monthly process group "
                                 "for trainee therapists.", False),
    "Hamid Qureshi": ("Bristol", "Counsellor working in English and Urdu, mostly with families and young adults "
                                 "finding their way between two cultures.", False),
    "Bethan Lloyd": ("Bristol", "Body psychotherapist: I work with breath, posture and movement as well as "
                                "with words.", False),
    "Clare Whitcombe": ("Bristol", "Couples and relationship counsellor, also trained in psychosexual "
                                   "therapy.", False),
    "Jonah Feld": ("Bristol", "Psychodynamic psychotherapist with a small practice in Clifton; open-ended "
                              "work, once or twice weekly.", False),
    "Rory Maguire": ("Bristol", "Retired from client work after thirty years as a counsellor; "
                                "still teaching listening skills to volunteers.", False),
    # Calder Valley Group, Leeds and the valley
    "Anna Brightwell": ("Leeds", "Humanistic counsellor in Hebden Bridge. Walk-and-talk sessions on the tops "
                                 "when the weather allows.", False),
    "Dev Mistry": ("Leeds", "Transactional analysis psychotherapist working with individuals and groups in "
                            "Leeds.", False),
    "Kathleen Moran": ("Leeds", "Bereavement counsellor; before that, twenty years a hospice nurse.", False),
    "Olu Adeyemi": ("Leeds", "Dramatherapist working with young people outside mainstream school, and with "
                             "adult groups.", False),
    "Frances Pickles": ("Leeds", "Psychosynthesis counsellor. Short- and long-term work, with a sliding "
                                 "scale of fees.", False),
    "Sam Ellery": ("Leeds", "Core process psychotherapist, bringing mindfulness into ordinary conversation. "
                            "They/them.", False),
    # Thursday Circle, Glasgow
    "Morag Cameron": ("Glasgow", "Person-centred counsellor on the Southside; I supervise counsellors in the "
                                 "voluntary sector.", False),
    "Iain Fraser": ("Glasgow", "Group analyst. I facilitate reflective practice groups for health and social "
                               "care staff.", False),
    "Aisha Rahman": ("Glasgow", "Integrative arts psychotherapist: paint, clay and words.", False),
    "Callum McLeod": ("Glasgow", "Counsellor in addiction and recovery, after many years in a city drug and "
                                 "alcohol service.", False),
    "Eilidh Grant": ("Glasgow", "Craniosacral therapist and somatic practitioner, working with pain and "
                                "long-held stress.", False),
    "Niamh Gallagher": ("Glasgow", "Existential psychotherapist seeing individuals in Partick and "
                                   "online.", False),
    "Keeley Shaw": ("Glasgow", "Sand tray and play therapist for children aged four to twelve.", False),
    # Lewes Road Group, Brighton
    "Theo Marchetti": ("Brighton", "Gestalt therapist; co-founder of a men's group that has met every "
                                   "fortnight since 2015.", False),
    "Hannah Brooks": ("Brighton", "Counsellor for young people and students, trained in play "
                                  "therapy.", False),
    "Yemi Oduya": ("Brighton", "Psychotherapist working with survivors of trauma, including people seeking "
                               "asylum, in Brighton and Hove.", False),
    "Rosalind Finch": ("Brighton", "Dance movement psychotherapist, in a studio near the Level.", False),
    "Pete Gowan": ("Brighton", "Ecotherapist: counselling outdoors on the Downs, and indoors when it "
                               "suits the work better.", False),
    "Lucy Tran": ("Brighton", "Cognitive analytic therapist offering time-limited work of sixteen to "
                              "twenty-four sessions.", False),
    # Wensum Group, Norwich
    "Graham Whitlock": ("Norwich", "Person-centred counsellor in Norwich for over twenty years; now mostly "
                                   "supervision.", False),
    "Judith Amos": ("Norwich", "Relational psychotherapist; I also teach on a counselling diploma.", False),
    "Kofi Mensah": ("Norwich", "Counsellor working with men and with fathers; evening sessions.", False),
    "Esther Lowe": ("Norwich", "Shiatsu practitioner and body-centred counsellor.", False),
    "Imogen Thorne": ("Norwich", "Psychodynamic counsellor working with eating difficulties and body "
                                 "image.", False),
    # Taff Group, Cardiff
    "Rhian Evans": ("Cardiff", "Counsellor working in Welsh and in English, with adults and "
                               "adolescents.", False),
    "Owain Price": ("Cardiff", "Integrative psychotherapist; some low-cost places for students and people "
                               "out of work.", False),
    "Nadia Haddad": ("Cardiff", "Trauma-informed counsellor with a background in community mental "
                                "health.", False),
    "Gwen Morgan": ("Cardiff", "Music therapist and counsellor for children and families.", False),
    "Tom Beddoe": ("Cardiff", "Psychotherapist and group facilitator: men's groups and couples work.", False),
    # Irwell Group, Manchester
    "Bernadette Quinn": ("Manchester", "Humanistic psychotherapist in Chorlton: long-term individual work "
                                       "and a weekly therapy group.", False),
    "Marcus Webb": ("Manchester", "Counsellor for LGBTQ+ clients, online and in the city centre.", False),
    "Farah Siddiqui": ("Manchester", "Psychotherapist working with anxiety, and with what racism leaves "
                                     "behind in a body and a life.", False),
    "Joe Kavanagh": ("Manchester", "Body psychotherapist trained in biodynamic massage.", False),
    "Helen Ashworth": ("Manchester", "Person-centred counsellor for older adults, including in their own "
                                     "homes.", False),
    # Weald Group, Brighton and the Sussex Weald
    "Caroline Ashby": ("Brighton", "Transpersonal counsellor near Haywards Heath.", False),
    "Daniel Osei": ("Brighton", "Couples therapist and family mediator.", False),
    "Margaret Lyle": ("Brighton", "Jungian analytical psychotherapist; dreams are often where we "
                                  "start.", False),
    "Ben Hollis": ("Brighton", "Counsellor with a youth work background, seeing adolescents and their "
                               "parents.", False),
    "Sunita Kaur": ("Brighton", "Mindfulness teacher and counsellor: eight-week courses and one-to-one "
                                "work.", False),
    # Stokes Croft Group, Bristol
    "Ayo Bankole": ("Bristol", "Art psychotherapist in Stokes Croft, with groups and individuals.", False),
    "Maeve Connolly": ("Bristol", "Counsellor working with survivors of domestic abuse.", False),
    "Jake Penrose": ("Bristol", "Hakomi practitioner: mindfulness-centred somatic psychotherapy.", False),
    "Rachel Stein": ("Bristol", "Psychotherapist and supervisor; I run a peer supervision group for "
                                "counsellors in private practice.", False),
    "Luis Ortega": ("Bristol", "Counsellor working in English and Spanish, often with people new to the "
                               "UK.", False),
    # Tyne Bridge Group, Newcastle (dissolved), and the Jesmond Friday Group after it
    "Alan Robson": ("Newcastle", "Person-centred counsellor in Heaton.", False),
    "Wendy Charlton": ("Newcastle", "Psychotherapist who came to the work from twenty years in social "
                                    "work.", False),
    "Brian Forster": ("Newcastle", "No longer in practice; I teach counselling skills at a further "
                                   "education college.", False),
    "Patience Nwosu": ("Newcastle", "Counsellor and community chaplain, working with people in "
                                    "crisis.", True),
    "Gillian Hetherington": ("Edinburgh", "Gestalt psychotherapist, newly moved to Edinburgh and setting up "
                                          "practice in Leith.", True),
    "Stephen Dodds": ("Newcastle", "Integrative counsellor in Gateshead; evenings and Saturdays.", False),
    # Exe Valley Group, Exeter
    "Jenny Harcourt": ("Exeter", "Person-centred counsellor in Exeter; clients in the countryside by "
                                 "telephone.", False),
    "Will Treloar": ("Exeter", "Psychotherapist working with farming families and with rural "
                               "isolation.", False),
    "Tomasz Nowak": ("Exeter", "Integrative counsellor working in Polish and English; I moved to Devon in "
                               "2019.", False),
    "Chloe Vosper": ("Exeter", "Dramatherapist and counsellor; creative work with adults.", False),
    # In no group
    "Priya Raman": ("Newcastle", "Counsellor, qualified last year after placements in a university "
                                 "counselling service. Looking for peers to grow with.", True),
    "Harriet Snell": ("Exeter", "Bereavement counsellor and former midwife.", True),
    "Fergus Doyle": ("Glasgow", "Psychodynamic counsellor, trained in Dublin, practising in Glasgow since "
                                "last spring.", True),
    "Mei Lin Chow": ("Manchester", "Psychotherapist trained in Hong Kong and London; I work in Cantonese "
                                   "and English.", True),
    "Abdul Karim": ("Leeds", "Counsellor with a refugee and asylum charity, starting a private "
                             "practice.", True),
    "Ingrid Solberg": ("Brighton", "Body-oriented psychotherapist and yoga teacher.", True),
    "Sophie Garland": ("Cardiff", "Art therapist in a hospice, exploring the network before joining a "
                                 "group.", False),
    "Declan Byrne": ("Norwich", "Counsellor and supervisor; a member of a professional body, curious about "
                                "peer accountability.", False),
}

# key -> (name, region)
GROUPS: dict[str, tuple[str, str]] = {
    "severn": ("Severn Practitioners", "Bristol"),
    "calder": ("Calder Valley Group", "Leeds"),
    "thursday": ("Thursday Circle", "Glasgow"),
    "lewes_road": ("Lewes Road Group", "Brighton"),
    "wensum": ("Wensum Group", "Norwich"),
    "taff": ("Taff Group", "Cardiff"),
    "irwell": ("Irwell Group", "Manchester"),
    "weald": ("Weald Group", "Brighton"),
    "stokes_croft": ("Stokes Croft Group", "Bristol"),
    "tyne": ("Tyne Bridge Group", "Newcastle"),
    "jesmond": ("Jesmond Friday Group", "Newcastle"),
    "exe": ("Exe Valley Group", "Exeter"),
}

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

# Private: only the Weald Group's members can read it.
WITHDRAWAL_REASON = ("After our last meeting I no longer feel able to stand by Ben while the question of "
                     "his supervision for the work with adolescents is unresolved. I want us to talk it "
                     "through together at the next meeting.")

# Private to the two groups.
CONCERNS_NOTE = ("We visited the Irwell Group's meeting on the twelfth. We came away uneasy about how the "
                 "group handles members who miss meetings: two had not been for three months and nobody "
                 "had followed it up. We would like to come back in the spring.")
VALIDATION_NOTE = "A warm and searching meeting; we were struck by how openly the group challenged each other."


# (months from the load day, place); the dates fall on Saturdays.
GATHERINGS: list[tuple[int, str]] = [
    (-32, "Friends Meeting House, Mount Street, Manchester"),
    (-24, "Quaker Meeting House, Redland, Bristol"),
    (-16, "Hebden Bridge Town Hall"),
    (-8, "Unitarian Meeting House, Norwich"),
    (-3, "Friends Meeting House, Ship Street, Brighton"),
    (2, "Glasgow Quaker Meeting House, Elmbank Crescent"),
    (6, "Cardiff Friends Meeting House, Charles Street"),
]

# The network governing itself (SPEC R16): (months of the Gathering, who presents, key, title,
# text, changes, immediate). The first is ratified at the next Gathering, the second blocked
# there and then, the third has consensus and awaits the Gathering to come.
PROPOSALS = {
    "quarter": ("Anna Brightwell", "A quorum of one quarter",
                "Gatherings move around the country, and groups far from the venue rarely manage to send "
                "someone. With a third of member groups needed, the spring Gathering in Hebden Bridge could "
                "not decide anything.\n\nWe propose that **members of a quarter** of the member and full member "
                "groups be enough for a Gathering to decide.", {"quorum_fraction": "1/4"}),
    "four": ("Theo Marchetti", "Groups of four",
             "Newer IPN texts speak of groups of *four to eight*. Small towns struggle to find five "
             "practitioners who can meet regularly.\n\nWe propose that **four members** be enough for a "
             "group to stand by its members.", {"min_members": 4}),
    "eighteen": ("Kathleen Moran", "Validations count for 18 months",
                 "Two years is a long time between visits: groups change, members come and go. We propose "
                 "that a validation count for **18 months** from the visit, so that link groups meet more "
                 "often.", {"validation_months": 18}),
}
BLOCK_REASON = ("Four people cannot absorb one member leaving: the group would lose its standing at once, "
                "and a group of three cannot challenge each other as the network asks.")
NETCOM = {
    -8: ("NetCom 44: Norwich", "## The Norwich Gathering\n\nTwenty-two of us met at the Unitarian Meeting "
                               "House. The Gathering **ratified** the proposal *A quorum of one quarter*, "
                               "which now decides when a Gathering can make decisions.\n\n"
                               "- Groups of four was blocked at Hebden Bridge and not brought back.\n"
                               "- The next Gathering is in Brighton."),
    -3: ("NetCom 45: Brighton", "## The Brighton Gathering\n\nThe Gathering reached consensus on "
                                "*Validations count for 18 months*; it takes effect only if the next "
                                "Gathering, in Glasgow, ratifies it. Come and say where you stand."),
}

# The people a newcomer can log in as, with what they will find.
PERSONAS: list[tuple[str, str]] = [
    ("Ruth Okafor", "a member of Severn Practitioners, a full member group: accredited, with its "
                    "statement's earlier version and its links"),
    ("Tomasz Nowak", "joining the Exe Valley Group, a forming group: not yet stood by everyone"),
    ("Priya Raman", "looking for a group in Newcastle, with an invitation from the Jesmond Friday Group "
                    "waiting"),
]
