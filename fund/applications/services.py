"""An application from first draft to submission, and the applicant's own
changes to it afterwards (withdrawing it, the private links)."""

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.signal_handlers import disable_reference_index_auto_update

from fund.applications.access import draft_url, status_url
from fund.applications.models import Application, ApplicationDocument, ReferenceCounter
from fund.applications.questions import CORE_ANSWER_FIELDS, CORE_QUESTIONS, question_definitions
from fund.applications.status import ApplicationStatus, statuses_moving_to
from fund.applications.transitions import application_lock, application_transition
from fund.applications.uploads import CheckedFile
from fund.calls.models import CallPage, FundPage
from fund.core.errors import ServiceError
from fund.core.limits import (
    acknowledgement_limits,
    draft_link_limits,
    limits_take,
    lost_link_limits,
)
from fund.core.mail import email_queue
from fund.core.money import pounds

logger = logging.getLogger(__name__)

REQUIRED_TO_SUBMIT = [question.name for question in CORE_QUESTIONS if question.required]
#: Where an applicant may still withdraw: before a decision (the table of moves).
WITHDRAWABLE = statuses_moving_to(ApplicationStatus.WITHDRAWN)


@dataclass
class CallClosed(Exception):
    call: CallPage

    def __str__(self):
        return str(_("This call for bids is not open for applications."))


def reference_allocate(*, prefix: str, year: int) -> str:
    """The next reference for a fund and year, like SCF-2027-0001.

    Reading the counter row takes its lock (SELECT ... FOR UPDATE), so
    concurrent submissions queue here for the few milliseconds until each
    commits, and each reads the number the one before it wrote and gets its
    own. A rolled-back submission releases its number with its transaction.
    """
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:04d}"


def application_draft_save(
    *,
    call: CallPage,
    draft: Application | None,
    token: uuid.UUID,
    raw: dict,
    core: dict,
    answers: dict,
    files: list[tuple[str, CheckedFile]],
    remove_document_ids: list[int] = (),
) -> Application:
    """Create or update a draft with everything the applicant has given so far.

    ``raw`` is every answer exactly as typed (shown again when they come
    back); ``core`` and ``answers`` are the ones that passed validation
    (typed columns and the call's questions); ``files`` are the checked new
    uploads; ``remove_document_ids`` the held files they took out. Drafts
    count nowhere and staff do not see them.
    """
    if not call.is_open():
        raise CallClosed(call)
    try:
        return _draft_save(call, draft, token, raw, core, answers, files, remove_document_ids)
    except IntegrityError:
        # The same form saved from two tabs at once: the other save made the
        # draft, so save into it.
        existing = Application.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return _draft_save(call, existing, token, raw, core, answers, files, remove_document_ids)


def _draft_save(call, draft, token, raw, core, answers, files, remove_document_ids):
    stored = []
    try:
        with transaction.atomic():
            # Lock the row and read it afresh: another tab of the same browser
            # may have sent it a moment ago, and saving a stale copy would
            # wind a sent application back to a draft without its reference.
            draft = _draft_locked(call, draft, token)
            new = draft is None
            if new:
                draft = Application(page=call, submission_token=token, form_data={})
            elif draft.status != ApplicationStatus.DRAFT:
                return draft
            for name in CORE_ANSWER_FIELDS:
                default = (
                    []
                    if name == "districts"
                    else None
                    if name in {"amount_requested", "planned_start", "planned_end"}
                    else ""
                )
                setattr(draft, name, core.get(name, default))
            draft.form_data = {**(draft.form_data or {}), **answers}
            draft.draft_data = raw
            draft.draft_saved_at = timezone.now()
            draft.save()
            # A new draft holds no files yet: nothing to remove or replace.
            if remove_document_ids and not new:
                _documents_delete(draft.documents.filter(pk__in=remove_document_ids))
            replaced = {question for question, _checked in files if question}
            if replaced and not new:
                _documents_delete(draft.documents.filter(question__in=replaced))
            _store_documents(draft, files, stored, held=[] if new else None)
    except BaseException:
        _delete_stored(stored)
        raise
    return draft


def _documents_delete(documents):
    """Delete these documents, and their files once the deletion commits."""
    for document in documents:
        stored_name = document.file.name
        document.delete()
        transaction.on_commit(lambda n=stored_name: _delete_stored([n]))


