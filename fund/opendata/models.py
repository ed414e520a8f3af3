from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from fund.core.funder import FunderSettings
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
