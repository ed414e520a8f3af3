"""Why a page may not be deleted, moved or aliased: the fund's records never go
with a page.

Applications, awards, the budget ledger and letters are the fund's records,
kept for years after a call has closed. A page is only how the site shows a
fund or a call, so deleting one that holds records is refused (unpublishing
closes it), a call with applications stays under the fund its awards were
committed against, and no fund or call is copied as an alias.

Used by the page editor's hooks (fund/admin/hooks_pages.py), which show the
reason, and by the pages' own delete(), move() and create_alias() in
fund/models/calls.py; the PROTECT foreign keys to pages are the database's
last word.

Models are looked up through the app registry: fund/models/calls.py imports
this module, so it cannot import the models' package.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fund.applications.status import ApplicationStatus

#: Treebeard's positions that make the target the new parent (MovePageAction).
CHILD_POSITIONS = ("first-child", "last-child", "sorted-child")


@dataclass(frozen=True)
class Held:
    """What the fund holds under one page (the page included)."""

    applications: int = 0
    drafts: int = 0
    awards: int = 0
    ledger_entries: int = 0

    def __bool__(self):
        return any((self.applications, self.drafts, self.awards, self.ledger_entries))

    def describe(self) -> str:
        """For example "53 applications, 2 draft applications and 4 awards"."""
        parts = [
            ngettext(singular, plural, count) % {"count": count}
            for count, singular, plural in (
                (self.applications, "%(count)s application", "%(count)s applications"),
                (self.drafts, "%(count)s draft application", "%(count)s draft applications"),
                (self.awards, "%(count)s award", "%(count)s awards"),
                (
                    self.ledger_entries,
                    "%(count)s budget ledger entry",
                    "%(count)s budget ledger entries",
                ),
            )
            if count
        ]
        return get_text_list(parts, _("and"))


def applications_under(page):
    """The applications, drafts included, to the page and every page below it."""
    application = apps.get_model("fund", "Application")
    return application.objects.filter(page__path__startswith=page.path)


def held_under(page) -> Held:
    """Count the fund's records on the page and every page below it."""
    award = apps.get_model("fund", "Award")
    ledger_entry = apps.get_model("fund", "BudgetEntry")
    path = page.path
    applications = applications_under(page)
    drafts = applications.filter(status=ApplicationStatus.DRAFT).count()
    awards = award.objects.filter(
        Q(fund__path__startswith=path) | Q(application__page__path__startswith=path)
    )
    ledger_entries = ledger_entry.objects.filter(
        Q(fund__path__startswith=path) | Q(award__application__page__path__startswith=path)
    )
    return Held(
        applications=applications.count() - drafts,
        drafts=drafts,
        awards=awards.distinct().count(),
        ledger_entries=ledger_entries.distinct().count(),
    )


def _kind(page) -> str:
    """Which of the fund's page types this is: "call", "fund" or another "page"."""
    page_class = page.specific_class
    if page_class and issubclass(page_class, apps.get_model("fund", "CallPage")):
        return "call"
    if page_class and issubclass(page_class, apps.get_model("fund", "FundPage")):
        return "fund"
    return "page"


def delete_refusal(page) -> str | None:
    """Why the page may not be deleted, in a sentence for the editor; None if it may."""
    held = held_under(page)
    if not held:
        return None
    records = held.describe()
    kind = _kind(page)
    if kind == "call":
        return _(
            "This call has %(records)s, so it cannot be deleted: the fund must keep them. "
            "Unpublish the call to close it instead."
        ) % {"records": records}
    if kind == "fund":
        return _(
            "This fund has %(records)s, so it cannot be deleted: the fund must keep them. "
            "Unpublish the fund to close it instead."
        ) % {"records": records}
    return _(
        "The funds under this page have %(records)s, so it cannot be deleted: the funds "
        "must keep them. Unpublish the page instead, or move the funds elsewhere first."
    ) % {"records": records}


def parent_after_move(target, pos=None):
    """The page a move to ``target`` at ``pos`` puts the moved page under."""
    return target if pos in CHILD_POSITIONS else target.get_parent()


def move_refusal(page, *, new_parent) -> str | None:
    """Why the page may not be moved under ``new_parent``; None if it may.

    A fund takes its calls and ledger with it wherever it goes. A call that
    has applications stays under its fund: its awards were committed against
    that fund's budget and its applications carry that fund's references.
    """
    if _kind(page) != "call" or new_parent.pk == page.get_parent().pk:
        return None
    held = held_under(page)
    if not held:
        return None
    return _(
        "This call has %(records)s, so it cannot be moved to another fund: they belong to "
        "the fund it was opened under. To run the call again under another fund, copy it "
        "there instead."
    ) % {"records": held.describe()}


def alias_refusal(page, *, recursive: bool) -> str | None:
    """Why the page (and, if ``recursive``, its subpages) may not be aliased.

    An alias of a fund would be a second fund showing the first one's
    commitment with none of its ledger; an alias of a call would take
    applications of its own. Neither can be edited, only its original.
    """
    fund_types = (apps.get_model("fund", "FundPage"), apps.get_model("fund", "CallPage"))
    if recursive:
        has_funds_or_calls = page.get_descendants(inclusive=True).type(*fund_types).exists()
    else:
        has_funds_or_calls = _kind(page) != "page"
    if not has_funds_or_calls:
        return None
    return _(
        "Funds and calls cannot be copied as aliases: an alias would be a second fund or "
        "call, with applications and money of its own, that nobody could edit. Copy it "
        "without “Alias” instead."
    )
