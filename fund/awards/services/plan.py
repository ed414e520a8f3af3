"""What a grant is agreed to achieve and spend: the targets and budget
lines the fund manager agrees at award (award_make), from the applicant's
proposal, and changes while the award is offered or accepted (plan_change).

Targets are given as ``{measure: Decimal}``, a measure named by its pk or
its name; budget lines as ``{category: Decimal}`` (fund/calls/outcomes.py
BudgetCategory). The lines must add up to the award; a required numeric
measure must have a target; a text measure (a case study) has none.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.awards.models.awards import Award, AwardStatus
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.awards.services.ledger import award_lock
from fund.awards.services.letters import letter_request
from fund.calls.outcomes import BudgetCategory, MeasureKind, OutcomeMeasure
from fund.core.errors import ServiceError
from fund.core.money import pounds
from fund.core.validators import read_pounds

PENNY = Decimal("0.01")
LARGEST_TARGET = Decimal("10000000000")
PLAN_STATUSES = frozenset({AwardStatus.OFFERED, AwardStatus.ACCEPTED})


@dataclass
class Plan:
    """Targets (AwardTarget rows, not yet saved, one per measure) and budget
    lines (AwardBudgetLine rows, not yet saved, only those above £0)."""

    targets: list[AwardTarget]
    lines: list[AwardBudgetLine]

    def audit(self) -> dict:
        """What the audit entry records: each target and line, as text."""
        return {
            "targets": {
                t.name: (None if t.target is None else str(t.target)) for t in self.targets
            },
            "budget": {line.category: str(line.amount) for line in self.lines},
        }

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def target_field(index) -> str:
    """The form field (and error key) of the index-th measure's target."""
    return f"target_{index}"


def budget_field(category) -> str:
    return f"budget_{category}"


def measure_rows(*, application) -> list[AwardTarget]:
    """One unsaved AwardTarget per measure of the application's call, a
    copy of the measure with the applicant's proposed target."""
    proposed = {}
    for target in application.targets.all():
        proposed.setdefault(target.measure_id or target.name, target.target)
    measures = OutcomeMeasure.objects.filter(page_id=application.page_id).order_by(
        "sort_order", "pk"
    )
    return [
        AwardTarget(
            measure=measure,
            sort_order=index,
            name=measure.name,
            kind=measure.kind,
            unit=measure.unit,
            required=measure.required,
            definition=measure.definition,
            proposed=proposed.get(measure.pk, proposed.get(measure.name))
            if measure.kind == MeasureKind.NUMBER
            else None,
        )
        for index, measure in enumerate(measures)
    ]


def proposed_budget(application) -> dict[str, Decimal]:
    """The applicant's budget lines, by category, in category order."""
    lines = {line.category: line.amount for line in application.budget_lines.all()}
    return {c: lines[c] for c in BudgetCategory.values if c in lines}


def budget_scaled(application, amount: Decimal) -> dict[str, Decimal]:
    """The applicant's budget lines scaled to ``amount``: each rounded down
    to the penny, what is left over added to the largest line (the first of
    equals). All of it on "other" when the applicant gave no lines."""
    lines = proposed_budget(application)
    total = sum(lines.values(), Decimal("0.00"))
    if total <= 0:
        return {BudgetCategory.OTHER.value: amount}
    scaled = {
        c: (v * amount / total).quantize(PENNY, rounding=ROUND_DOWN) for c, v in lines.items()
    }
    largest = max(lines, key=lambda c: (lines[c], -BudgetCategory.values.index(c)))
    scaled[largest] += amount - sum(scaled.values())
    return scaled


def _target_value(row, value, field, errors, *, required):
    value = "" if value is None else str(value).replace(",", "").strip()
    if not value:
        if required and row.required:
            errors[field] = _("Enter the agreed target for “%(measure)s”.") % {"measure": row.name}
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or number >= LARGEST_TARGET:
        errors[field] = _("Enter the target for “%(measure)s” as a number, like 80.") % {
            "measure": row.name
        }
        return None
    if number != number.quantize(PENNY):
        errors[field] = _("Give the target for “%(measure)s” to at most 2 decimal places.") % {
            "measure": row.name
        }
        return None
    return number.quantize(PENNY)


def _row_index(rows, key):
    """The index of the row ``key`` names: a measure's pk, or its name."""
    for index, row in enumerate(rows):
        if str(key) == str(row.measure_id) or key == row.name:
            return index
    raise ServiceError(_("“%(measure)s” is not one of this call's measures.") % {"measure": key})


