"""Award letters: HTML from templates/fund/letters/, a tagged PDF by
fund/core/pdf.py render_pdf.

WeasyPrint is given a URL fetcher that serves only our own assets, by name
(``letter-asset:logo``), read by our code; anything else an HTML or CSS
source asks for (a file: URL, http, a redirect) is refused. Applicant text
reaches the letter through Django's auto-escaping only.
"""

import io
import logging
import zipfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from num2words import num2words
from wagtail.log_actions import log

from fund.awards import monitoring
from fund.awards.models.awards import (
    LIVE_AWARD_STATUSES,
    Award,
    AwardLetter,
    AwardStatus,
    LetterStatus,
)
from fund.core import stored
from fund.core.errors import ServiceError
from fund.core.funder import FunderSettings, funder_settings
from fund.core.pdf import AssetFetcher as DocumentAssetFetcher
from fund.core.pdf import render_pdf

logger = logging.getLogger(__name__)

STYLESHEET = Path(settings.BASE_DIR) / "static" / "fund" / "letters" / "letter.css"
ASSET_SCHEME = "letter-asset"


def amount_in_words(amount: Decimal) -> str:
    """4750.00 -> "four thousand, seven hundred and fifty pounds"."""
    pounds, pence = divmod(int((amount * 100).to_integral_value()), 100)
    words = f"{num2words(pounds, lang='en')} {'pound' if pounds == 1 else 'pounds'}"
    if pence:
        words += f" and {num2words(pence, lang='en')} {'penny' if pence == 1 else 'pence'}"
    return words


class AssetFetcher(DocumentAssetFetcher):
    """Serve only the letter's own assets, by name; refuse everything else."""

    scheme = ASSET_SCHEME


def letter_assets(funder) -> dict[str, tuple[bytes, str]]:
    assets = {}
    if funder.logo_id:
        logo = funder.logo
        with logo.file.open("rb") as handle:
            assets["logo"] = (handle.read(), f"image/{logo.file.name.rsplit('.', 1)[-1].lower()}")
    return assets


def letter_context(award, *, version, funder, plan=None):
    """What the letter says. An award not yet made (the preview before the
    decision) has its ``plan`` given, and its reporting schedule from the
    call's defaults."""
    application = award.application
    page = application.page
    # letter_render fetches the call with the page (page__callpage); a page
    # fetched without it costs one query more.
    call = getattr(page, "callpage", None) or page.specific
    made = bool(award.pk)
    targets = list(award.targets.all()) if made else plan.targets if plan else []
    return {
        "award": award,
        "application": application,
        "call": call,
        "fund": award.fund,
        "funder": funder,
        "has_logo": bool(funder.logo_id),
        "version": version,
        "date": timezone.localdate(),
        "amount_in_words": amount_in_words(award.amount),
        # An award not yet made (the preview before the decision) has no instalments.
        "instalments": list(award.instalments.all()) if made else [],
        "targets": [t for t in targets if t.is_number],
        "text_measures": [t for t in targets if not t.is_number],
        "budget_lines": list(award.budget_lines.all()) if made else plan.lines if plan else [],
        "reports": monitoring.schedule(award),
    }


def letter_html(award, *, version, funder=None, preview=False, plan=None) -> str:
    """The letter as HTML. Its ``preview`` (shown in the admin before an
    award is made, with the ``plan`` agreed) leaves out the logo, which
    only the PDF's fetcher serves."""
    funder = funder or funder_settings()
    context = letter_context(award, version=version, funder=funder, plan=plan)
    if preview:
        context["has_logo"] = False
    return render_to_string("fund/letters/award_letter.html", context)


def html_to_pdf(html: str, fetcher: AssetFetcher) -> bytes:
    return render_pdf(html, css=STYLESHEET.read_text(), fetcher=fetcher)


def letter_request(*, award, reason: str, by) -> AwardLetter:
    """Ask for a new version of the award's letter; a task makes it once the
    current transaction commits."""

    reason = (reason or "").strip()
    if not reason:
        message = _("Give the reason for reissuing the letter.")
        raise ServiceError(message, {"reason": message})
    with transaction.atomic():
        # Lock the award, and judge it as it is now, not as the caller read
        # it: a reissue racing a withdrawal must not issue a letter for a
        # withdrawn award, and two reissues at once get versions n+1 and n+2.
        award = Award.objects.select_for_update().get(pk=award.pk)
        if award.status not in LIVE_AWARD_STATUSES | {AwardStatus.COMPLETED}:
            raise ServiceError(
                _("This award has ended (%(status)s), so no new letter can be issued for it.")
                % {"status": award.get_status_display().lower()}
            )
        latest = award.letters.aggregate(v=Max("version"))["v"] or 0
        letter = AwardLetter.objects.create(
            award=award, version=latest + 1, reason=reason, requested_by=by
        )
        log(
            instance=award.application,
            action="fund.letter.request",
            user=by,
            data={"version": letter.version, "reason": reason},
        )
        pk = letter.pk
        transaction.on_commit(lambda: render_award_letter.enqueue(pk))
    return letter


RENDERABLE = [LetterStatus.PENDING, LetterStatus.FAILED]


def letter_funder():
    """The default site's funder settings, with the logo, in one query (or
    as funder_settings() finds or makes them, when there are none yet)."""
    found = FunderSettings.objects.filter(site__is_default_site=True).select_related("logo").first()
    return found or funder_settings()


