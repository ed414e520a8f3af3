"""What the award views share: an award's figures and the action view."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.awards.models.awards import LIVE_AWARD_STATUSES, Award
from fund.awards.selectors import paid_total, returned_total
from fund.core.money import pounds
from fund.core.permissions import may
from fund.core.service_forms import ServiceFormMixin, error_summary

ZERO = Decimal("0.00")


#: How an amount sits in a listing's column: figures aligned, never wrapped.
MONEY_CLASSES = "w-tabular-nums w-whitespace-nowrap"


def money_column(name, label, *, sortable=True):
    """A listing's column of the award's ``name`` amount, written as money."""
    return Column(
        name,
        label=label,
        accessor=lambda award: pounds(getattr(award, name)),
        classname=MONEY_CLASSES,
        sort_key=name if sortable else None,
    )


@dataclass
class AwardFigures:
    """The money of one award, as the inspect view and the forms show it."""

    amount: Decimal
    paid: Decimal
    returned: Decimal
    live: bool

    @property
    def outstanding(self) -> Decimal:
        """Still to pay: nothing once the award has ended (what was not paid
        went back to the fund when it ended)."""
        return self.amount - self.paid if self.live else ZERO

    @property
    def refundable(self) -> Decimal:
        """Paid and not yet returned: the most that can still come back."""
        return self.paid - self.returned

    @classmethod
    def of(cls, award, *, payments=None, returns=None):
        """From lists already fetched, or two small queries."""
        paid = (
            sum((p.amount for p in payments), ZERO) if payments is not None else paid_total(award)
        )
        returned = (
            sum((r.amount for r in returns), ZERO) if returns is not None else returned_total(award)
        )
        return cls(
            amount=award.amount,
            paid=paid,
            returned=returned,
            live=award.status in LIVE_AWARD_STATUSES,
        )


def awards_index_url():
    return reverse("awards:index")


def award_url(award):
    return reverse("awards:inspect", args=[award.pk])


class AwardActionView(ServiceFormMixin, WagtailAdminTemplateMixin, FormView):
    """A form about one award, for staff holding any of ``permissions``.

    ``statuses`` are the award statuses in which the action makes sense: its
    button is shown on the award's page only then. The service has the last
    word either way.
    """

    permissions: tuple[str, ...] = ()
    statuses: frozenset | None = None
    header_icon = "tick-inverse"
    template_name = "fund/admin/awards/action.html"
    submit_label = _("Save")
    intro = ""
    error_message = ""

    @classmethod
    def shown_for(cls, user, award, figures: AwardFigures) -> bool:
        return may(user, *cls.permissions) and (
            cls.statuses is None or award.status in cls.statuses
        )

    def dispatch(self, request, *args, **kwargs):
        if not may(request.user, *self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # Not a form to fill in only to be refused: say at once why not.
        # (A post still goes to the service, which has the last word.)
        if not self.shown_for(request.user, self.award, self.figures):
            messages.warning(request, self.refusal())
            return redirect(self.inspect_url)
        return super().get(request, *args, **kwargs)

    def refusal(self) -> str:
        """Why the action cannot be taken on this award now, in plain words."""
        return _("“%(action)s” is not possible for %(reference)s now: the award is %(status)s.") % {
            "action": self.get_page_title(),
            "reference": self.award.reference,
            "status": self.award.get_status_display().lower(),
        }

    def get_award_queryset(self):
        return Award.objects.select_related("application__page", "fund")

    @cached_property
    def award(self):
        return get_object_or_404(self.get_award_queryset(), pk=self.kwargs["pk"])

    @cached_property
    def inspect_url(self):
        return award_url(self.award)

    @cached_property
    def figures(self):
        return AwardFigures.of(self.award)

    def get_page_subtitle(self):
        return self.award.reference

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": awards_index_url(), "label": _("Awards")},
            {"url": self.inspect_url, "label": self.award.reference},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            award=self.award,
            application=self.award.application,
            figures=self.figures,
            inspect_url=self.inspect_url,
            submit_label=self.submit_label,
            intro=self.intro,
            error_message=self.error_message,
            error_summary=error_summary(form, self.error_message) if form.is_bound else [],
        )
        return context
