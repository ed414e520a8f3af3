"""Grants > Applications: the listing, an application's page and history,
and the URLs of every action on an application (screen, assign, award,
decline, reopen a review, download a document), under the one namespace
``applications:``."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import HistoryView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from fund.applications.models import Application, ApplicationDocument
from fund.applications.questions import CORE_ANSWER_FIELDS, CORE_QUESTIONS
from fund.applications.selectors import applications_for_staff
from fund.applications.status import DECIDABLE, UNDER_REVIEW, ApplicationStatus
from fund.applications.summaries import staff_answers
from fund.awards.admin import decisions
from fund.awards.admin.common import MONEY_CLASSES
from fund.awards.models.awards import Award
from fund.awards.services.decisions import decision_too_soon
from fund.core.downloads import private_file_response
from fund.core.exports import FormulaSafeExportMixin
from fund.core.money import pounds
from fund.core.permissions import (
    ASSIGN,
    DECIDE,
    REOPEN_REVIEW,
    SCREEN,
    VIEW_ALL_REVIEWS,
    VIEW_AWARD,
)
from fund.reviews import scoring
from fund.reviews.admin import managing
from fund.reviews.admin.filters import APPLICATION_SEARCH_FIELDS, ApplicationFilterSet
from fund.reviews.admin.scores import as_decimal, spread_shown
from fund.reviews.selectors import (
    application_needs_moderation,
    applications_visible_to,
    submitted_reviews,
    with_review_summary,
)
from fund.reviews.services.screening import SCREENABLE


class ApplicationIndexView(FormulaSafeExportMixin, IndexView):
    template_name = "fund/admin/application_index.html"

    def get_base_queryset(self):
        return applications_for_staff()

    @cached_property
    def can_assign(self):
        return self.request.user.has_perm(ASSIGN)

    @cached_property
    def columns(self):
        # Bulk actions (assign the grant panel to several applications) only
        # for those who may use them; the title column names each checkbox.
        columns = super().columns
        if self.can_assign:
            columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type="application"), *columns]
        return columns

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_assign": self.can_assign}


class ApplicationInspectView(InspectView):
    """Everyone who may view applications sees the bid; fund managers
    (``fund.view_all_reviews``) also see its screening, the panel's
    assignments and every submitted review, with the actions on them."""

    template_name = "fund/admin/application_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(applications_for_staff().select_related("screened_by"), pk=self.pk)

    @cached_property
    def header_buttons(self):
        user, application = self.request.user, self.object
        buttons = []
        if user.has_perm(SCREEN) and application.status in SCREENABLE:
            buttons.append(
                HeaderButton(
                    _("Screen"),
                    url=reverse("applications:screen", args=[application.pk]),
                    icon_name="tasks",
                    priority=10,
                )
            )
        if user.has_perm(ASSIGN) and application.status in UNDER_REVIEW:
            buttons.append(
                HeaderButton(
                    _("Assign reviewers"),
                    url=reverse("applications:assign", args=[application.pk]),
                    icon_name="group",
                    priority=20,
                )
            )
        if user.has_perm(DECIDE) and application.status in DECIDABLE:
            buttons += [
                HeaderButton(
                    _("Award"),
                    url=reverse("applications:award", args=[application.pk]),
                    icon_name="tick-inverse",
                    priority=30,
                ),
                HeaderButton(
                    _("Decline"),
                    url=reverse("applications:decline", args=[application.pk]),
                    icon_name="cross",
                    priority=40,
                ),
            ]
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(staff_answers(self.object, personal=True))
        context["documents"] = [
            (document, reverse("applications:document", args=[document.pk]))
            for document in self.object.documents.all()
        ]
        context["history_url"] = reverse("applications:history", args=[self.object.pk])
        if self.request.user.has_perm(VIEW_ALL_REVIEWS):
            context.update(self.get_review_context())
        context.update(self.get_decision_context())
        return context

    def get_decision_context(self):
        """The decision on the application: the award (its figures only for
        staff who may see awards) or the reason it was declined."""
        application, user = self.object, self.request.user
        context = {
            "decidable": application.status in DECIDABLE,
            "may_decide": user.has_perm(DECIDE),
        }
        if context["decidable"]:
            context["too_soon"] = decision_too_soon(application, application.page.specific)
        if application.status == ApplicationStatus.DECLINED:
            context["declined_by"] = application.declined_by
        award = (
            Award.objects.filter(application=application).first()
            if application.status == ApplicationStatus.AWARDED
            else None
        )
        if award is not None:
            context["award"] = award
            if user.has_perm(VIEW_AWARD):
                context["award_url"] = reverse("awards:inspect", args=[award.pk])
        return context

    def get_review_context(self):
        application = self.object
        summary = with_review_summary(Application.objects.filter(pk=application.pk)).get()
        can_reopen = (
            self.request.user.has_perm(REOPEN_REVIEW) and application.status in UNDER_REVIEW
        )
        reviews = [
            {
                "review": review,
                "score": scoring.shown(review.score),
                "reopen_url": reverse("applications:reopen_review", args=[review.pk]),
                "reopen_form": (
                    managing.ReopenReviewForm(auto_id=f"id_reopen_{review.pk}_%s")
                    if can_reopen
                    else None
                ),
            }
            for review in submitted_reviews(application=application)
        ]
        return {
            "show_reviews": True,
            "screening_decision": self.screening_decision(),
            "assignments": application.assignments.select_related("reviewer", "review"),
            "reviews": reviews,
            "mean_score": scoring.shown(as_decimal(summary.mean_score)),
            "review_count": summary.review_count,
            "spread": spread_shown(summary.spread),
            "needs_moderation": application_needs_moderation(summary),
        }

    def screening_decision(self):
        application = self.object
        if not application.screened_at:
            return None
        if application.status == ApplicationStatus.INELIGIBLE:
            return _("Not eligible")
        return _("Eligible")


class ApplicationHistoryView(HistoryView):
    """Anyone who may view applications may read their audit trail. There is
    no edit view, so the application's own link goes to its inspect view."""

    any_permission_required = ["view"]

    def get_edit_url(self, instance):
        return reverse("applications:inspect", args=[instance.pk])

    @cached_property
    def header_buttons(self):
        return []


