from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # The applicant's own pages: check answers, status, private links.
    path("apply/", include("fund.urls")),
    # Open data about the grants made (360Giving).
    path("open-data/", include("fund.urls_transparency")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media only: private files live elsewhere and have no URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
