"""What the property-based form tests share (tests/security/property_forms/):
Hypothesis strategies for hostile and boundary input, a snapshot of what the
fund holds, the invariants that must always hold, and one harness that posts
an example inside a savepoint and rolls it back, so examples never see each
other."""

import datetime as dt
import operator
import traceback

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import event
from hypothesis import strategies as st
from wagtail.models import ModelLogEntry, PageLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.awards.models.awards import (
    LIVE_AWARD_STATUSES,
    Award,
    AwardLetter,
    BudgetEntry,
    FundReturn,
    Instalment,
    Payment,
)
from fund.awards.models.bank import BankDetails
from fund.calls.models import FundPage
from fund.core.outbox import QueuedEmail
from fund.reviews.models import CriterionScore, Review, ReviewAssignment

# --- strategies -------------------------------------------------------------------

#: A field left out of the post altogether.
MISSING = "<missing>"
#: The field as the valid post has it.
KEEP = "<keep>"

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "line one\nline two",
    "Sam\r\nBcc: victim@example.org",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "@SUM(A1)",
    "\u202egnp.exe",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u2066isolated\u2069",
    "'; DROP TABLE fund_application; --",
    "%s %d %(name)s {0}",
    "../../etc/passwd",
    "\U0001d573\U0001d58a\U0001d591 \U0001f389",
    "\x1b[31mred\x7f",
    "\u0085\u2028\u2029",
    "\ufffd\uffff",
]

#: Around each column and form limit (8, 10, 12, 20, 30, 200, 255, 2000 ...).
LENGTHS = [8, 9, 11, 12, 13, 19, 21, 31, 51, 199, 201, 254, 256, 2001, 10_001]
long_text = st.builds(
    operator.mul,
    st.sampled_from(["x", "é", "\U0001f389", "\u200b", "a ", "\n"]),
    st.sampled_from(LENGTHS),
)
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), long_text)

NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "0.001",
    "0.005",
    "1e30",
    "1E3",
    "-1e-30",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "£7,500",
    "7,500.00",
    "3,000.999",
    "1_000",
    "\u0663\u0660\u0660",
    "\uff11\uff12\uff13",
    "0x10",
    " 12 ",
    "+5",
    "5.",
    "..5",
    "9" * 40,
    "99999999999.99",
    "9999999999.995",
    "1000000000000",
    "100",
    "500",
    "999.99",
    "2500",
    "5000.00",
    "5000.01",
]
numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    hostile_text,
)

emails = st.one_of(
    st.emails().map(str),
    st.sampled_from(
        [
            "a@b",
            "x@example.org\r\nBcc: y@example.org",
            "a" * 250 + "@example.org",
            "\u202e@example.org",
            "Sam@Example.Org",
        ]
    ),
    hostile_text,
)

TODAY = dt.date.today()
DATES = [
    "31/2/2027",
    "29/2/2028",
    "29/2/2027",
    "0/0/0",
    "1/1/1",
    "01/01/0001",
    "31/12/9999",
    "1/1/10000",
    "2027-13-01",
    "2027-02-30",
    "9999-12-31",
    "0001-01-01",
    "99999999",
    "-1/1/2027",
    "1/1/-2027",
    "1.1.2027",
    "today",
    "32/1/2027",
    "1/13/2027",
    "1/1/1900",
]
dates = st.one_of(
    st.sampled_from(DATES),
    st.dates().map(dt.date.isoformat),
    st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.integers(-800, 1200).map(lambda n: (TODAY + dt.timedelta(days=n)).strftime("%d/%m/%Y")),
    hostile_text,
)


def choice(valid):
    """One of the choices, or anything else."""
    return st.one_of(st.sampled_from(list(valid)), st.sampled_from(list(valid)), hostile_text)


def overrides(**fields):
    """Changes to a valid post: per field, keep it (often), leave it out,
    send a generated value, or send the field two or three times."""

    def one(strategy):
        return st.one_of(
            st.just(KEEP),
            st.just(MISSING),
            strategy,
            strategy,
            st.lists(strategy, min_size=2, max_size=3),
        )

    return st.fixed_dictionaries({name: one(strategy) for name, strategy in fields.items()})


def apply_overrides(valid, changes):
    data = dict(valid)
    for name, value in changes.items():
        if value == KEEP:
            continue
        if value == MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# --- what the fund holds ------------------------------------------------------------


