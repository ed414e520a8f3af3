from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from fund.core.funder import FunderSettings
from fund.opendata import giving360
from fund.opendata.models import GrantsAwardedPage
from fund.opendata.selectors import FILE_NAME, published_grants


def _package(request):
    funder = FunderSettings.for_request(request)
    page = GrantsAwardedPage.objects.live().first()
    # Both addresses on the site's own host name, as the page's is.
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    try:
        return giving360.package(
            published_grants(),
            funder=funder,
            page_url=page.get_full_url(request) if page else None,
            download_url=root + reverse("fund_360giving_json"),
        )
    except giving360.NotPublishable as error:
        raise Http404(str(error)) from error


def _attachment(content, *, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def giving360_json(request):
    response = HttpResponse(
        giving360.json_bytes(_package(request)), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def giving360_csv(request):
    return _attachment(
        giving360.csv_bytes(_package(request)),
        content_type="text/csv; charset=utf-8",
        filename=f"{FILE_NAME}.csv",
    )


@require_safe
def giving360_xlsx(request):
    return _attachment(
        giving360.xlsx_bytes(_package(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"{FILE_NAME}.xlsx",
    )
