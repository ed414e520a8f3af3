from django.urls import reverse
from wagtail.admin.panels import Panel


class CallApplicationsPanel(Panel):
    """On a call's edit page: how many applications it has, linking to them
    in the Applications listing (Wagtail's own form-submissions views are
    switched off for calls; see wagtail_hooks)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "fund/admin/call_applications_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["count"] = self.instance.get_submissions().count()
            context["url"] = f"{reverse('applications:index')}?page={self.instance.pk}"
            return context
