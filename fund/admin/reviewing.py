"""The grant panel member's side of the admin: their reviews on the dashboard
and in a listing, the conflict-of-interest declaration and the review form.

Blind scoring and conflicts are enforced by what each state of the review
page puts in its context: other reviews are not even queried until the
reviewer's own review is submitted, and nothing of the application but its
reference and call reaches the template until they declare no conflict.
The services decide every change.
"""

import re

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from fund import selectors, services
from fund.models import Conflict, Recommendation, ReviewAssignment
from fund.scoring import shown
from fund.services.reviews import UNDER_REVIEW
from fund.templatetags.fund_tags import pounds, when

REVIEW_PERMISSION = "fund.review_application"

CONFLICT_HIDDEN = _("Hidden: conflict declared")

#: The same words the services use, for states the page refuses before asking them.
ALREADY_SUBMITTED = _(
    "You have submitted this review, so it can no longer be changed. "
    "Ask a fund manager to reopen it."
)
REVIEWS_CLOSED = _("Reviews of this application are closed.")
DESCRIBE_CONFLICT = _(
    "Describe the conflict of interest, for example how you know the organisation."
)
AMOUNT_FORMAT = _("Enter the suggested amount in pounds, for example 1500 or 1500.50.")
NOT_A_REVIEWER = _("Only members of the grant panel can review applications.")
NOT_YOURS = _("This application is not assigned to you, so you cannot see or review it.")
CONFLICTED = _("You declared a conflict of interest, so you cannot score this application.")


def forbidden(request, message):
    """A 403 page in the admin's furniture. (Wagtail turns a PermissionDenied
    raised in an admin view into a redirect to the dashboard; a crafted
    request to see or score a review must get a plain refusal instead.)"""
    return TemplateResponse(
        request,
        "fund/admin/reviewing/forbidden.html",
        {"page_title": _("You cannot do that"), "header_icon": "warning", "message": message},
        status=403,
    )


def review_url(assignment):
    return reverse("fund_reviews:review", args=[assignment.pk])


def reviewer_name(user):
    return user.get_full_name() or user.get_username()


# --- the rows of "Your reviews", on the dashboard and in the listing ----------


def _unless_conflict(value):
    """A column accessor that shows nothing of the application once the
    reviewer has declared a conflict of interest."""

    def accessor(assignment):
        if assignment.has_conflict:
            return CONFLICT_HIDDEN
        return value(assignment.application)

    return accessor


def _reviews_close(assignment):
    closes = assignment.application.page.callpage.reviews_close_at
    return when(closes) if closes else _("Not set")


def assignment_columns():
    return [
        TitleColumn(
            "reference", label=_("Reference"), accessor="application.reference", get_url=review_url
        ),
        Column(
            "organisation",
            label=_("Organisation"),
            accessor=_unless_conflict(lambda a: a.organisation_name),
        ),
        Column("call", label=_("Call"), accessor="application.page.title"),
        Column(
            "amount_requested",
            label=_("Amount requested"),
            accessor=_unless_conflict(lambda a: pounds(a.amount_requested)),
        ),
        Column("state", label=_("Your review"), accessor="review_state"),
        Column("reviews_close", label=_("Reviews close"), accessor=_reviews_close),
    ]


class ReviewsPanel(Component):
    """The dashboard's "Your reviews" panel for a panel member."""

    name = "your_reviews"
    template_name = "fund/admin/reviewing/home_panel.html"
    order = 90  # above Wagtail's own panels: reviewing is this user's job here

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        assignments = list(selectors.assignments_for_reviewer(user=request.user))
        return {
            "assignments": assignments,
            "table": Table(assignment_columns(), assignments, caption=_("Your reviews")),
            "index_url": reverse("fund_reviews:index"),
            "request": request,
        }


class ReviewerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            return forbidden(request, NOT_A_REVIEWER)
        return super().dispatch(request, *args, **kwargs)


class ReviewIndexView(ReviewerRequiredMixin, BaseListingView):
    page_title = _("Your reviews")
    header_icon = "tasks"
    index_url_name = "fund_reviews:index"
    no_results_message = _("No applications have been assigned to you yet.")

    @cached_property
    def columns(self):
        return assignment_columns()

    def get_base_queryset(self):
        return selectors.assignments_for_reviewer(user=self.request.user)


# --- forms -------------------------------------------------------------------


class ErrorSummaryMixin:
    def error_summary(self):
        """(link, message) pairs for the error summary, in the order of the form."""
        items = []
        for name, errors in self.errors.items():
            href = ""
            if name in self.fields:
                field = self[name]
                anchor = field.auto_id
                if field.widget_type == "radioselect":
                    anchor = f"{anchor}_0"
                href = f"#{anchor}"
            items.extend((href, message) for message in errors)
        return items

    def add_service_errors(self, error):
        """Show a ReviewError from a service next to the fields it names."""
        if not error.errors:
            self.add_error(None, error.message)
            return
        for key, message in error.errors.items():
            self.add_error(key if key in self.fields else None, message)


