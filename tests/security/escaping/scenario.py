"""What the escaping tests share: the hostile text, a check that a page shows
it as text and runs none of it, and a scenario that carries it through every
step an application takes, on the paths people use."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import unescape
from html.parser import HTMLParser

import openpyxl
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from fund.applications.models import Application
from fund.awards.models.awards import Award
from fund.core.funder import FunderSettings
from fund.opendata.pages import GrantsAwardedPage
from fund.reviews.services.screening import application_screen
from tests.factories import AwardFactory, ReviewAssignmentFactory, ReviewFactory
from tests.factories.calls import make_call
from tests.support.applying import apply, pdf
from tests.support.banking import BANK_DETAILS
from tests.support.links import open_status

#: Markup and script that a careless page would run.
HTML_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "javascript_url": "javascript:alert(1)",
    "template": "{{ 7|add:7 }}{% now 'Y' %}",
    "remote_image": '<img src="http://evil.example/x">',
}

#: Text that a spreadsheet would run as a formula.
FORMULA_PAYLOADS = {
    "hyperlink": '=HYPERLINK("http://evil.example","Click")',
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-1+1",
    "at": "@SUM(1)",
    "tab": "\t=1+1",
    "carriage_return": "\r=1+1",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: A contact e-mail address the form accepts (a quoted local part) that is
#: also markup.
HOSTILE_EMAIL = '"<img/src=x/onerror=alert(1)>"@example.org'
#: ...and one that is a formula.
FORMULA_EMAIL = "=cmd@example.org"

#: The core answers that take free text, each with the tag that marks it.
#: Postcode, telephone and registration number are checked and normalised
#: by the form, so no markup or formula gets through them.
TEXT_FIELDS = {
    "organisation_name": "org",
    "address": "address",
    "contact_name": "contact",
    "project_title": "title",
    "project_summary": "summary",
}

QUESTIONS = [
    ("How will survivors shape the project?", "multiline", True),
    ("Who else funds the project?", "singleline", True),
    ("Project budget", "file", False),
]


def marked(payload, tag):
    """The payload with a tag, so that a test can tell which field it sees."""
    return f"{payload} [{tag}]"


def file_name(payload, tag):
    """A document name carrying the payload. A browser sends the name without
    its folders, so it can hold no slash; the test client cannot send a quote."""
    return marked(payload, tag).replace("/", "").replace('"', "") + ".pdf"


# --- reading what a page, a spreadsheet or a PDF shows ---------------------------


EVIL = ("http://evil.example", "https://evil.example", "//evil.example")


class MarkupFinder(HTMLParser):
    """Collects any markup that the payloads would have added to a page."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.injected = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") and "alert(1)" in value:
                self.injected.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and value.lower().startswith("javascript:"):
                self.injected.append(f"<{tag} {name}={value!r}>")
            # A link to evil.example, not one that merely carries it in a query.
            if name in {"src", "href", "srcset"} and value.lower().startswith(EVIL):
                self.injected.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and name == "src" and value == "x":
                self.injected.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script and "alert(1)" in data:
            self.injected.append(f"<script>{data[:80]}")


def injected_markup(html):
    finder = MarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.injected


def assert_shown_as_text(html, *texts):
    """Each text is on the page, as text: nothing of it became markup."""
    assert injected_markup(html) == []
    readable = unescape(html)
    for text in texts:
        assert text in readable, text


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response, encoding="utf-8-sig"):
    return list(csv.reader(io.StringIO(body_of(response).decode(encoding), newline="")))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(body_of(response)))
    return [list(row) for row in workbook.active.iter_rows()]


def is_number(text):
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def assert_csv_formula_safe(rows):
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_TRIGGERS):
                assert is_number(cell), f"CSV cell runs as a formula: {cell!r}"


def assert_xlsx_formula_safe(rows):
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate
                assert not cell.value.startswith(FORMULA_TRIGGERS), (cell.coordinate, cell.value)


def pdf_text(content):

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


# --- the scenario ---------------------------------------------------------------------


@dataclass
class Scenario:
    """One payload carried through the whole journey.

    ``awarded``: sent through the public form, screened, reviewed by the
    panel member, awarded, its letter made and the offer accepted on the
    status page under the payload's name and position.
    ``withdrawn``: sent through the form, then withdrawn on the status page
    with the payload as the reason.
    """

    payload: str
    call: object
    awarded: Application
    withdrawn: Application
    award: Award
    assignment: object
    email: str
    applicant: Client
    values: dict = field(default_factory=dict)

    def value(self, tag):
        return self.values[tag]


