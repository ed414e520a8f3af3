"""The fund manager's actions on applications: screen, assign the grant panel
(one application, or several from the listing's bulk actions) and reopen a
submitted review.

Each view is thin (docs/architecture.md, "Where the rules live"): check the
permission, call one service, say what happened and go back to the
application. A refusal from the service re-renders the form with its message
and the fields it names.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.applications.models import Application
from fund.applications.selectors import applications_for_staff
from fund.applications.status import ApplicationStatus, IneligibleReason
from fund.applications.summaries import answer_sections
from fund.core.people import panel_members
from fund.core.permissions import ASSIGN, REOPEN_REVIEW, SCREEN
from fund.core.service_forms import ServiceFormMixin, add_service_errors, error_summary
from fund.reviews.admin.filters import APPLICATION_SEARCH_FIELDS, ApplicationFilterSet
from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewers_assign
from fund.reviews.services.progress import ReviewError
from fund.reviews.services.reviewing import review_reopen
from fund.reviews.services.screening import application_screen

ELIGIBLE, INELIGIBLE = "eligible", "ineligible"


def display_name(user):
    return user.get_full_name() or user.get_username()


# --- forms -------------------------------------------------------------------


class ScreeningForm(forms.Form):
    # Only the decision is checked here; the rules on reasons and notes are
    # the service's, so its sentences are the ones the fund manager reads.
    decision = forms.ChoiceField(
        label=_("Is the application eligible?"),
        choices=[(ELIGIBLE, _("Eligible")), (INELIGIBLE, _("Not eligible"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the application is eligible.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason it is not eligible"),
        choices=IneligibleReason.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Needed when the application is not eligible."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Needed when the reason is “Other”. If the application is not eligible, "
            "the reason and this note are e-mailed to the applicant."
        ),
    )


class PanelMemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class AssignReviewersForm(forms.Form):
    reviewers = PanelMemberChoiceField(
        label=_("Panel members"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one panel member to assign.")},
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = panel_members().exclude(pk__in=exclude)


class ReopenReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        required=False,  # the service asks for it, in its own words
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the application's history."),
    )


# --- one application ---------------------------------------------------------


class ApplicationActionView(ServiceFormMixin, WagtailAdminTemplateMixin, FormView):
    """A form about one application, for staff with ``permission_required``."""

    permission_required = None
    header_icon = "form"
    error_message = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def application(self):
        return get_object_or_404(
            applications_for_staff().select_related("screened_by"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def inspect_url(self):
        return reverse("applications:inspect", args=[self.application.pk])

    def get_page_subtitle(self):
        return str(self.application)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("applications:index"), "label": _("Applications")},
            {"url": self.inspect_url, "label": str(self.application)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            application=self.application,
            inspect_url=self.inspect_url,
            error_message=self.error_message,
            error_summary=error_summary(form, self.error_message) if form.is_bound else [],
        )
        return context


class ScreenView(ApplicationActionView):
    permission_required = SCREEN
    page_title = _("Screen for eligibility")
    template_name = "fund/admin/managing/screen.html"
    form_class = ScreeningForm

    def get_initial(self):
        application = self.application
        if not application.screened_at:
            return {}
        return {
            "decision": INELIGIBLE if application.screening_reason else ELIGIBLE,
            "reason": application.screening_reason,
            "note": application.screening_note,
        }

    def get_context_data(self, **kwargs):
        application = self.application
        return {
            **super().get_context_data(**kwargs),
            "sections": answer_sections(application, application.page.specific),
            "documents": [
                (document, reverse("applications:document", args=[document.pk]))
                for document in application.documents.all()
            ],
        }

    def act(self, data):
        eligible = data["decision"] == ELIGIBLE
        application = application_screen(
            application=self.application,
            eligible=eligible,
            reason="" if eligible else data["reason"],
            note=data["note"],
            by=self.request.user,
        )
        if eligible:
            return _("%(application)s is eligible. You can now assign the grant panel.") % {
                "application": application
            }
        return _("%(application)s is not eligible. The applicant will be e-mailed the reason.") % {
            "application": application
        }


class AssignView(ApplicationActionView):
    permission_required = ASSIGN
    page_title = _("Assign reviewers")
    template_name = "fund/admin/managing/assign.html"
    form_class = AssignReviewersForm

    @cached_property
    def assignments(self):
        return list(self.application.assignments.select_related("reviewer", "review"))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "exclude": [assignment.reviewer_id for assignment in self.assignments],
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "assignments": self.assignments}

    def act(self, data):
        reviewers = list(data["reviewers"])
        reviewers_assign(applications=[self.application], reviewers=reviewers, by=self.request.user)
        return ngettext(
            "%(names)s is assigned to review %(application)s.",
            "%(names)s are assigned to review %(application)s.",
            len(reviewers),
        ) % {
            "names": ", ".join(display_name(r) for r in reviewers),
            "application": self.application,
        }


class ReopenView(ApplicationActionView):
    permission_required = REOPEN_REVIEW
    page_title = _("Reopen review")
    template_name = "fund/admin/managing/reopen.html"
    form_class = ReopenReviewForm

    @cached_property
    def review(self):
        reviews = Review.objects.select_related(
            "assignment__reviewer", "assignment__application__page"
        ).exclude(assignment__application__status=ApplicationStatus.DRAFT)
        return get_object_or_404(reviews, pk=self.kwargs["pk"])

    @cached_property
    def application(self):
        return self.review.assignment.application

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "review": self.review,
            "reviewer_name": display_name(self.review.assignment.reviewer),
        }

    def act(self, data):
        review_reopen(review=self.review, reason=data["reason"], by=self.request.user)
        return _(
            "%(reviewer)s's review is reopened as a draft. They can change it and submit it again."
        ) % {"reviewer": display_name(self.review.assignment.reviewer)}


# --- several applications: the listing's bulk action --------------------------


class AssignReviewersBulkAction(BulkAction):
    """Listing > select applications > "Assign reviewers" > choose panel
    members > confirm. All or nothing, as the service is."""

    display_name = _("Assign reviewers")
    action_type = "assign_reviewers"
    aria_label = _("Assign panel members to the selected applications")
    template_name = "fund/admin/managing/bulk_assign.html"
    action_priority = 10
    models = [Application]
    form_class = AssignReviewersForm
    error_message = ""

    def __init__(self, request, model):
        super().__init__(request, model)
        # Wagtail keeps a relative "next" such as "listing", which redirect()
        # takes for a URL name and fails on (a 500): only a path goes back.
        if not self.next_url.startswith("/"):
            self.next_url = request.path

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ASSIGN):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Drafts are never acted on; unknown or malformed ids are simply not there.
        if not isinstance(object_ids, QuerySet):
            object_ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(applications_for_staff().filter(pk__in=object_ids))

    def get_all_objects_in_listing_query(self, parent_id):
        """For "select all in listing": the listing's own filters and search."""

        queryset = applications_for_staff()
        filters = ApplicationFilterSet(data=self.request.GET, queryset=queryset)
        if filters.is_valid():
            queryset = filters.qs
        # The listing's own search form: a search it refuses (a NUL character,
        # which PostgreSQL cannot take) is no search there, nor here.
        search = SearchForm(self.request.GET)
        if search.is_valid() and (query := search.cleaned_data["q"].strip()):
            condition = Q()
            for field in APPLICATION_SEARCH_FIELDS:
                condition |= Q(**{f"{field}__icontains": query})
            queryset = queryset.filter(condition)
        return queryset.values_list("pk", flat=True)

    def get_execution_context(self):
        return {
            "reviewers": list(self.cleaned_form.cleaned_data["reviewers"]),
            "by": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, reviewers=(), by=None, **kwargs):
        made = reviewers_assign(applications=objects, reviewers=reviewers, by=by)
        return len(objects), made

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ReviewError as error:
            self.error_message = error.message
            add_service_errors(form, error)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["error_summary"] = error_summary(form, self.error_message) if form.is_bound else []
        return context

    def get_success_message(self, num_parent_objects, num_child_objects):
        names = ", ".join(display_name(r) for r in self.cleaned_form.cleaned_data["reviewers"])
        return ngettext(
            "%(names)s assigned to %(count)d application.",
            "%(names)s assigned to %(count)d applications.",
            num_parent_objects,
        ) % {"names": names, "count": num_parent_objects}
