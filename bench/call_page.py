"""Call page benchmark: `python bench/call_page.py` or `make bench`.

The public call page with its application form, served by Wagtail (site
and page routing, the page's own `serve`), against a bare Django view that
fetches the same call by its id and renders the same template with the same
context (the page, the empty form, no draft). Both go through the same
middleware with the test client, alternately, request after request.

Prints each one's median time, requests per second and queries (Wagtail's
for a browser's first visit, which makes its session, and for a browser
that has been before), and the ratio of Wagtail's requests per second to
the bare view's (aim: at least 0.7), timed for a browser that has been before.
"""

from _data import build_site
from _setup import compare, django_setup, machine, ms, verdict
from django.urls import path

REPEAT = 41
BARE_URL = "/bench/bare-call/<int:pk>/"


def bare_call(request, pk):
    """What a hand-written Django view would do for the same page."""
    from django.template.response import TemplateResponse

    from fund.calls.models import CallPage

    call = CallPage.objects.get(pk=pk)
    context = {"page": call, "self": call, "request": request}
    context["form"] = call.get_form(page=call, draft=None)
    context["draft"] = None
    return TemplateResponse(request, "fund/call_page.html", context)


def url_patterns():
    from config.urls import urlpatterns

    return [path(BARE_URL.removeprefix("/"), bare_call), *urlpatterns]


urlpatterns = []  # filled in by main(), once Django is set up


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return len(captured.captured_queries), response.content


def main():
    django_setup()
    print(machine())
    from django.test import Client, override_settings

    _site, _fund, call = build_site()
    urlpatterns.extend(url_patterns())
    client = Client()
    wagtail_url = call.url
    bare_url = BARE_URL.replace("<int:pk>", str(call.pk))
    with override_settings(ROOT_URLCONF=__name__):
        Client().get(wagtail_url)  # what the process reads once (site root paths)
        first_visit_queries, _html = queries(client, wagtail_url)
        wagtail_queries, wagtail_html = queries(client, wagtail_url)
        bare_queries, bare_html = queries(client, bare_url)
        assert wagtail_html.count(b"<input") == bare_html.count(b"<input")  # noqa: S101
        t_wagtail, t_bare, ratio = compare(
            lambda: client.get(wagtail_url), lambda: client.get(bare_url), repeat=REPEAT
        )
    print()
    print(f"Call page served by Wagtail ({wagtail_url}):")
    print(
        f"  {ms(t_wagtail)}  {1 / t_wagtail:7.1f} requests/s  {wagtail_queries} queries "
        f"({first_visit_queries} on a browser's first visit)"
    )
    print("Bare Django view, same template and context:")
    print(f"  {ms(t_bare)}  {1 / t_bare:7.1f} requests/s  {bare_queries} queries")
    rps = 1 / ratio
    print(
        f"  Wagtail's requests/s / the bare view's: {rps:6.3f}  {verdict(rps, 0.7, at_least=True)}"
    )


if __name__ == "__main__":
    main()
