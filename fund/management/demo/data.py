"""What the demo is made of. Every organisation and person here is
fictional."""

from fund.applications.models import OrganisationType
from fund.calls.outcomes import MeasureKind, MeasureUnit, ReportAnchor, ReportKind

CRITERIA = [
    (
        "Need and evidence",
        "How well the bid shows the need locally, with evidence.",
        30,
        [
            "Not addressed",
            "Poor: need asserted with no evidence",
            "Fair: some evidence, but not about West Yorkshire",
            "Good: clear local evidence of need",
            "Strong: local evidence from several sources, such as referrals and partners",
            "Excellent: strong local evidence, shaped by survivors' own accounts",
        ],
    ),
    (
        "Outcomes for victims",
        "What will change for victims and survivors, and how it is measured.",
        30,
        [
            "Not addressed",
            "Poor: activities listed, no outcomes",
            "Fair: outcomes named but not measured",
            "Good: clear outcomes with a plan to measure them",
            "Strong: realistic targets, measured and reported",
            "Excellent: ambitious, measurable outcomes agreed with survivors",
        ],
    ),
    (
        "Partnership and safeguarding",
        "Work with partners; safeguarding of victims, staff and volunteers.",
        20,
        [
            "Not addressed",
            "Poor: no safeguarding policy or partners named",
            "Fair: a policy, but partners not confirmed",
            "Good: a current policy and named partners",
            "Strong: partners confirmed in writing; trained staff",
            "Excellent: established referral routes and tested safeguarding",
        ],
    ),
    (
        "Value for money",
        "Whether the costs are reasonable for what will be delivered.",
        20,
        [
            "Not addressed",
            "Poor: costs unexplained or out of proportion",
            "Fair: costs explained, some look high",
            "Good: reasonable costs for what is delivered",
            "Strong: well-costed, with other funding or in-kind support",
            "Excellent: lean, fully justified costs and lasting benefit",
        ],
    ),
]

QUESTIONS = [
    ("How will people with lived experience shape your project?", "multiline", True, ""),
    ("Do you have a safeguarding policy approved in the last two years?", "radio", True, "Yes\nNo"),
    ("Which partners will you work with?", "multiline", False, ""),
    ("Project budget", "file", False, ""),
]

ORGANISATIONS = [
    ("Aire Valley Freedom Project", OrganisationType.CHARITY_EW, "1187654"),
    ("Calder Haven Women's Refuge", OrganisationType.CIO, "1201234"),
    ("Kirklees Open Doors", OrganisationType.CHARITY_EW, "1098765"),
    ("Leeds Lantern Trust", OrganisationType.COMPANY, "09876543"),
    ("Wakefield Welcome Network", OrganisationType.UNREGISTERED, ""),
    ("Pennine Pathways CIC", OrganisationType.CIC, "11223344"),
    ("Bradford Bridges to Safety", OrganisationType.CHARITY_EW, "1176543"),
    ("Holme Valley Community Kitchen", OrganisationType.UNREGISTERED, ""),
    ("Northern Light Advocacy", OrganisationType.CIO, "1199887"),
    ("Castleford Voices", OrganisationType.CHARITY_EW, "1154321"),
    ("Spen Valley Sanctuary", OrganisationType.CHARITY_EW, "1165432"),
    ("Dewsbury Drop-In Partnership", OrganisationType.COMPANY, "08765432"),
    ("Shipley Survivors Forum", OrganisationType.UNREGISTERED, ""),
    ("Ossett Outreach Collective", OrganisationType.CIC, "12345678"),
    ("Todmorden Tea and Talk", OrganisationType.CHARITY_EW, "1143210"),
]

PROJECTS = [
    "Drop-in advice for people leaving exploitation",
    "Training taxi drivers to spot and report trafficking",
    "Safe housing support for survivors",
    "Peer mentoring by survivors for survivors",
    "Translated guidance on workers' rights",
]

DEMO_USERS = [
    # username, first name, last name, group (None = administrator)
    ("admin", "Ada", "Admin", None),
    ("manager", "Morgan", "Manager", "Fund managers"),
    ("finance", "Farah", "Finance", "Finance"),
    ("panel1", "Priya", "Panel", "Grant panel"),
    ("panel2", "Paul", "Panel", "Grant panel"),
    ("panel3", "Pat", "Panel", "Grant panel"),
]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

#: The demo calls' outcome measures: (name, kind, unit, required, what counts).
MEASURES = [
    (
        "Victims and survivors supported",
        MeasureKind.NUMBER,
        MeasureUnit.PEOPLE,
        True,
        "People who have been exploited and were given one-to-one support, advice or "
        "advocacy by the project. Count each person once.",
    ),
    (
        "Referrals into the National Referral Mechanism",
        MeasureKind.NUMBER,
        MeasureUnit.REFERRALS,
        True,
        "Potential victims the project referred into the National Referral Mechanism "
        "(with an adult's consent).",
    ),
    (
        "Professionals and volunteers trained",
        MeasureKind.NUMBER,
        MeasureUnit.PEOPLE,
        False,
        "People who finished the project's training in spotting the signs of modern "
        "slavery and responding safely.",
    ),
    (
        "Awareness sessions delivered",
        MeasureKind.NUMBER,
        MeasureUnit.SESSIONS,
        False,
        "Sessions held for communities, employers or frontline staff.",
    ),
    (
        "Case study",
        MeasureKind.TEXT,
        "",
        False,
        "The story of one person or family the project helped, in a few paragraphs. Do not "
        "give names or any detail that could identify a victim.",
    ),
]

#: The demo calls' reports: a progress report halfway, the final report
#: three months after the end.
SCHEDULE = [
    (ReportKind.PROGRESS, ReportAnchor.MIDDLE, 0),
    (ReportKind.FINAL, ReportAnchor.END, 3),
]

#: Each demo bid's budget, as shares of its amount; "other" takes the rest.
BUDGET_SHARES = {"staff": 60, "venue": 15, "volunteers": 10, "equipment": 5}