def _export_accessor(question) -> str:
    """A core answer's column in the export: a choice as its label, from
    the model's get_<name>_display."""
    return f"get_{question.name}_display" if question.choices else question.name


class ApplicationViewSet(ModelViewSet):
    model = Application
    icon = "form"
    menu_label = _("Applications")
    name = "applications"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    history_view_class = ApplicationHistoryView
    filterset_class = ApplicationFilterSet
    search_fields = APPLICATION_SEARCH_FIELDS
    search_backend_name = None
    list_per_page = 50
    list_display = [
        TitleColumn(
            "reference",
            label=_("Reference"),
            url_name="applications:inspect",
            get_title_id=lambda application: f"application_{application.pk}_title",
        ),
        "organisation_name",
        Column("call", label=_("Call"), accessor="page.title"),
        Column(
            "amount_requested",
            label=_("Amount requested"),
            accessor=lambda application: pounds(application.amount_requested),
            classname=MONEY_CLASSES,
            sort_key="amount_requested",
        ),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("submitted_at", label=_("Submitted")),
    ]
    list_export = [
        "reference",
        "get_status_display",
        "call_title",
        *(_export_accessor(question) for question in CORE_QUESTIONS if question.exported),
        "submitted_at",
    ]
    export_headings = {
        "get_status_display": _("Status"),
        "call_title": _("Call"),
        "submitted_at": _("Submitted"),
        # A choice's column is named as its answer's column on the model.
        **{
            _export_accessor(question): capfirst(
                Application._meta.get_field(question.name).verbose_name
            )
            for question in CORE_QUESTIONS
            if question.choices
        },
    }
    export_filename = "applications"
    inspect_view_fields = [
        "reference",
        "status",
        *CORE_ANSWER_FIELDS,
        "submitted_at",
        "acknowledged_at",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        # Read-only: applications are made by the public form and changed
        # only by services, so there are no add, edit, copy or delete views;
        # the actions on an application are its own views, each checking
        # its permission and calling one service.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("screen/<int:pk>/", managing.ScreenView.as_view(), name="screen"),
            path("assign/<int:pk>/", managing.AssignView.as_view(), name="assign"),
            path("award/<int:pk>/", decisions.AwardView.as_view(), name="award"),
            path("decline/<int:pk>/", decisions.DeclineView.as_view(), name="decline"),
            path("reopen-review/<int:pk>/", managing.ReopenView.as_view(), name="reopen_review"),
            path("document/<int:pk>/", document_download, name="document"),
        ]


def document_download(request, pk):
    """Stream one applicant's document to staff who may see the application:
    fund managers, finance and administrators, and a panel member it is
    assigned to who has declared no conflict of interest.

    The file is always an attachment, never rendered by the browser, and
    never cached; there is no other way to reach it.
    """
    visible = applications_visible_to(user=request.user)
    document = ApplicationDocument.objects.filter(pk=pk, application__in=visible).first()
    if document is None:
        # The same answer whether or not the document exists: guessing
        # numbers must not tell anyone which documents there are.
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("This document is missing from storage.")) from error
    return private_file_response(
        handle, filename=document.original_name, content_type=document.content_type
    )
