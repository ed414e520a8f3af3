"""The public pages of what the fund publishes: the grants awarded and what
the fund achieved."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from fund.calls.models import FundPage
from fund.core.funder import FunderSettings
from fund.monitoring.selectors import outcomes, outcomes_published
from fund.opendata import giving360
from fund.opendata.selectors import published_grants_by_fund


class GrantsAwardedPage(Page):
    """The public list of every grant made, with the 360Giving data
    (the Elected Local Policing Bodies (Specified Information) Order 2011)."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("grants awarded page")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        funds = published_grants_by_fund()
        context["funds"] = funds
        # The 360Giving files exist once there is a grant and the funder's
        # identifiers are set (every 360Giving grant needs them).
        context["open_data"] = bool(funds) and giving360.is_publishable(
            FunderSettings.for_request(request)
        )
        context["licence_url"] = giving360.LICENCE_URL
        context["licence_name"] = giving360.LICENCE_NAME
        return context


@dataclass(frozen=True)
class FundAchievements:
    fund: FundPage
    money: outcomes.MoneyTotals
    measures: list[outcomes.MeasureTotal]
    case_studies: list[outcomes_published.CaseStudy]


def fund_achievements() -> list[FundAchievements]:
    """Each fund with grants: its outcomes against targets and the case studies
    published with consent. Five queries a fund."""
    achievements = []
    for fund in outcomes.funds():
        scope = outcomes.Scope(fund=fund)
        money = outcomes.money_totals(scope=scope)
        if money.grants:
            achievements.append(
                FundAchievements(
                    fund=fund,
                    money=money,
                    measures=outcomes.measure_totals(scope=scope),
                    case_studies=outcomes_published.case_studies(scope=scope),
                )
            )
    return achievements


class OutcomesPage(Page):
    """What the fund achieved, for the public: the outcomes of its grants
    against their targets, and the case studies their authors consented to
    publish. Nothing personal: figures, organisations and consented texts."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "fund/outcomes/outcomes_page.html"

    class Meta:
        verbose_name = _("what the fund achieved page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["funds"] = fund_achievements()
        return context