def status_link(application):
    [message] = [
        m for m in mail.outbox if m.subject == f"Application received: {application.reference}"
    ]
    match = re.search(r"https?://\S+?(/apply/view/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def hostile_call(fund_page, **fields):
    return make_call(fund_page, questions=QUESTIONS, **fields)


def send_hostile_application(call, payload, email, capture, *, suffix=""):
    """Fill in and send the public form with the payload in every free-text
    answer, question and document name. Returns (browser, application, values)."""
    questions = {q.label: q for q in call.get_form_fields()}
    shape = questions["How will survivors shape the project?"].clean_name
    funders = questions["Who else funds the project?"].clean_name
    budget = questions["Project budget"].clean_name
    values = {tag: marked(payload, tag + suffix) for tag in TEXT_FIELDS.values()}
    values["shape"] = marked(payload, "shape" + suffix)
    values["funders"] = marked(payload, "funders" + suffix)
    values["document"] = file_name(payload, "document" + suffix)
    values["question_document"] = file_name(payload, "question-document" + suffix)
    browser = Client()
    with capture(execute=True):
        response = apply(
            browser,
            call,
            files={
                "documents": [pdf(values["document"])],
                f"q_{budget}": pdf(values["question_document"]),
            },
            organisation_type="unregistered",
            registration_number="",
            contact_email=email,
            **{name: values[tag] for name, tag in TEXT_FIELDS.items()},
            **{f"q_{shape}": values["shape"], f"q_{funders}": values["funders"]},
        )
    assert "Application sent" in response.content.decode(), response.content.decode()[:3000]
    application = Application.objects.exclude(status="draft").latest("pk")
    # What the form kept (it trims leading and trailing white space).
    stored = {tag: getattr(application, name) for name, tag in TEXT_FIELDS.items()}
    stored["shape"] = application.form_data[shape]
    stored["funders"] = application.form_data[funders]
    names = {d.question: d.original_name for d in application.documents.all()}
    stored["document"] = names[""]
    stored["question_document"] = names[budget]
    return browser, application, stored


def withdrawn_by_the_applicant(call, payload, email, capture, values):
    """A second hostile application, withdrawn through its status link with
    a hostile reason (kept in ``values``)."""
    _other, withdrawn, _values = send_hostile_application(
        call, payload, email, capture, suffix="-2"
    )
    leaving = open_status(status_link(withdrawn))
    left = leaving.post("/apply/status/withdraw/", {"withdraw-reason": marked(payload, "reason")})
    assert left.status_code == 302, left.content.decode()[:2000]
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"
    values["reason"] = withdrawn.withdrawn_reason
    return withdrawn


def build_scenario(*, call, payload, manager, panel_member, capture, email=HOSTILE_EMAIL):
    _browser, awarded, values = send_hostile_application(call, payload, email, capture)
    application_screen(application=awarded, eligible=True, by=manager)
    assignment = ReviewAssignmentFactory(application=awarded, reviewer=panel_member, by=manager)
    ReviewFactory(assignment=assignment)
    awarded.refresh_from_db()
    with capture(execute=True):
        award = AwardFactory(
            application=awarded,
            by=manager,
            amount=Decimal("2000.00"),
            conditions="<ul><li>Spend it on the project.</li></ul>",
        )
    Award.objects.filter(pk=award.pk).update(public_reason="It helps people leave exploitation.")

    applicant = open_status(status_link(awarded))
    accepted = applicant.post(
        "/apply/status/accept/",
        {
            "name": marked(payload, "accepted-name"),
            "position": marked(payload, "accepted-position"),
            "condition_1": "on",
            **BANK_DETAILS,
        },
    )
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    award.refresh_from_db()
    assert award.status == "accepted"
    values["accepted_name"] = award.accepted_name
    values["accepted_position"] = award.accepted_position

    withdrawn = withdrawn_by_the_applicant(call, payload, email, capture, values)

    awarded.refresh_from_db()
    return Scenario(
        payload=payload,
        call=call,
        awarded=awarded,
        withdrawn=withdrawn,
        award=award,
        assignment=assignment,
        email=email,
        applicant=applicant,
        values=values,
    )


def publish(home_page):
    """The grants awarded page and the funder's 360Giving identifiers."""
    FunderSettings.objects.filter(site__is_default_site=True).update(
        organisation_identifier="GB-GOR-PC000052",
        grant_identifier_prefix="360G-example-scf",
    )
    return home_page.add_child(
        instance=GrantsAwardedPage(title="Grants awarded", slug="grants-awarded")
    )
