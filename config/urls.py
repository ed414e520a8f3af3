from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from fund.security.login import AdminLoginView

urlpatterns = [
    # Wagtail's sign-in page, without its server error for a relative next;
    # before the admin's own URLs, so it answers at their address.
    path("admin/login/", AdminLoginView.as_view(), name="fund_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    # The applicant's own pages: check answers, status, private links.
    path("apply/", include("fund.urls")),
    # Open data about the grants made (360Giving).
    path("open-data/", include("fund.opendata.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media is page images only, in Wagtail's two image folders;
    # private files live elsewhere and have no URL, and Wagtail's documents
    # are streamed only through the admin (fund/applications/admin/hooks_documents.py).
    for folder in ("original_images/", "images/"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}", document_root=f"{settings.MEDIA_ROOT}/{folder}"
        )

urlpatterns += [path("", include(wagtail_urls))]
