from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
        from fund.transparency import published_grants_by_fund

        context = super().get_context(request, *args, **kwargs)
        context["funds"] = published_grants_by_fund()
        return context
