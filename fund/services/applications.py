"""Submitting an application."""

import logging
from dataclasses import dataclass

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from fund.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    CallPage,
    ReferenceCounter,
)
from fund.uploads import CheckedFile

from .mail import email_queue

logger = logging.getLogger(__name__)


@dataclass
class CallClosed(Exception):
    call: CallPage

    def __str__(self):
        return str(_("This call for bids is not open for applications."))


def reference_allocate(*, prefix: str, year: int) -> str:
    """The next reference for a fund and year, like SCF-2027-0001.

    The UPDATE takes the counter row's lock, so concurrent submissions queue
    here for the few milliseconds until each commits, and each gets its own
    number. A rolled-back submission releases its number with its transaction.
    """
    counter, _created = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.values_list("last_number", flat=True).get(pk=counter.pk)
    return f"{prefix}-{year}-{number:04d}"


def application_submit(
    *,
    call: CallPage,
    data: dict,
    answers: dict,
    files: list[tuple[str, CheckedFile]],
) -> Application:
    """Record a submitted application with its documents and acknowledge it.

    ``data`` holds the core answers (typed columns) and the form's
    ``submission_token``; ``answers`` the call's own questions by clean name;
    ``files`` the checked uploads with the question each answers ("" for
    supporting documents). A replayed post (same token) returns the
    application the first post created.
    """
    token = data["submission_token"]
    existing = Application.objects.filter(submission_token=token).first()
    if existing:
        return existing

    stored = []
    try:
        with transaction.atomic():
            now = timezone.now()
            if not call.is_open(at=now):
                raise CallClosed(call)
            fund = call.fund
            application = Application(
                page=call,
                submission_token=token,
                status=ApplicationStatus.SUBMITTED,
                reference=reference_allocate(
                    prefix=fund.reference_prefix, year=timezone.localdate(now).year
                ),
                organisation_name=data["organisation_name"],
                organisation_type=data["organisation_type"],
                registration_number=data["registration_number"],
                address=data["address"],
                postcode=data["postcode"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                project_title=data["project_title"],
                project_summary=data["project_summary"],
                amount_requested=data["amount_requested"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                districts=list(data["districts"]),
                form_data=answers,
                questions=_question_definitions(call),
                submitted_at=now,
            )
            application.full_clean(exclude=["page", "submission_token"])
            application.save()
            for question, checked in files:
                document = ApplicationDocument(
                    application=application,
                    question=question,
                    original_name=checked.original_name,
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                )
                checked.upload.seek(0)
                document.file.save(checked.original_name, File(checked.upload), save=False)
                stored.append(document.file.name)
                document.save()
            log(
                instance=application,
                action="fund.application.submit",
                data={"reference": application.reference, "documents": len(files)},
            )
            email_queue(
                kind="acknowledgement",
                to=application.contact_email,
                template="acknowledgement",
                context={"application": application, "call": call},
                application=application,
            )
    except IntegrityError:
        _delete_stored(stored)
        # The same form was posted twice at once: the other post won.
        existing = Application.objects.filter(submission_token=token).first()
        if existing:
            return existing
        raise
    except BaseException:
        _delete_stored(stored)
        raise
    return application


def _question_definitions(call):
    from fund.forms import question_definitions

    return question_definitions(call)


def _delete_stored(names):
    storage = ApplicationDocument._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - logged, and never hides the real error
            logger.exception("Could not delete orphaned upload %s", name)
