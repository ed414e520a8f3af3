from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class RoutesToChildWithItsRow:
    """Wagtail's routing (``Page.route``) reads a child page and then its
    specific row, two queries at each level of the URL. A page whose children
    are mostly of one type (``child_relation``: "fundpage" below the home
    page) reads a child of that type with its own row in one query; any
    other child is read as Wagtail reads it."""

    child_relation = None

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child = (
            self.get_children()
            .filter(slug=path_components[0])
            .select_related(self.child_relation)
            .first()
        )
        if child is None:
            raise Http404
        child = getattr(child, self.child_relation, None) or child.specific
        child._cached_parent_obj = self  # as Wagtail does: get_parent() reads nothing
        return child.route(request, path_components[1:])


class HomePage(RoutesToChildWithItsRow, Page):
    """The site root: who we are and the calls open now."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["fund.FundPage", "fund.GrantsAwardedPage", "home.StandardPage"]
    max_count = 1
    child_relation = "fundpage"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from fund.selectors import open_calls

        context = super().get_context(request, *args, **kwargs)
        context["open_calls"] = open_calls(at=timezone.now())
        return context


class StandardPage(Page):
    """A plain page of text: privacy notice, accessibility statement, contact."""

    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")
