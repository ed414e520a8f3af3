import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    ApplicationTarget,
)
from fund.applications.questions import CORE_ANSWER_FIELDS
from fund.applications.status import ApplicationStatus
from fund.applications.uploads import CheckedFile, keep_checked
from fund.calls.models import CallPage
from fund.calls.outcomes import OutcomeMeasure
from fund.core.errors import ServiceError
from fund.core.stored import discard_all


@dataclass
class CallClosed(Exception):
    call: CallPage

    def __str__(self):
        return str(_("This call for bids is not open for applications."))


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
    targets: list[tuple[OutcomeMeasure, Decimal]] = (),
    budget: dict[str, Decimal] | None = None,
) -> Application:
    """Create or update a draft with everything the applicant has given so far.

    ``raw`` is every answer exactly as typed (shown again when they come
    back); ``core`` and ``answers`` are the ones that passed validation
    (typed columns and the call's questions); ``files`` are the checked new
    uploads; ``remove_document_ids`` the held files they took out;
    ``targets`` the (measure, target) pairs and ``budget`` the
    {category: amount} lines that passed validation, kept with the draft as
    its files are (the submit service checks and freezes them). Drafts
    count nowhere and staff do not see them.
    """
    if not call.is_open():
        raise CallClosed(call)
    plan = (list(targets), dict(budget or {}))
    try:
        return _draft_save(call, draft, token, raw, core, answers, files, remove_document_ids, plan)
    except IntegrityError:
        # The same form saved from two tabs at once: the other save made the
        # draft, so save into it.
        existing = Application.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return _draft_save(
            call, existing, token, raw, core, answers, files, remove_document_ids, plan
        )


def _draft_save(call, draft, token, raw, core, answers, files, remove_document_ids, plan):
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
            _store_plan(draft, *plan, new=new)
    except BaseException:
        _delete_stored(stored)
        raise
    return draft


def _store_plan(draft, targets, budget, *, new):
    """Replace the draft's proposed targets and budget lines (a new draft
    has none to replace): one INSERT each, none for nothing."""
    if not new:
        draft.targets.all().delete()
        draft.budget_lines.all().delete()
    ApplicationTarget.objects.bulk_create(
        ApplicationTarget(
            application=draft,
            measure=measure,
            name=measure.name,
            unit=measure.unit,
            target=target,
        )
        for measure, target in targets
    )
    ApplicationBudgetLine.objects.bulk_create(
        ApplicationBudgetLine(application=draft, category=category, amount=amount)
        for category, amount in budget.items()
        if amount
    )


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
        document = ApplicationDocument(application=application, question=question)
        documents.append(keep_checked(document, checked, stored))
    # One INSERT for them all (the model has no save() or signals of its own).
    ApplicationDocument.objects.bulk_create(documents)


def _delete_stored(names):
    discard_all(ApplicationDocument._meta.get_field("file").storage, names)
