"""The applications domain's side of a call page.

A call is a Wagtail form page (fund/calls/models.py, ``CallPage``): Wagtail
asks the page for its form class, hands it each submission and asks it to
serve itself. Calls come before applications in the domain order, so the page
cannot import this domain; it asks for this provider through the
``fund_call_form`` hook instead. This module is the one layer where a page
reaches a view and a service (docs/decisions/0008-pages-that-serve-forms.md).
"""

from wagtail import hooks

from fund.applications.forms import build_application_form_class
from fund.applications.services.drafts import application_draft_save
from fund.applications.views.apply import call_page


class CallForm:
    """What a CallPage delegates to."""

    @staticmethod
    def form_class(call):
        return build_application_form_class(call)

    @staticmethod
    def keep_draft(call, form):
        """Keep what the applicant has given as a draft; returns the draft."""
        return application_draft_save(
            call=call,
            draft=form.draft,
            token=form.cleaned_data["submission_token"],
            raw=form.raw_answers(),
            core=form.core_answers(),
            answers=form.question_answers(),
            # Over the count or size limit, none of the new files is kept.
            files=[] if form.over_limit else form.checked_files(),
            remove_document_ids=[int(pk) for pk in form.cleaned_data.get("remove_documents", [])],
            targets=form.target_answers(),
            budget=form.budget_answers(),
        )

    @staticmethod
    def serve(request, call):
        return call_page(request, call)


@hooks.register("fund_call_form")
def call_form():
    return CallForm