def _draft_locked(call, draft, token):
    """The draft (or the application it became), locked: the one bound to
    the browser's session if any, else the one this browser made from the
    same form (``token`` is derived from the browser's secret)."""
    locked = Application.objects.select_for_update(of=("self",)).select_related("page")
    if draft is not None:
        draft = locked.filter(pk=draft.pk).first()
    return draft or locked.filter(submission_token=token, page=call).first()


def _check_file_limits(sizes):
    """The per-application limits, whatever the form did (defence in depth)."""
    if len(sizes) > settings.FUND_UPLOAD_MAX_FILES:
        raise ServiceError(
            _("You can send up to %(max)s files in all.") % {"max": settings.FUND_UPLOAD_MAX_FILES}
        )
    if sum(sizes) > settings.FUND_UPLOAD_MAX_TOTAL_BYTES:
        raise ServiceError(
            _("All files together must be %(max)s or smaller.")
            % {"max": filesizeformat(settings.FUND_UPLOAD_MAX_TOTAL_BYTES)}
        )


def _store_documents(application, files, stored, *, held=None):
    """Store new files with the application; the same file sent again for
    the same purpose (a second tab, a second save) is kept once. Each stored
    name is added to ``stored`` at once, so a failure part-way leaves no
    orphaned file behind. ``held``: the (question, SHA-256, size) of the
    files the application holds, when the caller knows them (a new draft
    holds none); else they are read."""
    if held is None:
        held = list(application.documents.values_list("question", "sha256", "size"))
    kept = {(question, sha256) for question, sha256, _size in held}
    new = [checked for question, checked in files if (question, checked.sha256) not in kept]
    _check_file_limits(
        [size for _question, _sha256, size in held] + [checked.size for checked in new]
    )
    documents = []
    for question, checked in files:
        if (question, checked.sha256) in kept:
            continue
        kept.add((question, checked.sha256))
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
        documents.append(document)
    # One INSERT for them all (the model has no save() or signals of its own).
    ApplicationDocument.objects.bulk_create(documents)


def _missing_answers(application, form_fields, held):
    missing = [
        Application._meta.get_field(name).verbose_name
        for name in REQUIRED_TO_SUBMIT
        if getattr(application, name) in (None, "", [])
    ]
    for field in form_fields:
        if not field.required:
            continue
        answered = (
            field.clean_name in held
            if field.field_type == "file"
            else application.form_data.get(field.clean_name) not in (None, "", [])
        )
        if not answered:
            missing.append(field.label)
    return missing


def _check_complete(application, call, form_fields, documents):
    """Refuse to send a draft that lacks an answer, holds too many files (or
    too much), or asks for an amount outside the call's limits.
    ``documents`` are the draft's (question, size) pairs."""
    held = {question for question, _size in documents}
    if missing := _missing_answers(application, form_fields, held):
        raise ServiceError(
            _("Your application is not complete. Answer these questions first: %(missing)s.")
            % {"missing": ", ".join(str(m) for m in missing)}
        )
    _check_file_limits([size for _question, size in documents])
    if not call.minimum_award <= application.amount_requested <= call.maximum_award:
        raise ServiceError(
            _("The amount requested must be between %(min)s and %(max)s.")
            % {"min": pounds(call.minimum_award), "max": pounds(call.maximum_award)}
        )


def application_submit(*, application: Application) -> Application:
    """Send a complete draft: give it its reference, freeze the call's
    questions with it, log it and acknowledge it. Sending the same draft
    twice (a double click, a replayed post) returns it as first sent."""
    with transaction.atomic():
        locked = application_lock(application_id=application.pk)
        if locked.status != ApplicationStatus.DRAFT:
            return locked
        # The call as the caller read it (the public views read it with the
        # application, in one query); its row is not locked either way.
        call = application.page.specific
        application = locked
        now = timezone.now()
        if not call.is_open(at=now):
            raise CallClosed(call)
        form_fields = list(call.get_form_fields())
        documents = list(application.documents.values_list("question", "size"))
        _check_complete(application, call, form_fields, documents)
        fund = FundPage.objects.ancestor_of(call).get()
        application.reference = reference_allocate(
            prefix=fund.reference_prefix, year=timezone.localdate(now).year
        )
        application.questions = question_definitions(call, form_fields)
        application.submitted_at = now
        application.submit_time = now
        # Field by field; uniqueness and the CHECK constraints are the
        # database's to enforce (asking first costs a query each).
        application.full_clean(
            exclude=["page", "submission_token", "access_key"],
            validate_unique=False,
            validate_constraints=False,
        )
        # Sending changes none of what Wagtail's reference index holds for an
        # application (its page): the entries written with the draft stand.
        with disable_reference_index_auto_update():
            application = application_transition(
                application=application,
                to=ApplicationStatus.SUBMITTED,
                action="fund.application.submit",
                data={
                    "reference": application.reference,
                    "documents": len(documents),
                },
                fields=("reference", "questions", "submitted_at", "submit_time"),
            )
        if not limits_take(*acknowledgement_limits(to=application.contact_email)):
            # Nobody has confirmed the address: past the day's limit for it
            # the application stands, and the confirmation page shows its
            # reference, but the address gets no more e-mails from us today.
            logger.warning(
                "Acknowledgement of %s not sent: its address is over the day's limit",
                application.reference,
            )
            return application
        _email_status_link(application, kind="acknowledgement", call=call)
    return application


