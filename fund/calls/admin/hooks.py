"""Page actions that would take the fund's records with them are refused in
the page editor, with the reason (fund/calls/guards.py): deleting a call or
fund that holds applications, awards or ledger entries, moving a call with
applications to another fund (one page at a time or in bulk), and copying a
fund or call as an alias.

A refused action changes and logs nothing: the editor goes back where they
came from (or to the page's edit view) and reads why.

Registered by import from fund.wagtail_hooks.
"""

from django import forms
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from fund.calls import guards as page_guards


def _refuse(request, page, refusal, *, back_to="wagtailadmin_pages:edit"):
    # Never redirect(): it takes a relative next ("listing") for a URL name.
    messages.error(request, refusal)
    next_url = get_valid_next_url_from_request(request)
    return HttpResponseRedirect(next_url or reverse(back_to, args=(page.pk,)))


@hooks.register("before_delete_page")
def refuse_deleting_what_the_fund_holds(request, page):
    if refusal := page_guards.delete_refusal(page):
        return _refuse(request, page, refusal)
    return None


@hooks.register("before_move_page")
def refuse_moving_a_call_away_from_its_fund(request, page, destination):
    if refusal := page_guards.move_refusal(page, new_parent=destination):
        return _refuse(request, page, refusal)
    return None


@hooks.register("before_copy_page")
def refuse_aliases_of_funds_and_calls(request, page):
    ticked = forms.CheckboxInput().value_from_datadict
    if request.method != "POST" or not ticked(request.POST, None, "alias"):
        return None
    recursive = ticked(request.POST, None, "copy_subpages")
    if refusal := page_guards.alias_refusal(page, recursive=recursive):
        return _refuse(request, page, refusal, back_to="wagtailadmin_pages:copy")
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_or_moving_what_the_fund_holds(request, action_type, objects, view):
    if not isinstance(view, PageBulkAction):
        return None
    if action_type == "delete":
        refusals = [(page, page_guards.delete_refusal(page)) for page in objects]
    elif action_type == "move":
        destination = view.cleaned_form.cleaned_data["chooser"]
        refusals = [
            (page, page_guards.move_refusal(page, new_parent=destination)) for page in objects
        ]
    else:
        return None
    refusals = [(page, refusal) for page, refusal in refusals if refusal]
    if not refusals:
        return None
    for page, refusal in refusals:
        messages.error(
            request,
            _("“%(title)s”: %(refusal)s")
            % {"title": page.get_admin_display_title(), "refusal": refusal},
        )
    if action_type == "delete":
        messages.error(request, _("None of the selected pages was deleted."))
    else:
        messages.error(request, _("None of the selected pages was moved."))
    return HttpResponseRedirect(view.next_url)
