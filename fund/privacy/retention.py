"""The retention rules (settings.FUND_RETENTION_DAYS): how long personal data
is kept once an application can lead to nothing more.

- An unsuccessful application (declined, or not eligible) is anonymised once
  its decision is older than the "unsuccessful" period; a withdrawn one once
  its withdrawal is older than the "withdrawn" period. Anonymising removes
  the applicant's personal data, answers and documents and keeps what the
  fund reports on: reference, status, amounts, dates, districts, organisation
  type, scores and recommendations.
- A draft never sent is deleted, with its documents, once it has not been
  saved for the "abandoned_draft" period.
- A successful application (awarded, or with an award whatever became of
  it) is never touched: the grant record is kept for the funder's audit.

`retention_apply()` is run daily by `manage.py apply_retention` or the
`fund.privacy.tasks.apply_retention` task.
"""

import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.applications.status import ApplicationStatus
from fund.core.stored import discard_all
from fund.reviews.models import CriterionScore, Review

logger = logging.getLogger("fund.retention")

ANONYMISED_NAME = "Anonymised"

#: The personal fields, and what each becomes. organisation_name and
#: contact_email stay non-empty: the constraint application_complete_once_sent
#: requires them of every application that was sent.
CLEARED_FIELDS = {
    "organisation_name": ANONYMISED_NAME,
    "registration_number": "",
    "address": "",
    "postcode": "",
    "contact_name": "",
    "contact_phone": "",
    "project_title": "",
    "project_summary": "",
    "screening_note": "",
    "decline_feedback": "",
    "withdrawn_reason": "",
}

#: Keys of audit-entry data that may hold free text about the applicant (the
#: reason they gave for withdrawing, a panel member's description of a
#: conflict). Structured data (amounts, scores, choices) stays.
FREE_TEXT_LOG_KEYS = {"reason", "description", "name", "position", "note", "feedback"}


def anonymised_email(application: Application) -> str:
    """A placeholder address no mail can reach (.invalid is reserved, RFC 2606)."""
    return f"anonymised+{application.pk}@anonymised.invalid"


@dataclass(frozen=True)
class RetentionResult:
    """What one run did, or (dry run) would do. Counts only: no personal data."""

    dry_run: bool = False
    unsuccessful_anonymised: int = 0
    withdrawn_anonymised: int = 0
    drafts_deleted: int = 0
    documents_deleted: int = 0
    failed: int = 0

    @property
    def anonymised(self) -> int:
        return self.unsuccessful_anonymised + self.withdrawn_anonymised

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        verb = "Would anonymise" if self.dry_run else "Anonymised"
        text = (
            f"{verb} {self.unsuccessful_anonymised} unsuccessful and "
            f"{self.withdrawn_anonymised} withdrawn applications; "
            f"{'would delete' if self.dry_run else 'deleted'} {self.drafts_deleted} "
            f"abandoned drafts and {self.documents_deleted} documents."
        )
        if self.failed:
            text += f" {self.failed} could not be processed; see the log for their ids."
        return text


# --- what is due ---------------------------------------------------------------


def _cutoff(now: dt.datetime, period: str) -> dt.datetime:
    return now - dt.timedelta(days=settings.FUND_RETENTION_DAYS[period])


def _not_successful() -> QuerySet[Application]:
    # An application with an award is kept whatever its status says.
    return Application.objects.filter(award__isnull=True)


def _older_than(field: str, cutoff: dt.datetime, fallback: str = "submitted_at") -> Q:
    return Q(**{f"{field}__lt": cutoff}) | Q(
        **{f"{field}__isnull": True, f"{fallback}__lt": cutoff}
    )


def unsuccessful_due(*, now: dt.datetime) -> QuerySet[Application]:
    """Declined or ineligible applications whose decision is past the period."""
    cutoff = _cutoff(now, "unsuccessful")
    return _not_successful().filter(
        (Q(status=ApplicationStatus.DECLINED) & _older_than("declined_at", cutoff))
        | (Q(status=ApplicationStatus.INELIGIBLE) & _older_than("screened_at", cutoff)),
        anonymised_at__isnull=True,
    )


def withdrawn_due(*, now: dt.datetime) -> QuerySet[Application]:
    """Withdrawn applications whose withdrawal is past the period."""
    cutoff = _cutoff(now, "withdrawn")
    return _not_successful().filter(
        _older_than("withdrawn_at", cutoff),
        status=ApplicationStatus.WITHDRAWN,
        anonymised_at__isnull=True,
    )


def abandoned_drafts_due(*, now: dt.datetime) -> QuerySet[Application]:
    """Drafts not saved for longer than the period (never sent)."""
    cutoff = _cutoff(now, "abandoned_draft")
    return _not_successful().filter(
        _older_than("draft_saved_at", cutoff, fallback="submit_time"),
        status=ApplicationStatus.DRAFT,
    )


