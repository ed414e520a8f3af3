"""What an applicant does in the browser, shared by the journeys on a
laptop and on a phone and by the narrow-screen tests: filling in the
application form, following the private links in our e-mails, and
accepting an offer on the status page."""

import re

from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from fund.reviews.services.screening import application_screen
from tests.support.applying import PDF_BYTES
from tests.support.states import award, review_submit

#: A phone, as Playwright's device list describes an iPhone 12 to 14.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}

#: What the person accepting an offer types, by the label of each box. A
#: new required field on the acceptance form needs a line here (the
#: acceptance step says which one is missing); bank details are guessed.
ACCEPT_ANSWERS = {
    r"^Your full name": "Sam Example",
    r"^Your position in the organisation": "Chair of trustees",
    r"(?i)name on the account|account name": "Aire Valley Freedom Project",
    r"(?i)sort code": "40-47-84",
    r"(?i)account number": "70872490",
}


def page_width(page):
    """[how wide the page's content is, how wide the window shows it]. On a
    phone (is_mobile) Chromium widens window.innerWidth to fit wide content,
    as a phone zooms out, so the window is also measured by the root
    element's clientWidth, which stays the phone's width."""
    return page.evaluate(
        "[document.scrollingElement.scrollWidth,"
        " Math.min(window.innerWidth, document.documentElement.clientWidth)]"
    )


def fits(page):
    """Nothing on the page makes it scroll sideways."""
    content, window = page_width(page)
    return content <= window


def link(message, kind):
    """The private link of ``kind`` ("continue" or "view") in an e-mail."""
    match = re.search(rf"https?://\S+?(/apply/{kind}/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def fill_application(
    page,
    call,
    folder,
    *,
    organisation_type="Registered charity (England and Wales)",
    registration_number="1187654",
    contact_email="sam@example.org",
    start="1/4/2027",
    end="31/3/2028",
    district="Leeds",
    documents=("accounts.pdf",),
    answer_files=True,
):
    """Fill in the whole application form on ``call``'s page: the core
    questions, the call's own questions (a file question only when
    ``answer_files``), a target for each numeric measure, the budget (£2,500
    in two lines) and the supporting ``documents`` (names of PDFs made in
    ``folder``). It does not press a button."""
    page.get_by_label("Organisation name", exact=True).fill("Aire Valley Freedom Project")
    page.get_by_label(organisation_type, exact=True).check()
    if registration_number is not None:
        page.get_by_label(re.compile(r"^Registration number")).fill(registration_number)
    page.get_by_label("Address", exact=True).fill("1 Mill Lane\nShipley")
    page.get_by_label("Postcode", exact=True).fill("BD18 3AB")
    page.get_by_label("Contact name", exact=True).fill("Sam Example")
    page.get_by_label("Contact e-mail address", exact=True).fill(contact_email)
    page.get_by_label("Contact telephone number", exact=True).fill("0113 496 0000")
    page.get_by_label("Project title", exact=True).fill("Drop-in advice for survivors")
    page.get_by_label("Project summary", exact=True).fill(
        "A weekly drop-in for people leaving exploitation."
    )
    page.get_by_label("Amount requested (£)", exact=True).fill("2500")
    page.get_by_label("Planned start date", exact=True).fill(start)
    page.get_by_label("Planned end date", exact=True).fill(end)
    page.get_by_label(district, exact=True).check()
    for question in call.form_fields.all():
        if question.field_type == "file":
            if answer_files:
                answer_file(page, question, folder / "budget.pdf")
        elif question.field_type in ("singleline", "multiline"):
            page.get_by_label(question.label).fill("Survivors sit on our steering group.")
        elif question.field_type == "date":
            page.get_by_label(question.label).fill("1 May 2015")
    for measure in call.outcome_measures.all():
        if measure.is_number:
            page.locator(f"input[name=target_{measure.pk}]").fill("1,200")
    page.locator("input[name=budget_staff]").fill("2,000")
    page.locator("input[name=budget_venue]").fill("500")
    if documents:
        page.locator("input[name=documents]").set_input_files(
            [str(pdf_file(folder / name)) for name in documents]
        )


def pdf_file(path, *, variant=b""):
    """A small real PDF at ``path``; a ``variant`` makes its bytes differ."""
    path.write_bytes(PDF_BYTES.replace(b"Catalog", b"Catalog" + variant))
    return path


def answer_file(page, question, path):
    """Choose a PDF as the answer to a call's file question."""
    page.locator(f"input[name=q_{question.clean_name}]").set_input_files(
        str(pdf_file(path, variant=b" "))
    )


def reviewed_through_the_services(application, *, manager, reviewer):
    """The staff part of the journey up to a decision, through the same
    services as the admin's screens (the laptop journey walks those
    screens): eligible, then reviewed by one panel member."""
    application = application_screen(application=application, eligible=True, by=manager)
    assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
    assignment = conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    review_submit(application.page.specific, assignment, reviewer)
    application.refresh_from_db()
    return application


def offer_through_the_services(application, *, manager, reviewer, amount="2500.00"):
    """Reviewed, then awarded: the offer on the status page."""
    application = reviewed_through_the_services(application, manager=manager, reviewer=reviewer)
    return award(application, manager, amount=amount)


def accept_offer(page, press=None):
    """Fill in every box of the acceptance form from ACCEPT_ANSWERS, tick
    every condition and accept. ``press(button)`` presses the button (a
    click by default; a tap on a phone)."""
    form = page.locator("form", has=page.get_by_role("button", name="Accept the offer"))
    for box in form.get_by_role("checkbox").all():
        box.check()
    missing = []
    for box in form.locator(
        "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, select"
    ).all():
        label = box.evaluate("b => (b.labels[0] ? b.labels[0].innerText : b.name)").strip()
        answer = next((a for key, a in ACCEPT_ANSWERS.items() if re.search(key, label)), None)
        if answer is not None:
            box.fill(answer)
        elif "(optional)" not in label:
            missing.append(label)
    assert not missing, f"Add an answer for {missing} to ACCEPT_ANSWERS in {__file__}"
    button = form.get_by_role("button", name="Accept the offer")
    (press or (lambda b: b.click()))(button)
