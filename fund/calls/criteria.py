"""What the grant panel scores a call's bids against (DESIGN.md, "Scoring"),
and what each score means."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

#: The highest maximum score: each score is a choice the reviewer can see.
HIGHEST_MAXIMUM_SCORE = 10

#: "3 —", "3 -", "3:", "3." or "3 " typed before a score's description,
#: which its line already gives: dropped when the number is that line's score.
_SCORE_PREFIX = re.compile(r"^(\d+)(?:\s*[—–\-:.)]\s*|\s+)")


class ScoringCriterion(Orderable):
    """What the grant panel scores a bid against, and what each score means."""

    page = ParentalKey("fund.CallPage", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1)], help_text=_("Relative importance.")
    )
    maximum_score = models.PositiveSmallIntegerField(
        _("maximum score"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(HIGHEST_MAXIMUM_SCORE)],
        help_text=_("Scores run from 0 to this number, at most 10."),
    )
    score_descriptors = models.TextField(
        _("what each score means"),
        blank=True,  # required by clean(), which says how many lines to write
        help_text=_(
            "One line for each score, from 0 up to the maximum score, so 6 lines for a "
            "maximum of 5. For example, the first line “Not addressed”, the last "
            "“Excellent: strong local evidence of need”. Reviewers choose from these."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("guidance"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("maximum_score")]),
        FieldPanel("score_descriptors"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]  # criteria made together share a sort order
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self):
        return self.name

    def descriptors(self) -> list[str]:
        """What each score means, from 0 up: the non-blank lines, without a
        score number typed before one."""
        lines = [line.strip() for line in self.score_descriptors.splitlines() if line.strip()]
        described = []
        for score, line in enumerate(lines):
            prefix = _SCORE_PREFIX.match(line)
            if prefix and int(prefix.group(1)) == score and line[prefix.end() :]:
                line = line[prefix.end() :]
            described.append(line)
        return described

    def score_choices(self) -> list[tuple[int, str]]:
        """Each score with what it means ("3 — Good: a clear plan"), or the
        bare number where the call has no descriptions yet."""
        descriptors = self.descriptors()
        if len(descriptors) != self.maximum_score + 1:
            descriptors = [""] * (self.maximum_score + 1)
        return [
            (score, f"{score} — {text}" if text else str(score))
            for score, text in enumerate(descriptors)
        ]

    def score_label(self, score: int | None) -> str:
        return dict(self.score_choices()).get(score, "")

    def _saved_without_descriptors(self) -> bool:
        return (
            self.pk is not None
            and type(self).objects.filter(pk=self.pk, score_descriptors="").exists()
        )

    def clean(self):
        super().clean()
        maximum = self.maximum_score
        if maximum is None or not 1 <= maximum <= HIGHEST_MAXIMUM_SCORE:
            return  # the maximum's own error says what to do
        count = len(self.descriptors())
        if count == maximum + 1 or (count == 0 and self._saved_without_descriptors()):
            # A criterion from before descriptors existed (migration 0016)
            # keeps bare numbers until someone writes them: its call can
            # still be edited meanwhile.
            return
        wanted = {"lines": maximum + 1, "maximum": maximum}
        if count == 0:
            message = (
                _(
                    "Say what each score means: write %(lines)s lines, one for each score "
                    "from 0 to %(maximum)s."
                )
                % wanted
            )
        else:
            message = ngettext(
                "Write one line for each score from 0 to %(maximum)s, which is %(lines)s "
                "lines. There is %(count)s now.",
                "Write one line for each score from 0 to %(maximum)s, which is %(lines)s "
                "lines. There are %(count)s now.",
                count,
            ) % {**wanted, "count": count}
        raise ValidationError({"score_descriptors": message})
