"""An applicant's documents, sent through the public form, are private
objects in the bucket; staff download them through the permission-checked
view; a file taken out of a draft is deleted from the bucket."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from fund.applications.models import Application, ApplicationDocument
from tests.storage.helpers import private_download
from tests.support.applying import PDF_BYTES, apply, form_data, pdf, png, sent_applications

pytestmark = pytest.mark.django_db


def test_documents_sent_through_the_form_are_encrypted_objects_in_the_bucket(
    client, open_call, bucket
):
    response = apply(client, open_call, files={"documents": [pdf(), png()]})

    assert response.redirect_chain[-1][0] == "/apply/sent/"
    documents = {d.original_name: d for d in sent_applications().get().documents.all()}
    assert set(documents) == {"accounts.pdf", "photo.png"}
    assert bucket.keys() == sorted(bucket.key(d.file.name) for d in documents.values())
    assert bucket.read(documents["accounts.pdf"].file.name) == PDF_BYTES
    photo = bucket.read(documents["photo.png"].file.name)
    assert hashlib.sha256(photo).hexdigest() == documents["photo.png"].sha256
    for document in documents.values():
        assert bucket.head(document.file.name)["ServerSideEncryption"] == "AES256"


def test_staff_download_a_document_from_the_bucket_as_a_private_file(
    client, open_call, bucket, manager
):
    apply(client, open_call, files={"documents": [pdf()]})
    document = ApplicationDocument.objects.get()
    staff = Client()
    staff.force_login(manager)

    response = staff.get(reverse("applications:document", args=[document.pk]))

    assert private_download(response, "accounts.pdf") == PDF_BYTES


def test_a_document_gone_from_the_bucket_is_not_found(client, open_call, bucket, manager):
    apply(client, open_call, files={"documents": [pdf()]})
    document = ApplicationDocument.objects.get()
    bucket.server.client().delete_object(Bucket=bucket.name, Key=bucket.key(document.file.name))
    staff = Client()
    staff.force_login(manager)

    response = staff.get(reverse("applications:document", args=[document.pk]))

    assert response.status_code == 404


def test_a_file_taken_out_of_a_draft_is_deleted_from_the_bucket(
    client, open_call, bucket, django_capture_on_commit_callbacks
):
    data = form_data(open_call, action="save")
    client.post(open_call.url, {**data, "documents": [pdf("accounts.pdf"), png("photo.png")]})
    photo = ApplicationDocument.objects.get(original_name="photo.png")
    kept = ApplicationDocument.objects.get(original_name="accounts.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_call.url, {**data, "remove_documents": [str(photo.pk)]})

    draft = Application.objects.get()
    assert list(draft.documents.all()) == [kept]
    assert bucket.keys() == [bucket.key(kept.file.name)]
