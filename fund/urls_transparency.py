"""Public open data: the 360Giving files linked from the grants awarded page."""

urlpatterns = []
