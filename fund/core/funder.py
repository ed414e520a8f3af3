from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


@register_setting(icon="site")
class FunderSettings(BaseSiteSetting):
    """Who runs the fund: shown in the site footer and on award letters."""

    funder_name = models.CharField(_("funder name"), max_length=200)
    address = models.TextField(_("postal address"), blank=True)
    telephone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the declarations on every application form."),
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer of every page."),
    )
    organisation_identifier = models.CharField(
        _("organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_("The funder's org-id identifier, used in the 360Giving data."),
    )
    grant_identifier_prefix = models.CharField(
        _("360Giving identifier prefix"),
        max_length=50,
        blank=True,
        help_text=_(
            "Your registered 360Giving prefix, like 360G-wypcc. Grant identifiers "
            "are this prefix and the application reference."
        ),
    )
    signatory_name = models.CharField(_("signatory name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("funder_name"),
                FieldPanel("address"),
                FieldPanel("telephone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("logo"),
                FieldPanel("privacy_notice"),
                FieldPanel("accessibility_statement"),
            ],
            heading=_("Funder"),
        ),
        MultiFieldPanel(
            [FieldPanel("organisation_identifier"), FieldPanel("grant_identifier_prefix")],
            heading=_("Open data (360Giving)"),
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title")],
            heading=_("Award letters are signed by"),
        ),
    ]

    # The footer of every page links these two: read them with the settings.
    select_related = ["privacy_notice", "accessibility_statement"]

    class Meta:
        verbose_name = _("funder details")

    def __str__(self):
        return self.funder_name


def funder_settings(request=None):
    """The funder details of the default site, for work done outside a request.

    Given a request for the default site (every request, on a site of one),
    the ones read for it already: Wagtail keeps them on the request for the
    pages' footer (``FunderSettings.for_request``)."""
    if request is not None:
        site = Site.find_for_request(request)  # kept on the request too
        if site is not None and site.is_default_site:
            return FunderSettings.for_request(request)
    # The default site's, in one query; the site itself only when there are
    # none yet (for_site makes them).
    found = FunderSettings.base_queryset().filter(site__is_default_site=True).first()
    if found is not None:
        return found
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return FunderSettings.for_site(site) if site else FunderSettings(funder_name="")
