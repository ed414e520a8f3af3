"""Subject access for administrators: everything held about an e-mail
address, downloaded as a ZIP (see fund.privacy.subject_access).

Superusers only: the export holds every answer, document and payment of the
person, so no role below administrator may make one.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.core.downloads import private_file_response
from fund.privacy.subject_access import subject_access_export
from fund.reviews.admin.managing import error_summary


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


class SubjectAccessForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Every application made with this contact e-mail address (in any mix of capitals), "
            "its documents and the e-mails sent to it."
        ),
        error_messages={
            "required": _("Enter the e-mail address of the person asking for their data."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.org."),
        },
    )


class SubjectAccessView(WagtailAdminTemplateMixin, FormView):
    page_title = _("Subject access request")
    header_icon = "download"
    template_name = "fund/admin/privacy/subject_access.html"
    form_class = SubjectAccessForm
    nothing_held = ""

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["error_summary"] = error_summary(form) if form.is_bound else []
        context["nothing_held"] = self.nothing_held
        return context

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        export = subject_access_export(email=email, by=self.request.user)
        if export is None:
            self.nothing_held = _(
                "We hold no applications and no e-mails for %(email)s. "
                "Check the address with the person who asked."
            ) % {"email": email}
            return self.render_to_response(self.get_context_data(form=form))
        return private_file_response(
            export.file,
            filename=f"subject-access-{timezone.localdate().isoformat()}.zip",
            content_type="application/zip",
        )


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)
