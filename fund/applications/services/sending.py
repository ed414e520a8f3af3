import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.signal_handlers import disable_reference_index_auto_update

from fund.applications.models import Application, ApplicationTarget, ReferenceCounter
from fund.applications.questions import CORE_QUESTIONS, question_definitions
from fund.applications.services.drafts import CallClosed, _check_file_limits
from fund.applications.services.links import contact_email
from fund.applications.status import ApplicationStatus
from fund.applications.transitions import application_lock, application_transition
from fund.calls.models import FundPage
from fund.core.errors import ServiceError
from fund.core.limits import (
    acknowledgement_limits,
    limits_take,
)
from fund.core.money import pounds

logger = logging.getLogger(__name__)


REQUIRED_TO_SUBMIT = [question.name for question in CORE_QUESTIONS if question.required]


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


def _check_plan(application, call):
    """Refuse a draft whose budget lines do not add up to the amount
    requested, or that lacks a target for a required numeric measure. Then
    freeze the targets: each takes its measure's name and unit as they are
    now, and a target for a measure the call no longer asks about goes.
    Three queries, however many measures."""
    measures = {m.pk: m for m in call.outcome_measures.all() if m.is_number}
    total = sum((line.amount for line in application.budget_lines.all()), Decimal("0.00"))
    if total != application.amount_requested:
        raise ServiceError(
            _(
                "Your budget lines add up to %(total)s but the amount requested is %(amount)s. "
                "Go back to the form and change the lines or the amount so that they match."
            )
            % {"total": pounds(total), "amount": pounds(application.amount_requested)}
        )
    targets = list(application.targets.all())
    proposed = {target.measure_id for target in targets}
    if missing := [m.name for m in measures.values() if m.required and m.pk not in proposed]:
        raise ServiceError(
            _("Your application is not complete. Propose a target for: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    if stale := [t.pk for t in targets if t.measure_id not in measures]:
        ApplicationTarget.objects.filter(pk__in=stale).delete()
    changed = []
    for target in targets:
        measure = measures.get(target.measure_id)
        if measure and (target.name, target.unit) != (measure.name, measure.unit):
            target.name, target.unit = measure.name, measure.unit
            changed.append(target)
    ApplicationTarget.objects.bulk_update(changed, ["name", "unit"])


def application_submit(*, application: Application) -> Application:
    """Send a complete draft: give it its reference, freeze the call's
    questions and the proposed targets with it, log it and acknowledge it. Sending the same draft
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
        _check_plan(application, call)
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
            exclude=["page", "submission_token", "access_key", "form_data", "questions"],
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
        contact_email(application, kind="acknowledgement", call=call)
    return application
