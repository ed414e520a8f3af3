"""Subject access: everything the fund holds about one e-mail address, as a
ZIP of JSON and the files themselves (UK GDPR, article 15).

The ZIP holds:

- ``README.txt``: what is in it;
- ``applications.json``: every application (drafts included) whose contact
  e-mail is the address, in any case, with its answers, its documents'
  details, its award and payments, and its history (the audit trail);
- ``emails.json``: every e-mail queued or sent to the address;
- ``documents/<reference or draft-id>/<file name>``: the documents sent;
- ``letters/<reference>/<file name>``: the award letters made.

Made only for administrators (see fund/privacy/admin/); each export is
recorded with who made it and how much it held, but not the address.
"""

import json
import logging
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.applications.questions import CORE_QUESTIONS, question_definitions
from fund.awards.models.awards import AwardLetter
from fund.core.outbox import QueuedEmail

logger = logging.getLogger("fund.privacy.subject_access")

#: Kept in memory up to this size, then in a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024

README = """\
Everything held about {email} by the grants system, as at {when}.

applications.json  Each application made with this contact e-mail address
                   (drafts included): the answers, the targets and budget
                   proposed, the documents' details, any award and its
                   payments and reports, and the application's history.
emails.json        The e-mails sent, or waiting to be sent, to this address.
documents/         The documents sent with each application, by reference
                   (or draft-<number> for a draft never sent).
letters/           Any award letters.
reports/           The evidence sent with each grant report.
"""

#: Besides the core answers (CORE_QUESTIONS), what is kept with an application.
APPLICATION_FIELDS = [
    "submitted_at",
    "draft_saved_at",
    "withdrawn_at",
    "withdrawn_reason",
    "screened_at",
    "screening_note",
    "declined_at",
    "decline_feedback",
    "acknowledged_at",
]


@dataclass
class SubjectAccessExport:
    """A ZIP ready to send (``file`` is open, at its start) and what it holds."""

    file: IO[bytes]
    applications: int
    emails: int
    documents: int


def email_fingerprint(email: str) -> str:
    """A keyed hash of an address, recorded instead of the address: it can
    confirm later that an export was made for a given address, but cannot be
    turned back into one without the site's secret key."""
    return salted_hmac("fund.privacy.subject_access", email.strip().lower()).hexdigest()[:16]


def _held(email: str) -> tuple[list[Application], list[QueuedEmail]]:
    """The applications made with ``email`` (any case) with all they hold,
    and the e-mails queued or sent to it."""
    applications = list(
        Application.objects.filter(contact_email__iexact=email)
        .select_related("page", "award")
        .prefetch_related(
            "documents",
            "targets",
            "budget_lines",
            "award__instalments",
            "award__payments",
            "award__returns",
            "award__reports__figures__target",
            "award__reports__spends__budget_line",
            "award__reports__evidence",
            Prefetch("award__letters", queryset=AwardLetter.objects.order_by("version")),
        )
        .order_by("submit_time", "pk")
    )
    emails = list(
        QueuedEmail.objects.filter(to__iexact=email)
        .select_related("application")
        .order_by("created_at", "pk")
    )
    return applications, emails


def _write(spool, *, email: str, applications, emails) -> int:
    """Write the ZIP into ``spool``; how many documents it holds."""
    history = _history(applications)
    documents = 0
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt", README.format(email=email, when=timezone.localtime().isoformat())
        )
        exported = []
        for application in applications:
            data = _application(application, history.get(str(application.pk), []))
            data["documents"] = _files(
                archive, application.documents.all(), folder=f"documents/{_key(application)}"
            )
            documents += len(data["documents"])
            award = getattr(application, "award", None)
            if award is not None:
                data["award"]["letters"] = _letters(archive, award, application)
                data["award"]["reports"] = _reports(archive, award, application)
            exported.append(data)
        archive.writestr("applications.json", _json(exported))
        archive.writestr("emails.json", _json([_email(e) for e in emails]))
    return documents


def subject_access_export(*, email: str, by) -> SubjectAccessExport | None:
    """Everything held about ``email``, or None if nothing is held."""
    email = email.strip()
    applications, emails = _held(email)
    fingerprint = email_fingerprint(email)
    if not applications and not emails:
        logger.info(
            "Subject access search by user id %s (address %s): nothing held.", by.pk, fingerprint
        )
        return None
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # returned open
    documents = _write(spool, email=email, applications=applications, emails=emails)
    spool.seek(0)
    counts = {"applications": len(applications), "emails": len(emails), "documents": documents}
    log(
        instance=by,
        action="fund.privacy.subject_access.export",
        user=by,
        data={**counts, "address": fingerprint},
    )
    logger.info(
        "Subject access export by user id %s (address %s): %d applications, %d e-mails, "
        "%d documents.",
        by.pk,
        fingerprint,
        len(applications),
        len(emails),
        documents,
    )
    return SubjectAccessExport(file=spool, **counts)


# --- the parts -------------------------------------------------------------------


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def _key(application: Application) -> str:
    return application.reference or f"draft-{application.pk}"