def audit_count():
    """Audit entries of changes: a record that finance was shown bank
    details (written each time a form shows the payee) changes nothing."""
    changes = ModelLogEntry.objects.exclude(action="fund.bank.view")
    return changes.count() + PageLogEntry.objects.count()


def snapshot():
    """Every row a refused or failed post must leave as it was."""
    return {
        "applications": sorted(
            Application.objects.values_list("pk", "status", "reference", "screened_at")
        ),
        "documents": sorted(ApplicationDocument.objects.values_list("pk", "file")),
        "assignments": sorted(ReviewAssignment.objects.values_list("pk", "reviewer", "conflict")),
        "reviews": sorted(Review.objects.values_list("pk", "status", "comment", "submitted_at")),
        "scores": sorted(CriterionScore.objects.values_list("pk", "score", "not_applicable")),
        "awards": sorted(Award.objects.values_list("pk", "status", "amount", "accepted_name")),
        "payments": Payment.objects.count(),
        "bank details": sorted(BankDetails.objects.values_list("pk", "status", "approved_at")),
        "returns": FundReturn.objects.count(),
        "instalments": Instalment.objects.count(),
        "ledger": sorted(BudgetEntry.objects.values_list("pk", "amount")),
        "committed": sorted(FundPage.objects.values_list("pk", "committed")),
        "letters": sorted(AwardLetter.objects.values_list("pk", "status")),
        "e-mails": QueuedEmail.objects.count(),
        "second factors": StaticDevice.objects.count() + TOTPDevice.objects.count(),
        "audit entries": audit_count(),
    }


def assert_consistent():
    """What must hold after any request, refused or not."""
    for fund in FundPage.objects.all():
        ledger = BudgetEntry.objects.filter(fund=fund).aggregate(total=Sum("amount"))["total"]
        assert fund.committed == (ledger or 0), (fund.committed, ledger)
        assert 0 <= fund.committed <= fund.total_budget
    for award in Award.objects.select_related("application"):
        paid = Payment.objects.filter(award=award).aggregate(t=Sum("amount"))["t"] or 0
        returned = FundReturn.objects.filter(award=award).aggregate(t=Sum("amount"))["t"] or 0
        assert 0 <= returned <= paid <= award.amount, (award.pk, award.amount, paid, returned)
        if award.status in LIVE_AWARD_STATUSES:
            assert award.application.status == "awarded", (award.status, award.application.status)
    for review in Review.objects.filter(status="submitted"):
        assert review.submitted_at is not None
    for application in Application.objects.exclude(status="draft"):
        assert application.reference, application.pk


# --- the harness ----------------------------------------------------------------------


def describe(url, data, who):
    shown = {k: (v if len(repr(v)) < 200 else f"{repr(v)[:200]}...") for k, v in data.items()}
    return f"{url} as {who} with {shown}"


def post(client, url, data, who, method="post"):
    """The response (a download read to its end), or a failure naming the
    input and the exception."""
    try:
        response = getattr(client, method)(url, data)
        if response.streaming:
            b"".join(response.streaming_content)
    except Exception as error:  # noqa: BLE001 - any exception here is the 500 we look for
        summary = "".join(traceback.format_exception(error, limit=-4))
        raise AssertionError(f"500 on {describe(url, data, who)}\n{summary}") from error
    assert response.status_code < 500, f"{response.status_code} on {describe(url, data, who)}"
    event(f"{response.status_code}")
    return response


def run_example(*, url, data, who, login=None, bind=None, succeeded, check=None, method="post"):
    """Post ``data`` to ``url`` in a fresh browser, inside a savepoint that is
    rolled back afterwards. ``login(client)`` signs in, ``bind(client)`` binds
    an applicant's session; ``succeeded(response)`` says whether the post was
    accepted. A refused post must change nothing; an accepted one must have
    written its audit entry and ``check(before, after, response)``."""
    with transaction.atomic():
        cache.clear()
        client = Client()
        if login:
            login(client)
        if bind:
            bind(client)
        before = snapshot()
        response = post(client, url, data, who, method)
        after = snapshot()
        if succeeded(response):
            event("accepted")
            if check is not None:
                check(before, after, response)
        else:
            assert after == before, f"half-saved: {describe(url, data, who)}"
        assert_consistent()
        transaction.set_rollback(True)
    return response
