"""What the tests of tests/awards/admin/awards share.

Decisions, awards, payments and letters in the Wagtail admin.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from fund.awards.models.awards import AwardLetter

FAKE_PDF = b"%PDF-1.7\n% a stand-in letter\n%%EOF\n"


CONDITIONS = "<p>Send a report within three months of the project's end.</p>"


TODAY = timezone.localdate


def inspect_url(award):
    return reverse("awards:inspect", args=[award.pk])


def application_url(application):
    return reverse("applications:inspect", args=[application.pk])


def action_url(name, award):
    return reverse(name, args=[award.pk])


def make_letter(award, *, version=None, status="current", content=FAKE_PDF, reason="Reissue"):
    """A letter version made directly, with a stand-in PDF (no rendering);
    by default the award's next version."""
    if version is None:
        version = (award.letters.aggregate(v=Max("version"))["v"] or 0) + 1
    letter = AwardLetter(
        award=award,
        version=version,
        status=status,
        reason=reason,
        requested_by=award.decided_by,
    )
    if status in {"current", "superseded"}:
        letter.file.save(letter.filename, ContentFile(content), save=False)
        letter.size = len(content)
        letter.sha256 = hashlib.sha256(content).hexdigest()
        letter.made_at = timezone.now()
    if status == "failed":
        letter.error = "OSError: fonts missing"
        letter.attempts = 1
    letter.save()
    return letter
