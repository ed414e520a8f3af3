"""The admin home as each role's to-do list (registered by import from
fund.wagtail_hooks): "Today's work" for fund managers and finance, and no
page counts for people who do not edit pages."""

from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission

from fund.reports.admin.todo import ToDoPanel


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    if ToDoPanel.shown_to(request.user):
        panels.append(ToDoPanel())


@hooks.register("construct_homepage_summary_items")
def page_counts_only_for_page_editors(request, summary_items):
    # "7 Pages / 0 Images" means nothing to finance or the grant panel. The
    # "Search all pages" box under it is left out by templates/wagtailadmin/
    # home.html for the same people (Wagtail has no hook for it).
    if not user_has_any_page_permission(request.user):
        summary_items.clear()
