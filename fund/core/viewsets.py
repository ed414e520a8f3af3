"""What the admin's read-only listings share (Grants > Awards, Grants >
Reports): a Wagtail ModelViewSet with no add, edit, delete, history or usage
views. Their records change only through the services, by actions on a
record's page, each a view that checks its own permission."""

from wagtail.admin.viewsets.model import ModelViewSet


class ReadOnlyModelViewSet(ModelViewSet):
    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )
