"""A staff account that the fund's records name is never deleted.

Reviews, decisions, payments, letters and ledger entries name the person who
made them (PROTECT foreign keys to the user), so the database refuses to
delete such an account; Wagtail's user views do not expect that and would
answer with a server error. The refusal is said in words instead, one user
at a time or in bulk, with what to do: make the account inactive, which
stops its sign-in and keeps the record of who did what.

Registered by import from fund.wagtail_hooks.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.users.views.bulk_actions.user_bulk_action import UserBulkAction


def _named_in_records(user) -> bool:
    """Whether deleting the user would be refused by a PROTECT foreign key
    (asked of Django's own deletion collector, so every such key counts)."""
    try:
        Collector(using=DEFAULT_DB_ALIAS).collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


def _refusal(user) -> str:
    return _(
        "%(name)s's account cannot be deleted: the fund's records (reviews, decisions, "
        "payments or letters) name them as the person who acted. Make the account "
        "inactive instead: they will no longer be able to sign in."
    ) % {"name": get_user_display_name(user)}


@hooks.register("before_delete_user")
def refuse_deleting_a_user_the_records_name(request, user):
    if not _named_in_records(user):
        return None
    messages.error(request, _refusal(user))
    return HttpResponseRedirect(reverse("wagtailusers_users:edit", args=(user.pk,)))


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_users_the_records_name(request, action_type, objects, view):
    if not isinstance(view, UserBulkAction) or action_type != "delete":
        return None
    named = [user for user in objects if _named_in_records(user)]
    if not named:
        return None
    for user in named:
        messages.error(request, _refusal(user))
    messages.error(request, _("None of the selected users was deleted."))
    # Never redirect(): it takes a relative next ("listing") for a URL name.
    return HttpResponseRedirect(view.next_url)
