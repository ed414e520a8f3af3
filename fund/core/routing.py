"""Page routing with fewer queries, for the site's page types."""

from django.http import Http404


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
