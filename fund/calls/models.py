"""A fund (one budget pot) and its calls for bids, as Wagtail pages. A
call's own questions are in fund/calls/form_fields.py, its scoring criteria
in fund/calls/criteria.py."""

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import FormMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from fund.calls import guards as page_guards
from fund.calls.criteria import ScoringCriterion
from fund.calls.form_fields import CallFormField
from fund.calls.outcomes import OutcomeMeasure, ReportDue
from fund.calls.panels import CallApplicationsPanel
from fund.core.money import MONEY, pounds
from fund.core.routing import RoutesToChildWithItsRow

# The call's questions and criteria are named from here too (fund/models.py).
__all__ = [
    "CallFormField",
    "CallPage",
    "FundPage",
    "KeepsFundRecords",
    "OutcomeMeasure",
    "ReportDue",
    "ScoringCriterion",
]


class KeepsFundRecords:
    """A page that holds the fund's records (a fund, a call): deleting it
    refuses, saying why, if the fund holds records under it, before Wagtail
    and treebeard start (treebeard updates the parent before it deletes;
    PROTECT on the foreign keys is the last word); it is never aliased."""

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            if refusal := page_guards.delete_refusal(self):
                raise ProtectedError(refusal, page_guards.applications_under(self))
            return super().delete(*args, **kwargs)

    def create_alias(self, *args, **kwargs):
        raise ValidationError(page_guards.alias_refusal(self, recursive=False))


class FundPage(KeepsFundRecords, RoutesToChildWithItsRow, Page):
    """One budget pot. Its children are the calls for bids it pays for."""

    child_relation = "callpage"

    introduction = RichTextField(_("introduction"), blank=True)
    total_budget = models.DecimalField(
        _("total budget (£)"), validators=[MinValueValidator(Decimal("0.00"))], **MONEY
    )
    funding_source = models.CharField(
        _("funding source"), max_length=200, help_text=_("For example: Proceeds of Crime Act 2002")
    )
    financial_year = models.CharField(
        _("financial year"), max_length=20, help_text=_("For example: 2026-27")
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=8,
        help_text=_("Letters that start every application reference, for example SCF."),
    )
    default_conditions = RichTextField(_("default grant conditions"), blank=True)
    committed = models.DecimalField(
        _("committed (£)"),
        default=Decimal("0.00"),
        editable=False,
        help_text="Sum of the budget ledger; changed only by the award services.",
        **MONEY,
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("total_budget"), FieldPanel("financial_year")]),
                FieldPanel("funding_source"),
                FieldPanel("reference_prefix"),
            ],
            heading=_("Budget"),
        ),
        FieldPanel("default_conditions"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["fund.CallPage"]
    # A copy (last year's fund, to start a new round) starts with nothing
    # committed and an empty ledger; Wagtail gives an excluded field its
    # default, in the copy and in its copied revisions.
    exclude_fields_in_copy = ["committed"]

    class Meta:
        verbose_name = _("fund")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed__gte=0)
                & models.Q(committed__lte=models.F("total_budget")),
                name="fund_committed_within_budget",
            )
        ]

    @property
    def remaining(self):
        return self.total_budget - self.committed

    def clean(self):
        super().clean()
        errors = {}
        prefix = (self.reference_prefix or "").strip().upper()
        if prefix and not prefix.isalpha():
            errors["reference_prefix"] = _("Use letters only in the reference prefix, such as SCF.")
        self.reference_prefix = prefix
        # What is committed now, not what this (possibly stale) copy of the
        # page says; the CHECK constraint still refuses a save that races an
        # award made after this check.
        committed = (
            FundPage.objects.filter(pk=self.pk).values_list("committed", flat=True).first()
            if self.pk
            else None
        )
        if committed and self.total_budget is not None and self.total_budget < committed:
            errors["total_budget"] = _(
                "The total budget cannot be less than the %(committed)s already committed "
                "to awards. Enter a total of at least %(committed)s."
            ) % {"committed": pounds(committed)}
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calls"] = CallPage.objects.live().child_of(self).order_by("-closes_at")
        return context

    # ``committed`` belongs to the budget ledger, never to the page editor:
    # a revision carries a copy of every field, and publishing it (or
    # reverting to it) must not wind the commitment back.
    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.committed = self.committed
        return page

    def save(self, *args, **kwargs):
        if self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            # Lock the row as the award services do, so an award committing
            # at this moment is neither lost nor overwritten.
            self.committed = (
                FundPage.objects.select_for_update()
                .values_list("committed", flat=True)
                .get(pk=self.pk)
            )
            return super().save(*args, **kwargs)


