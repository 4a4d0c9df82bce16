"""The written content of the demo network: people, groups, places, notes and proposals (the
statements are in ipn.demo.statements).

Every name here is invented for this project; any likeness to a real practitioner or group is
chance. Email addresses are made from the names, at example.org only (see ipn.demo.email_for).
ipn.demo.story tells the story these people and groups live through."""

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
                    "statement's earlier version and its links, and a colleague's practice to attest"),
    ("Tomasz Nowak", "joining the Exe Valley Group, a forming group: not yet stood by everyone"),
    ("Priya Raman", "looking for a group in Newcastle, with an invitation from the Jesmond Friday Group "
                    "waiting, and the co-counselling pathway completed and shown on her public page"),
]