def targets_check(rows, targets: dict, errors: dict, *, required=True) -> list[AwardTarget]:
    """The rows with their agreed targets set; refusals go in ``errors``.
    Not ``required``: a required measure may be left without a target."""
    given = {_row_index(rows, key): value for key, value in targets.items()}
    for index, row in enumerate(rows):
        row.target = (
            _target_value(row, given.get(index), target_field(index), errors, required=required)
            if row.kind == MeasureKind.NUMBER
            else None
        )
    return rows


def budget_check(budget: dict, amount: Decimal | None, errors: dict) -> list[AwardBudgetLine]:
    lines = []
    for category, value in budget.items():
        if category not in BudgetCategory.values:
            raise ServiceError(_("“%(line)s” is not a budget line.") % {"line": category})
        field = budget_field(category)
        try:
            line = read_pounds("0" if value in (None, "") else value)
        except ValidationError as error:
            errors[field] = error.message
            continue
        if line < 0:
            errors[field] = _("A budget line cannot be less than £0.")
        elif line > 0:
            lines.append(AwardBudgetLine(category=category, amount=line))
    total = sum((line.amount for line in lines), Decimal("0.00"))
    if not errors and amount is not None and total != amount:
        errors["budget"] = _(
            "The budget lines add up to %(total)s, but the award is %(amount)s: change the "
            "lines so they add up to %(amount)s."
        ) % {"total": pounds(total), "amount": pounds(amount)}
    return sorted(lines, key=lambda line: BudgetCategory.values.index(line.category))


def plan_check(*, rows, amount: Decimal | None, targets: dict, budget: dict, required=True) -> Plan:
    """The plan agreed, checked: every refusal at once, by its field. An
    ``amount`` of None (not yet a valid amount) skips the lines' total."""
    errors = {}
    targets_made = targets_check(rows, targets, errors, required=required)
    lines = budget_check(budget, amount, errors)
    if errors:
        raise ServiceError(" ".join(str(message) for message in errors.values()), errors)
    return Plan(targets=targets_made, lines=lines)


def plan_for_award(*, application, amount: Decimal | None, targets=None, budget=None) -> Plan:
    """The plan of a new award: what is given, checked; what is not given
    (None) as the applicant proposed it, the budget scaled to the amount."""
    rows = measure_rows(application=application)
    as_proposed = targets is None
    if as_proposed:
        targets = {row.measure_id: row.proposed for row in rows if row.proposed is not None}
    if budget is None:
        budget = budget_scaled(application, amount)
    return plan_check(
        rows=rows, amount=amount, targets=targets, budget=budget, required=not as_proposed
    )


def plan_save(award: Award, plan: Plan) -> None:
    """Store the plan as the award's targets and budget lines, replacing any."""
    award.targets.all().delete()
    award.budget_lines.all().delete()
    for row in plan.targets:
        row.award, row.pk = award, None
    for line in plan.lines:
        line.award, line.pk = award, None
    AwardTarget.objects.bulk_create(plan.targets)
    AwardBudgetLine.objects.bulk_create(plan.lines)


def plan_of(award: Award) -> Plan:
    """The award's agreed plan as stored."""
    return Plan(targets=list(award.targets.all()), lines=list(award.budget_lines.all()))


def plan_change(*, award: Award, targets: dict, budget: dict, by) -> Award:
    """Change the agreed targets and budget lines of an award still offered
    or accepted: audited with what they were and are now, and, while the
    offer is open, a new award letter stating them."""
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status not in PLAN_STATUSES:
            raise ServiceError(
                _(
                    "The targets and budget of %(reference)s can no longer be changed: the award "
                    "is %(status)s."
                )
                % {"reference": award.reference, "status": award.get_status_display().lower()}
            )
        before = plan_of(award)
        rows = [
            AwardTarget(**{f.attname: getattr(t, f.attname) for f in AwardTarget._meta.fields})
            for t in before.targets
        ]
        after = plan_check(rows=rows, amount=award.amount, targets=targets, budget=budget)
        if after.audit() == before.audit():
            raise ServiceError(_("Nothing has changed: the targets and budget are as agreed."))
        plan_save(award, after)
        log(
            instance=award.application,
            action="fund.award.plan",
            user=by,
            data={"before": before.audit(), "after": after.audit()},
        )
        if award.status == AwardStatus.OFFERED:
            letter_request(award=award, reason=_("Targets and budget changed"), by=by)
    return award
