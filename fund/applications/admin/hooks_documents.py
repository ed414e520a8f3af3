"""Wagtail's Documents library, kept private.

The product needs no documents library (applicants' files are
fund.ApplicationDocument, in private storage), but Wagtail's admin cannot
run without the app (wagtail/wagtail#14418). So a document is streamed only
by Wagtail's serve view mounted inside the admin (signed in, second factor,
admin access) and only to staff who may use the library in the document's
collection; settings make Wagtail link documents to that view, never to
their media address, and leave document links out of rich text.

Registered by import from fund.wagtail_hooks.
"""

from django.core.exceptions import PermissionDenied
from django.urls import include, path
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents import urls as document_urls
from wagtail.permissions import policy_registry


@hooks.register("register_admin_urls")
def register_document_serve_urls():
    # Named wagtaildocs_serve, as Document.url expects.
    return [path("documents/file/", include(document_urls))]


@hooks.register("before_serve_document")
def serve_documents_to_library_users_only(document, request):
    policy = policy_registry.get_by_type(get_document_model())
    if not policy.user_has_any_permission_for_instance(
        request.user, ["change", "choose"], document
    ):
        raise PermissionDenied