def _application(application: Application, history: list) -> dict:
    data = {
        "reference": application.reference,
        "draft": f"draft-{application.pk}" if not application.reference else None,
        "call": application.page.title,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        # Choices as their labels (CoreQuestion.readable).
        **{q.name: q.readable(getattr(application, q.name)) for q in CORE_QUESTIONS},
        **{name: getattr(application, name) for name in APPLICATION_FIELDS},
        "started_at": application.submit_time,
        "screening_reason": str(application.get_screening_reason_display()),
        "decline_reason": str(application.get_decline_reason_display()),
        "anonymised_at": application.anonymised_at,
        "answers": _answers(application),
        "targets_proposed": [
            {"measure": t.name, "unit": t.unit, "target": t.target}
            for t in application.targets.all()
        ],
        "budget_proposed": [
            {"line": str(line.get_category_display()), "amount": line.amount}
            for line in application.budget_lines.all()
        ],
    }
    if application.draft_data:
        data["answers_as_typed"] = application.draft_data
    award = getattr(application, "award", None)
    data["award"] = _award(award) if award is not None else None
    data["history"] = history
    return data


def _answers(application: Application) -> list[dict]:
    """Each answer with its question's label. A draft has no frozen copy of
    the questions yet, so the call's current ones name its answers; an answer
    to a question no longer asked is still given, under its field name."""
    questions = application.questions
    if not questions:
        questions = question_definitions(application.page.specific)
    form_data = application.form_data or {}
    answers = [
        {"question": question["label"], "answer": form_data.get(question["clean_name"])}
        for question in questions
        if question["clean_name"] in form_data
    ]
    asked = {question["clean_name"] for question in questions}
    answers += [
        {"question": name, "answer": value}
        for name, value in form_data.items()
        if name not in asked
    ]
    return answers


def _award(award) -> dict:
    return {
        "amount": award.amount,
        "status": str(award.get_status_display()),
        "decided_at": award.decided_at,
        "accept_by": award.accept_by,
        "period_start": award.period_start,
        "period_end": award.period_end,
        "conditions": award.conditions,
        "public_reason": award.public_reason,
        "accepted_at": award.accepted_at,
        "accepted_name": award.accepted_name,
        "accepted_position": award.accepted_position,
        "ended_at": award.ended_at,
        "ended_reason": award.ended_reason,
        "instalments": [{"due_on": i.due_on, "amount": i.amount} for i in award.instalments.all()],
        "payments": [
            {"paid_on": p.paid_on, "amount": p.amount, "bacs_reference": p.bacs_reference}
            for p in award.payments.all()
        ],
        "returns": [
            {
                "received_on": r.received_on,
                "amount": r.amount,
                "reason": str(r.get_reason_display()),
                "note": r.note,
            }
            for r in award.returns.all()
        ],
    }


def _email(email: QueuedEmail) -> dict:
    application = email.application
    return {
        "application": _key(application) if application else None,
        "to": email.to,
        "subject": email.subject,
        "body": email.body,
        "queued_at": email.created_at,
        "sent_at": email.sent_at,
    }


def _history(applications: list[Application]) -> dict[str, list[dict]]:
    """The audit entries of the applications, by application id."""
    if not applications:
        return {}
    entries = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application, for_concrete_model=False),
            object_id__in=[str(a.pk) for a in applications],
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    history = {}
    for entry in entries:
        history.setdefault(entry.object_id, []).append(
            {
                "action": entry.action,
                "description": str(entry.message),
                "timestamp": entry.timestamp,
                "user": str(entry.user_display_name),
            }
        )
    return history


def _safe_name(name: str, taken: set[str]) -> str:
    """A file name that stays in its folder of the ZIP and is not used twice."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in {"", ".", ".."}:
        name = "document"
    stem, dot, extension = name.rpartition(".")
    if not stem:
        stem, dot, extension = name, "", ""
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem} ({number}){dot}{extension}"
    taken.add(candidate.lower())
    return candidate


def _copy(archive: zipfile.ZipFile, field_file, path: str) -> bool:
    """Copy a stored file into the ZIP; False if it is missing from storage."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        return False
    with handle, archive.open(path, "w") as target:
        shutil.copyfileobj(handle, target)
    return True


def _files(archive: zipfile.ZipFile, documents, *, folder: str) -> list[dict]:
    taken: set[str] = set()
    held = []
    for document in documents:
        path = f"{folder}/{_safe_name(document.original_name, taken)}"
        included = _copy(archive, document.file, path)
        held.append(
            {
                "file_name": document.original_name,
                "in_this_export": path if included else None,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
                "uploaded_at": document.uploaded_at,
            }
        )
    return held


def _letters(archive: zipfile.ZipFile, award, application: Application) -> list[dict]:
    taken: set[str] = set()
    letters = []
    for letter in award.letters.all():
        path = None
        if letter.file:
            path = f"letters/{_key(application)}/{_safe_name(letter.filename, taken)}"
            if not _copy(archive, letter.file, path):
                path = None
        letters.append(
            {
                "version": letter.version,
                "status": str(letter.get_status_display()),
                "made_at": letter.made_at,
                "in_this_export": path,
            }
        )
    return letters


def _reports(archive: zipfile.ZipFile, award, application: Application) -> list[dict]:
    """The grant's reports as the grantee wrote them, with their evidence."""
    return [
        {
            "report": str(report.get_kind_display()),
            "due_on": report.due_on,
            "status": str(report.get_status_display()),
            "sent_at": report.submitted_at,
            "figures": [
                {
                    "measure": f.target.name,
                    "achieved": f.achieved,
                    "text": f.text,
                    "may_be_published": f.publish_consent,
                }
                for f in report.figures.all()
            ],
            "spend": {s.budget_line.category: s.spent for s in report.spends.all()},
            "what_changed": report.what_changed,
            "not_to_plan": report.not_to_plan,
            "changes_asked_for": report.changes_requested,
            "evidence": _files(
                archive, report.evidence.all(), folder=f"reports/{_key(application)}/{report.pk}"
            ),
        }
        for report in award.reports.all()
    ]