# --- the run -------------------------------------------------------------------


def retention_apply(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionResult:
    """Apply the retention rules to everything due at ``now``.

    Each application is dealt with in its own transaction, locked and checked
    again inside it, so a run never undoes another's work and one failure
    leaves the rest done. Files are deleted from storage once the rows'
    deletion has committed. A dry run counts and changes nothing.
    """
    now = now or timezone.now()
    due = {
        "unsuccessful": unsuccessful_due(now=now),
        "withdrawn": withdrawn_due(now=now),
        "drafts": abandoned_drafts_due(now=now),
    }
    if dry_run:
        pks = [pk for queryset in due.values() for pk in queryset.values_list("pk", flat=True)]
        result = RetentionResult(
            dry_run=True,
            unsuccessful_anonymised=due["unsuccessful"].count(),
            withdrawn_anonymised=due["withdrawn"].count(),
            drafts_deleted=due["drafts"].count(),
            documents_deleted=ApplicationDocument.objects.filter(application__in=pks).count(),
        )
    else:
        done = {name: 0 for name in due}
        documents = failed = 0
        for name, queryset in due.items():
            act = _draft_delete if name == "drafts" else _anonymise
            for pk in list(queryset.values_list("pk", flat=True)):
                try:
                    deleted = act(queryset, pk)
                except Exception:
                    # The id only: never the applicant's data.
                    logger.exception("Retention could not process application id %s.", pk)
                    failed += 1
                    continue
                if deleted is not None:
                    done[name] += 1
                    documents += deleted
        result = RetentionResult(
            unsuccessful_anonymised=done["unsuccessful"],
            withdrawn_anonymised=done["withdrawn"],
            drafts_deleted=done["drafts"],
            documents_deleted=documents,
            failed=failed,
        )
    logger.info("Retention run%s: %s", " (dry run)" if dry_run else "", result.summary())
    return result


def _locked(queryset: QuerySet[Application], pk: int) -> Application | None:
    """The application, locked, if it is still due (the rules are checked
    again under the lock: it may have changed since the run listed it)."""
    return queryset.select_for_update(of=("self",)).filter(pk=pk).first()


def _anonymise(queryset: QuerySet[Application], pk: int) -> int | None:
    """Remove one application's personal data; the number of documents deleted,
    or None if it is no longer due."""
    with transaction.atomic():
        application = _locked(queryset, pk)
        if application is None:
            return None
        stored = list(application.documents.values_list("file", flat=True))
        application.documents.all().delete()
        application.emails.all().delete()
        Review.objects.filter(assignment__application=application).update(comment="")
        CriterionScore.objects.filter(review__assignment__application=application).update(
            comment=""
        )
        application.assignments.update(conflict_description="")

        for field, value in CLEARED_FIELDS.items():
            setattr(application, field, value)
        application.contact_email = anonymised_email(application)
        application.form_data = {}
        application.draft_data = {}
        application.access_key = uuid.uuid4()  # every private link stops working
        application.anonymised_at = timezone.now()
        application.save(
            update_fields=[
                *CLEARED_FIELDS,
                "contact_email",
                "form_data",
                "draft_data",
                "access_key",
                "anonymised_at",
            ]
        )
        _history_scrub(application)
        log(
            instance=application,
            action="fund.application.anonymise",
            data={"documents": len(stored)},
        )
        transaction.on_commit(lambda: _documents_delete(stored))
    return len(stored)


def _documents_delete(names) -> None:
    discard_all(ApplicationDocument._meta.get_field("file").storage, names)


def _history_scrub(application: Application) -> None:
    """Take the personal data out of the application's audit trail: each
    entry's label repeats the organisation's name, and some hold free text."""
    label = str(application)
    for entry in ModelLogEntry.objects.for_instance(application):
        data = {k: v for k, v in (entry.data or {}).items() if k not in FREE_TEXT_LOG_KEYS}
        ModelLogEntry.objects.filter(pk=entry.pk).update(label=label, data=data)


def _draft_delete(queryset: QuerySet[Application], pk: int) -> int | None:
    """Delete one abandoned draft with its documents; the number of documents
    deleted, or None if it is no longer due (saved again meanwhile)."""
    with transaction.atomic():
        draft = _locked(queryset, pk)
        if draft is None:
            return None
        stored = list(draft.documents.values_list("file", flat=True))
        ModelLogEntry.objects.for_instance(draft).delete()
        draft.delete()  # its documents and queued e-mails go with it
        transaction.on_commit(lambda: _documents_delete(stored))
    return len(stored)
