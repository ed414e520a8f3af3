from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from fund.calls.models import FundPage
from fund.calls.selectors import open_calls
from fund.core.routing import RoutesToChildWithItsRow
from fund.opendata.pages import GrantsAwardedPage, OutcomesPage


class HomePage(RoutesToChildWithItsRow, Page):
    """The site root: who we are and the calls open now."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "fund.FundPage",
        "fund.GrantsAwardedPage",
        "fund.OutcomesPage",
        "home.StandardPage",
    ]
    max_count = 1
    child_relation = "fundpage"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["open_calls"] = open_calls(at=timezone.now())
        context.update(self.published_pages())
        return context

    def published_pages(self) -> dict:
        """The fund pages, the grants awarded page and the "What the fund
        achieved" page under this home page, if live: one query."""
        pages = {"funds": [], "grants_awarded": None, "achievements": None}
        children = (
            Page.objects.child_of(self).live().type(FundPage, GrantsAwardedPage, OutcomesPage)
        )
        for page in children.select_related("content_type").order_by("path"):
            model = page.content_type.model_class()
            if issubclass(model, FundPage):
                pages["funds"].append(page)
            elif issubclass(model, GrantsAwardedPage):
                pages["grants_awarded"] = page
            else:
                pages["achievements"] = page
        return pages


class StandardPage(Page):
    """A plain page of text: privacy notice, accessibility statement, contact."""

    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")
