from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from fund.calls.models import FundPage
from fund.core.funder import FunderSettings
from fund.opendata import giving360
from fund.opendata.pages import GrantsAwardedPage, OutcomesPage
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


#: The public pages the site's footer links by a fixed address, so that the
#: footer on every page costs no query: each address finds the live page.
PUBLISHED_PAGES = {
    "fund": (FundPage, ""),
    "grants-awarded": (GrantsAwardedPage, ""),
    "open-data": (GrantsAwardedPage, "#open-data"),
    "what-the-fund-achieved": (OutcomesPage, ""),
}


@require_safe
def published_page(request, kind):
    """Redirect to the live page of this kind (the first fund, for "fund")."""
    if kind not in PUBLISHED_PAGES:
        raise Http404("No such page.")
    model, anchor = PUBLISHED_PAGES[kind]
    page = model.objects.live().order_by("path").first()
    if page is None:
        raise Http404("That page has not been published yet.")
    return redirect(page.get_url(request) + anchor)