class CallPage(KeepsFundRecords, FormMixin, Page):
    """A round of bids: its dates, limits, guidance and the application form."""

    introduction = RichTextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    minimum_award = models.DecimalField(
        _("minimum award (£)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    maximum_award = models.DecimalField(
        _("maximum award (£)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    reviews_close_at = models.DateTimeField(
        _("reviews close at"),
        null=True,
        blank=True,
        help_text=_("When the grant panel's scores are due."),
    )
    decisions_by = models.DateField(
        _("decisions expected by"),
        null=True,
        blank=True,
        help_text=_("Shown on the call's page, so applicants know when to expect an answer."),
    )
    minimum_reviews = models.PositiveSmallIntegerField(
        _("reviews needed before a decision"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "How many panel members must submit a review of a bid before it is ranked and "
            "a decision is made on it. A fund manager who decides sooner must record why."
        ),
    )
    eligibility = RichTextField(_("who can apply"), blank=True)
    guidance = RichTextField(_("guidance"), blank=True)
    summary_word_limit = models.PositiveSmallIntegerField(
        _("project summary word limit"), default=300, validators=[MinValueValidator(10)]
    )
    what_happens_next = RichTextField(
        _("what happens next"),
        blank=True,
        help_text=_("Shown on the confirmation page and in the acknowledgement e-mail."),
    )

    content_panels = Page.content_panels + [
        CallApplicationsPanel(heading=_("Applications")),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("reviews_close_at"), FieldPanel("decisions_by")]),
                FieldPanel("minimum_reviews"),
                FieldRowPanel([FieldPanel("minimum_award"), FieldPanel("maximum_award")]),
            ],
            heading=_("Dates and amounts"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("guidance"),
        FieldPanel("summary_word_limit"),
        InlinePanel("form_fields", heading=_("Questions for this call"), label=_("Question")),
        FieldPanel("what_happens_next"),
        InlinePanel("criteria", heading=_("Scoring criteria"), label=_("Criterion"), min_num=1),
        InlinePanel(
            "outcome_measures",
            heading=_("Outcome measures"),
            label=_("Measure"),
            help_text=_(
                "What every grant from this call reports. Applicants propose a target for each "
                "number; add a text measure named “Case study” to collect case studies."
            ),
        ),
        InlinePanel(
            "report_schedule",
            heading=_("Reporting schedule"),
            label=_("Report"),
            help_text=_(
                "The reports each grant owes, counted from its funding period. The fund "
                "manager can change a grant's dates after the award. With none, a final "
                "report is due three months after the end."
            ),
        ),
    ]

    parent_page_types = ["fund.FundPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call for bids")
        verbose_name_plural = _("calls for bids")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The closing time must be after the opening time.")
        if (
            self.minimum_award is not None
            and self.maximum_award is not None
            and self.maximum_award < self.minimum_award
        ):
            errors["maximum_award"] = _("The maximum award must be at least the minimum award.")
        if errors:
            raise ValidationError(errors)

    # --- page actions that must not take the fund's records --------------
    # (delete and alias: KeepsFundRecords)

    def move(self, target, pos=None, user=None):
        new_parent = page_guards.parent_after_move(target, pos)
        if refusal := page_guards.move_refusal(self, new_parent=new_parent):
            raise ValidationError(refusal)
        return super().move(target, pos=pos, user=user)

    # --- state -----------------------------------------------------------

    def criteria_with_shares(self):
        """The scoring criteria, each with its share of the score in whole
        per cent, as the call's page publishes them."""
        criteria = list(self.criteria.all())
        total = sum(criterion.weight for criterion in criteria)
        return [(criterion, round(100 * criterion.weight / total)) for criterion in criteria]

    def is_open(self, *, at=None):
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def has_closed(self, *, at=None):
        return (at or timezone.now()) >= self.closes_at

    @property
    def fund(self):
        return FundPage.objects.ancestor_of(self).specific().last()

    # --- the form-builder contract ---------------------------------------
    # Calls come first in the domain order, so this page never imports the
    # applications domain that takes the applications: it asks for the form
    # through the `fund_call_form` hook, which fund/applications/call_form.py
    # registers (docs/decisions/0008-pages-that-serve-forms.md).

    def get_submission_class(self):
        return apps.get_model("fund", "Application")

    def get_submissions(self):
        return super().get_submissions().exclude(status="draft")

    def get_form_class(self):
        return call_form().form_class(self)

    def get_form(self, *args, **kwargs):
        kwargs.pop("user", None)
        return self.get_form_class()(*args, call=self, **kwargs)

    def process_form_submission(self, form):
        """Keep what the applicant has given as a draft (the check-your-answers
        page sends it). Returns the draft."""
        return call_form().keep_draft(self, form)

    def serve(self, request, *args, **kwargs):
        return call_form().serve(request, self)


def call_form():
    """The applications domain's side of a call page (fund/applications/call_form.py)."""
    [provider] = hooks.get_hooks("fund_call_form")
    return provider()