class ConflictForm(ErrorSummaryMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        help_text=_(
            "You have a conflict of interest if you, your family or a close associate "
            "work for, volunteer with or would benefit from the organisation, or if "
            "people could reasonably think so. If you declare one you will not see "
            "or score this application, and you cannot undo it."
        ),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you have a conflict of interest with this application."),
            "invalid_choice": _(
                "Say whether you have a conflict of interest with this application."
            ),
        },
    )
    description = forms.CharField(
        label=_("If you have a conflict, describe it"),
        help_text=_("For example, how you know the organisation or the people who run it."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not cleaned.get("description", "").strip():
            self.add_error("description", DESCRIBE_CONFLICT)
        return cleaned


class ScoreField(forms.CharField):
    """A whole number from 0 to the criterion's maximum, or blank."""

    def __init__(self, *, criterion, **kwargs):
        self.criterion = criterion
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]+", value) or int(value) > self.criterion.maximum_score:
            raise forms.ValidationError(
                _("The score for %(name)s must be a whole number from 0 to %(max)s.")
                % {"name": self.criterion.name, "max": self.criterion.maximum_score},
                code="invalid",
            )
        return int(value)


class ReviewForm(ErrorSummaryMixin, forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        help_text=_("The application's strengths and weaknesses, in a few sentences."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a recommendation.")},
    )
    suggested_amount = forms.DecimalField(
        label=_("Suggested amount (£)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": AMOUNT_FORMAT,
            "max_digits": AMOUNT_FORMAT,
            "max_whole_digits": AMOUNT_FORMAT,
            "max_decimal_places": AMOUNT_FORMAT,
        },
    )

    def __init__(self, *args, criteria, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["suggested_amount"].help_text = _(
            "Only if you recommend funding in part: no more than the %(requested)s requested."
        ) % {"requested": pounds(application.amount_requested)}
        for criterion in criteria:
            prefix = f"criterion_{criterion.pk}"
            self.fields[prefix] = ScoreField(
                criterion=criterion,
                label=_("Score from 0 to %(max)s") % {"max": criterion.maximum_score},
            )
            self.fields[f"{prefix}_na"] = forms.BooleanField(
                label=_("N/A: this criterion does not apply to this application"),
                required=False,
            )
            self.fields[f"{prefix}_comment"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields([name for name in self.fields if name.startswith("criterion_")])

    @classmethod
    def initial_from(cls, review):
        """The form's initial values from a saved draft."""
        if review is None:
            return {}
        initial = {
            "comment": review.comment,
            "recommendation": review.recommendation,
            "suggested_amount": review.suggested_amount,
        }
        for score in review.scores.all():
            if score.criterion_id is None:
                continue
            prefix = f"criterion_{score.criterion_id}"
            initial[prefix] = score.score
            initial[f"{prefix}_na"] = score.not_applicable
            initial[f"{prefix}_comment"] = score.comment
        return initial

    def criterion_rows(self):
        """(criterion, score, N/A, comment) bound fields, one row per criterion."""
        return [
            (
                criterion,
                self[f"criterion_{criterion.pk}"],
                self[f"criterion_{criterion.pk}_na"],
                self[f"criterion_{criterion.pk}_comment"],
            )
            for criterion in self.criteria
        ]

    def scores(self):
        data = self.cleaned_data
        return [
            services.ScoreInput(
                criterion_id=criterion.pk,
                score=data[f"criterion_{criterion.pk}"],
                not_applicable=data[f"criterion_{criterion.pk}_na"],
                comment=data[f"criterion_{criterion.pk}_comment"],
            )
            for criterion in self.criteria
        ]

    def suggested_amount_for_service(self):
        if self.cleaned_data["recommendation"] != Recommendation.FUND_PART:
            return None
        return self.cleaned_data["suggested_amount"]


# --- the review page -----------------------------------------------------------


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One assignment, in one of five states:

    - declare: only the reference, the call and the conflict declaration;
    - conflict: that they declared a conflict, and nothing of the application;
    - scoring: the application and the review form (never other reviews);
    - submitted: the application, their review read-only, then the other
      panel members' submitted reviews;
    - closed: the application, with reviews closed before they submitted.
    """

    template_name = "fund/admin/reviewing/review.html"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        # Only the reviewer it is assigned to: not another panel member, not a
        # fund manager (they read reviews on the application's inspect page).
        if not request.user.has_perm(REVIEW_PERMISSION):
            return forbidden(request, NOT_A_REVIEWER)
        self.assignment = get_object_or_404(
            ReviewAssignment.objects.select_related("application__page", "review"),
            pk=kwargs["pk"],
        )
        if self.assignment.reviewer_id != request.user.pk:
            return forbidden(request, NOT_YOURS)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def application(self):
        return self.assignment.application

    @cached_property
    def review(self):
        return getattr(self.assignment, "review", None)

    @cached_property
    def state(self):
        if self.assignment.conflict == Conflict.UNDECLARED:
            return "declare"
        if self.assignment.has_conflict:
            return "conflict"
        if self.review is not None and self.review.is_submitted:
            return "submitted"
        if self.application.status not in UNDER_REVIEW:
            return "closed"
        return "scoring"

    @cached_property
    def criteria(self):
        return list(self.application.page.specific.criteria.all())

    def get_page_title(self):
        return _("Review %(reference)s") % {"reference": self.application.reference}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("fund_reviews:index"), "label": _("Your reviews")},
            {"url": "", "label": self.application.reference},
        ]

    # --- requests ----------------------------------------------------------

    def get(self, request, *args, **kwargs):
        return self.render(self.unbound_form())

    def post(self, request, *args, **kwargs):
        if self.state == "conflict":
            # They may never score, nor see, an application they are conflicted on.
            return forbidden(request, CONFLICTED)
        if self.state == "declare":
            return self.post_declaration()
        if self.state == "scoring":
            return self.post_review()
        refusal = ALREADY_SUBMITTED if self.state == "submitted" else REVIEWS_CLOSED
        return self.render(None, refusal=refusal, status=400)

    def post_declaration(self):
        form = ConflictForm(self.request.POST)
        if form.is_valid():
            has_conflict = form.cleaned_data["has_conflict"]
            try:
                services.conflict_declare(
                    assignment=self.assignment,
                    has_conflict=has_conflict,
                    description=form.cleaned_data["description"],
                    by=self.request.user,
                )
            except services.ReviewError as error:
                form.add_service_errors(error)
            else:
                if has_conflict:
                    message = _(
                        "You have declared a conflict of interest with %(reference)s. "
                        "You will not see or score it."
                    )
                else:
                    message = _(
                        "You have declared no conflict of interest, so you can now "
                        "review %(reference)s."
                    )
                messages.success(self.request, message % {"reference": self.application.reference})
                return redirect(review_url(self.assignment))
        return self.render(form)

    def post_review(self):
        submit = self.request.POST.get("action") == "submit"
        form = ReviewForm(self.request.POST, criteria=self.criteria, application=self.application)
        if form.is_valid():
            try:
                services.review_save(
                    assignment=self.assignment,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    recommendation=form.cleaned_data["recommendation"],
                    suggested_amount=form.suggested_amount_for_service(),
                    submit=submit,
                    by=self.request.user,
                )
            except services.ReviewError as error:
                form.add_service_errors(error)
            else:
                if submit:
                    message = _(
                        "Your review of %(reference)s has been submitted. You can now "
                        "see the other panel members' reviews."
                    )
                else:
                    message = _("Your draft review of %(reference)s has been saved.")
                messages.success(self.request, message % {"reference": self.application.reference})
                return redirect(review_url(self.assignment))
        return self.render(form)

    # --- rendering ---------------------------------------------------------

    def unbound_form(self):
        if self.state == "declare":
            return ConflictForm()
        if self.state == "scoring":
            return ReviewForm(
                initial=ReviewForm.initial_from(self.review),
                criteria=self.criteria,
                application=self.application,
            )
        return None

    def render(self, form, *, refusal=None, status=200):
        context = self.get_context_data(form=form, refusal=refusal)
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            assignment=self.assignment,
            application=self.application,
            reviews_close_at=self.application.page.specific.reviews_close_at,
            state=self.state,
        )
        if self.state in {"declare", "conflict"}:
            return context
        context.update(self.application_content())
        if self.state == "submitted":
            context.update(self.reviews_content())
        return context

    def application_content(self):
        application = self.application
        documents = list(application.documents.all())
        labels = {q["clean_name"]: q["label"] for q in application.questions}
        return {
            "answers": application.answers(),
            "documents": [
                (
                    document,
                    reverse("fund_document_download", args=[document.pk]),
                    labels.get(document.question, ""),
                )
                for document in documents
            ],
            "criteria": self.criteria,
        }

    def reviews_content(self):
        """Only for a submitted review: blind scoring ends when they submit."""
        others = selectors.submitted_reviews(application=self.application).exclude(
            pk=self.review.pk
        )
        return {
            "own_review": self.review,
            "own_score": shown(self.review.score),
            "own_scores": list(self.review.scores.all()),
            "other_reviews": [
                {
                    "review": review,
                    "reviewer": reviewer_name(review.assignment.reviewer),
                    "score": shown(review.score),
                    "scores": list(review.scores.all()),
                }
                for review in others
            ],
        }
