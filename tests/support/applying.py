"""Helpers for posting the public application form as a browser would."""

import datetime as dt
import io
import uuid
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from fund.applications.models import Application
from fund.core.validators import parse_pounds

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name="accounts.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "purple").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(name="plan.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def executable(name="accounts.pdf"):
    """A Windows executable's first bytes, under an innocent name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


def form_data(call, **overrides):
    """A complete, valid application to ``call``, as the browser posts it:
    the whole amount on the staff budget line (unless ``budget_staff`` or
    another line is given) and a target of 10 for each numeric measure."""
    start = timezone.localdate() + dt.timedelta(days=30)
    data = {
        "submission_token": str(uuid.uuid4()),
        "organisation_name": "Aire Valley Freedom Project",
        "organisation_type": "charity_ew",
        "registration_number": "1187654",
        "address": "1 Mill Lane\nShipley",
        "postcode": "bd18 3ab",
        "contact_name": "Sam Example",
        "contact_email": "sam@example.org",
        "contact_phone": "0113 496 0000",
        "project_title": "Drop-in advice for survivors",
        "project_summary": "We will run a weekly drop-in for people leaving exploitation.",
        "amount_requested": "2500",
        "planned_start": start.strftime("%d/%m/%Y"),
        "planned_end": (start + dt.timedelta(days=365)).strftime("%d/%m/%Y"),
        "districts": ["bradford", "leeds"],
        "declare_true": "on",
        "declare_privacy": "on",
        "action": "continue",
    }
    for field in call.get_form_fields():
        if field.field_type == "multiline":
            data[f"q_{field.clean_name}"] = "Survivors sit on our steering group."
    for measure in call.outcome_measures.all():
        if measure.is_number:
            data[f"target_{measure.pk}"] = "10"
    if not any(key.startswith("budget_") for key in overrides):
        amount = overrides.get("amount_requested")
        readable = isinstance(amount, str) and (parse_pounds(amount) or 0) > 0
        data["budget_staff"] = amount if readable else data["amount_requested"]
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


DECLARATIONS = ("declare_true", "declare_privacy")


def form_without_declarations(call, **overrides):
    """The form as posted before the check page: the declarations are made there."""
    data = form_data(call, **overrides)
    for key in DECLARATIONS:
        data.pop(key)
    return data


def apply(client, call, files=None, **overrides):
    """Fill in the form (multipart, with files), continue to check your
    answers and send it, as a person would. Returns the last response: the
    form again with its errors, the check page with its errors, or the
    confirmation."""
    data = form_data(call, **overrides)
    declarations = {key: data.pop(key) for key in DECLARATIONS if key in data}
    if files:
        data.update(files)
    response = client.post(call.url, data)
    if response.status_code != 302 or response.url != "/apply/check/":
        return response
    return client.post("/apply/check/", declarations, follow=True)


def sent_applications():
    """Every application sent, drafts left out."""
    return Application.objects.exclude(status="draft")
