"""The review page. Blind scoring and conflicts are enforced by what each
state of the page puts in its context: other reviews are not even queried
until the reviewer's own review is submitted, and nothing of the application
but who applied (the organisation and its contact, so the reviewer can tell
whether they know them) reaches the template until they declare no
conflict. The services decide every change."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.applications.status import UNDER_REVIEW
from fund.applications.summaries import staff_answers
from fund.core.permissions import REVIEW
from fund.reviews.admin.forms import ConflictForm, ReviewForm
from fund.reviews.admin.listing import (
    NOT_A_REVIEWER,
    NOT_YOURS,
    forbidden,
    review_url,
    reviewer_name,
)
from fund.reviews.models import Conflict, Recommendation, ReviewAssignment
from fund.reviews.scoring import shown
from fund.reviews.selectors import next_assignment_for_reviewer, submitted_reviews
from fund.reviews.services.progress import ReviewError
from fund.reviews.services.reviewing import (
    ALREADY_SUBMITTED,
    CONFLICTED,
    REVIEWS_CLOSED,
    conflict_declare,
    review_check,
    review_save,
    review_weighted_score,
)

#: The form prefix of a conflict declared part-way through scoring.
LATE = "conflict"

# --- the review page -----------------------------------------------------------


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One assignment, in one of five states:

    - declare: the reference, the call, who applied, and the conflict
      declaration;
    - conflict: that they declared a conflict, and nothing of the application;
    - scoring: the application and the review form (never other reviews);
      "Check and submit" shows the review to check, with the button that
      submits it;
    - submitted: the application, their review read-only, then the other
      panel members' submitted reviews;
    - closed: the application, with reviews closed before they submitted.
    """

    template_name = "fund/admin/reviewing/review.html"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        # Only the reviewer it is assigned to: not another panel member, not a
        # fund manager (they read reviews on the application's inspect page).
        if not request.user.has_perm(REVIEW):
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
            return self.post_declaration(ConflictForm(self.request.POST))
        if self.state == "scoring" and self.request.POST.get("action") == "declare_conflict":
            # Found out part-way through: declared before submitting, it is final.
            return self.post_declaration(ConflictForm(self.request.POST, prefix=LATE))
        if self.state == "scoring":
            return self.post_review()
        refusal = ALREADY_SUBMITTED if self.state == "submitted" else REVIEWS_CLOSED
        return self.render(None, refusal=refusal, status=400)

    def post_declaration(self, form):
        if form.is_valid():
            has_conflict = form.cleaned_data["has_conflict"]
            try:
                conflict_declare(
                    assignment=self.assignment,
                    has_conflict=has_conflict,
                    description=form.cleaned_data["description"],
                    by=self.request.user,
                )
            except ReviewError as error:
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
        if form.prefix == LATE:
            return self.render(
                self.unbound_form(), refusal=_("Your declaration was not sent."), late_conflict=form
            )
        return self.render(form)

    def post_review(self):
        action = self.request.POST.get("action")
        submit = action in {"check", "submit"}
        form = ReviewForm(self.request.POST, criteria=self.criteria, application=self.application)
        valid = form.is_valid()
        inputs = form.review_inputs()
        try:
            if not valid or action == "check":
                # Every error at once: the service's rules too, not only the form's.
                review_check(
                    assignment=self.assignment, submit=submit, by=self.request.user, **inputs
                )
            if valid:
                review_save(
                    assignment=self.assignment,
                    comment=form.cleaned_data["comment"],
                    submit=action == "submit",
                    by=self.request.user,
                    **inputs,
                )
        except ReviewError as error:
            form.add_service_errors(error)
        if not form.is_valid():
            return self.render(form)
        if action == "check":
            # Kept as a draft meanwhile, so "Change your review" finds it as checked.
            return self.render(form, confirming=True)
        if action == "submit":
            message = _(
                "Your review of %(reference)s has been submitted. You can now "
                "see the other panel members' reviews."
            )
        else:
            message = _("Your draft review of %(reference)s has been saved.")
        messages.success(self.request, message % {"reference": self.application.reference})
        return redirect(review_url(self.assignment))

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

    def render(self, form, *, refusal=None, status=200, late_conflict=None, confirming=False):
        if self.state == "scoring" and late_conflict is None and not confirming:
            late_conflict = ConflictForm(prefix=LATE, initial={"has_conflict": "yes"})
        context = self.get_context_data(
            form=form, refusal=refusal, late_conflict=late_conflict, confirming=confirming
        )
        if confirming:
            context.update(self.confirmation(form))
        return self.render_to_response(context, status=status)

    def confirmation(self, form):
        """What "Check and submit" shows: each score with its meaning, the
        weighted score it makes, and the recommendation."""
        inputs = form.review_inputs()
        total = review_weighted_score(criteria=self.criteria, scores=inputs["scores"])
        summary = form.summary()
        return {
            "summary": summary,
            "any_comment": any(row["comment"] for row in summary),
            "total": shown(total),
            "recommendation": Recommendation(form.cleaned_data["recommendation"]).label,
            "suggested_amount": inputs["suggested_amount"],
            "overall_comment": form.cleaned_data["comment"],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            assignment=self.assignment,
            application=self.application,
            reviews_close_at=self.application.page.specific.reviews_close_at,
            state=self.state,
        )
        if self.state == "declare":
            return context
        if self.state in {"conflict", "submitted"}:
            following = next_assignment_for_reviewer(user=self.request.user, after=self.assignment)
            context["next_url"] = review_url(following) if following else None
            context["next_reference"] = following.application.reference if following else ""
        if self.state == "conflict":
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
            **staff_answers(application, personal=False),
            "documents": [
                (
                    document,
                    reverse("applications:document", args=[document.pk]),
                    labels.get(document.question, ""),
                )
                for document in documents
            ],
            "criteria": self.criteria,
        }

    def reviews_content(self):
        """Only for a submitted review: blind scoring ends when they submit."""
        others = submitted_reviews(application=self.application).exclude(pk=self.review.pk)
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