def _failed(letter, error):
    # Only a letter not yet made: if another worker made it meanwhile, it stays made.
    AwardLetter.objects.filter(pk=letter.pk, status__in=RENDERABLE).update(
        status=LetterStatus.FAILED,
        error=f"{type(error).__name__}: {error}"[:2000],
        attempts=letter.attempts + 1,
    )
    logger.exception("Award letter %s could not be made", letter.pk)


def _letter_pdf(letter, funder) -> bytes:
    """The letter's PDF. A failure marks the letter failed and is raised."""
    try:
        funder = funder or letter_funder()
        return html_to_pdf(
            letter_html(letter.award, version=letter.version, funder=funder),
            AssetFetcher(letter_assets(funder)),
        )
    except Exception as error:
        _failed(letter, error)
        raise


def _letter_claim(letter, made: dict) -> bool:
    """Claim the letter's version with what was ``made``, in one conditional
    update; False if another worker made this version meanwhile.

    One claim at a time for an award, so the newest version made is the
    current one whichever worker finishes first: a version made after a
    newer one is issued already superseded (``made`` then says so)."""
    with transaction.atomic():
        Award.objects.select_for_update().filter(pk=letter.award_id).values_list("pk").get()
        newer = AwardLetter.objects.filter(
            award_id=letter.award_id, status=LetterStatus.CURRENT, version__gt=letter.version
        ).exists()
        if newer:
            made["status"] = LetterStatus.SUPERSEDED
        claimed = AwardLetter.objects.filter(pk=letter.pk, status__in=RENDERABLE).update(**made)
        if claimed and not newer:
            AwardLetter.objects.filter(
                award_id=letter.award_id, status=LetterStatus.CURRENT
            ).exclude(pk=letter.pk).update(status=LetterStatus.SUPERSEDED)
        if claimed:
            log(
                instance=letter.award.application,
                action="fund.letter.issue",
                user=letter.requested_by,
                data={"version": letter.version, "sha256": made["sha256"], "current": not newer},
            )
    return bool(claimed)


def letter_render(*, letter_id: int, funder=None) -> AwardLetter:
    """Make and store one letter version. A failure marks it failed with the
    error and stores nothing; it can be tried again. Pass ``funder`` (the
    funder settings) when making many letters at once, to read it once.

    Besides WeasyPrint, a letter costs nine queries: the letter with its
    award, application, call, fund and requester; the funder settings; the
    instalments, agreed targets, budget lines and reports due; then, in
    one transaction, the award's lock, whether a newer version is current,
    the letter's update, the superseding of the version before, and the
    audit entry.
    """
    letter = AwardLetter.objects.select_related(
        "award__application__page__callpage", "award__fund", "requested_by"
    ).get(pk=letter_id)
    if letter.status not in RENDERABLE:
        return letter
    pdf = _letter_pdf(letter, funder)
    # Store the file first, then claim the version: if another worker made
    # this version meanwhile, our file is removed and theirs stays as made.
    kept = None
    try:
        kept = stored.keep(letter.file, pdf)
        made = {
            "file": kept.name,
            "sha256": kept.sha256,
            "size": kept.size,
            "status": LetterStatus.CURRENT,
            "error": "",
            "attempts": letter.attempts + 1,
            "made_at": timezone.now(),
        }
        claimed = _letter_claim(letter, made)
    except Exception as error:
        # Nothing half-made is kept: no file without its row, and the
        # letter is failed (so it can be tried again), not left pending.
        if kept:
            stored.discard(letter.file, kept.name)
        _failed(letter, error)
        raise
    if not claimed:
        stored.discard(letter.file, kept.name)
        return AwardLetter.objects.get(pk=letter.pk)
    for field, value in made.items():
        setattr(letter, field, value)
    return letter


class LetterTampered(stored.Tampered):
    """The stored file is not the letter that was issued: its SHA-256
    differs. ``filename`` is the letter's, as people see it."""

    def __init__(self, *, filename: str, recorded: str, found: str):
        super().__init__(recorded=recorded, found=found)
        self.filename = filename

    def __str__(self):
        return self.filename


def letter_open_verified(letter) -> io.BytesIO:
    """The issued letter's PDF, checked against the SHA-256 recorded when it
    was made (fund/core/stored.py open_verified). A file that differs is
    never handed out: it is logged, noted in the application's history and
    LetterTampered raised. FileNotFoundError if the file is missing."""
    try:
        return stored.open_verified(letter.file, letter.sha256)
    except stored.Tampered as tampered:
        logger.error(
            "Award letter %s (%s) does not match its SHA-256: %s",
            letter.pk,
            letter.filename,
            tampered,
        )
        log(
            instance=letter.award.application,
            action="fund.letter.tampered",
            data={"version": letter.version, "sha256": letter.sha256, "found": tampered.found},
        )
        raise LetterTampered(
            filename=letter.filename, recorded=tampered.recorded, found=tampered.found
        ) from tampered


def current_letters(*, call):
    return (
        AwardLetter.objects.filter(award__application__page=call, status=LetterStatus.CURRENT)
        .select_related("award__application")
        .order_by("award__application__reference")
    )


def letters_zip(*, call) -> bytes:
    """The current letter of every award in a call, as one ZIP. Every letter
    is checked first: one that does not match its SHA-256 raises
    LetterTampered, and no ZIP is made."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for letter in current_letters(call=call):
            archive.writestr(letter.filename, letter_open_verified(letter).getvalue())
    return buffer.getvalue()


@task()
def render_award_letter(letter_id: int) -> None:
    """Make the PDF of one award letter version."""
    letter_render(letter_id=letter_id)
