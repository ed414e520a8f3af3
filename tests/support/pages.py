"""Reading a response as a person (or Wagtail's admin sidebar) would."""

import json
import re
from html import unescape

from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

SIDEBAR_PROPS = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.DOTALL
)


def page_text(response):
    """The page as a person reads it: HTML entities decoded."""
    return unescape(response.content.decode())


def read_body(response):
    """The body of a response, streamed or not; closing the file it streams."""
    try:
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content
    finally:
        close_response(response)


def assert_refused(response):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the
    dashboard and the message "Sorry, you do not have permission..."."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def assert_login_asked(response):
    """An anonymous visitor to the admin is sent to sign in."""
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def assert_private_no_store(response, what):
    """The response may be kept by no cache, shared or the browser's own."""
    header = response.get("Cache-Control", "")
    directives = {part.strip() for part in header.split(",")}
    assert {"private", "no-store"} <= directives, f"{what}: Cache-Control {header!r}"


def close_response(response):
    """Close a response (and the file it streams) as the test client itself
    does: without letting the request_finished signal close the database
    connection, which on PostgreSQL would end the test's transaction."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


# --- Wagtail's admin sidebar, from the JSON it is drawn from -----------------------


def sidebar_props(response):
    """The sidebar's props: the JSON Wagtail draws the admin menu from."""
    props = SIDEBAR_PROPS.search(response.content.decode())
    assert props, "the page has no admin sidebar"
    return json.loads(props.group(1))


def sidebar_items(response):
    """The main menu's top-level items, each as its {"_type", "_args"} node."""
    modules = sidebar_props(response)["modules"]
    main_menu = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return main_menu["_args"][0]


def sidebar_labels(response):
    """The labels of the main menu's top-level items."""
    return [item["_args"][0]["label"] for item in sidebar_items(response)]


def sidebar_menu(response, label):
    """The items of the submenu ``label`` ("Grants", "Reports"), as (label,
    url) pairs; none if the menu is not there."""
    for item in sidebar_items(response):
        if item["_type"] == "wagtail.sidebar.SubMenuItem" and item["_args"][0]["label"] == label:
            return [(c["_args"][0]["label"], c["_args"][0]["url"]) for c in item["_args"][1]]
    return []


def sidebar_menu_labels(response, label):
    """The labels of the submenu ``label``."""
    return [name for name, _url in sidebar_menu(response, label)]


def sidebar_urls(response):
    """Every URL in the sidebar's menus, however deep."""
    urls = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                urls.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(sidebar_props(response))
    return urls