def _email_status_link(application: Application, *, kind: str, call: CallPage | None = None):
    """Queue the e-mail ``kind`` (its templates are named after it) with the
    application's private status link: the acknowledgement, or a fresh link.
    Pass the ``call`` when the caller has it, to save reading it again."""

    return email_queue(
        kind=kind,
        to=application.contact_email,
        template=kind,
        context={
            "application": application,
            "call": call or application.page.specific,
            "status_url": status_url(application),
        },
        application=application,
    )


def application_draft_link_send(*, application: Application, client: str | None = None):
    """E-mail the applicant a private link back to their draft.

    Nobody has confirmed the address, so the e-mail holds nothing typed into
    the form, and the number sent to one address, and for one client address
    (``client``), is limited (fund/core/limits.py)."""
    if not limits_take(*draft_link_limits(to=application.contact_email, client=client)):
        raise ServiceError(
            _(
                "Your application is saved in this browser, but we have already sent as many "
                "links as we can for now, so we have not sent another. Use the link in an "
                "e-mail we sent you earlier, or save again in an hour."
            )
        )
    return email_queue(
        kind="draft_link",
        to=application.contact_email,
        template="draft_link",
        context={
            "application": application,
            "call": application.page.specific,
            "draft_url": draft_url(application),
        },
        application=application,
    )


def application_withdraw(*, application: Application, reason: str) -> Application:
    """The applicant withdraws before a decision, saying why."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Tell us why, so that we can learn from it.")
        raise ServiceError(message, {"reason": message})

    with transaction.atomic():
        application = application_lock(application_id=application.pk)
        if application.status not in WITHDRAWABLE:
            raise ServiceError(
                _("A decision has been made on this application, so it can no longer be withdrawn.")
            )
        application.withdrawn_reason = reason
        application.withdrawn_at = timezone.now()
        application = application_transition(
            application=application,
            to=ApplicationStatus.WITHDRAWN,
            action="fund.application.withdraw",
            data={"reason": reason},
            fields=("withdrawn_reason", "withdrawn_at"),
        )
    return application


def application_links_revoke(*, application: Application, by) -> Application:
    """Make every private link sent for this application stop working."""
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(access_key=uuid.uuid4())
        log(instance=application, action="fund.application.revoke_links", user=by)
    application.refresh_from_db()
    return application


def _delete_stored(names):
    storage = ApplicationDocument._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - logged, and never hides the real error
            logger.exception("Could not delete orphaned upload %s", name)


def application_link_resend(*, email: str, reference: str, client: str | None) -> bool:
    """For "Lost your link?": e-mail a fresh status link to a sent application's
    contact address, if ``email`` and ``reference`` both match it.

    The caller tells the person the same whatever this returns, so nobody
    can learn which addresses or references exist. Each request counts
    against the typed address and the client address (``client``) before
    anything is looked up, and over either limit nothing is sent. The
    e-mail holds only the reference, the call's title and the link.

    An application whose links staff revoked gets a fresh link too: it goes
    only to the contact address on file, which is where staff would send
    one, and the leaked links stay dead."""
    if not limits_take(*lost_link_limits(to=email, client=client)):
        return False
    with transaction.atomic():
        application = (
            Application.objects.select_related("page")
            .exclude(status=ApplicationStatus.DRAFT)
            .filter(reference__iexact=reference.strip(), contact_email__iexact=email.strip())
            .first()
        )
        if application is None:
            return False
        _email_status_link(application, kind="link_resent")
        log(instance=application, action="fund.application.link_resent")
    return True
