"""The grantee's report: a figure (so far, since the grant started) or a
text for each agreed target, spend so far on each budget line, what
changed and what did not go to plan, and evidence files.

What a report must hold: a final report answers every required measure and
gives the spend on every budget line (it closes the grant and its money is
reconciled against it). A progress report may leave a figure or a line's
spend empty, for "not counted yet"; both kinds say what changed.

Field names carry the row they answer: ``figure_<target>``,
``text_<target>``, ``consent_<target>``, ``spend_<budget line>``. The same
form, bound to the answers kept as typed (``GrantReport.draft_data``), is
what the check-your-answers page shows and what is sent."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from fund.applications import uploads
from fund.applications.forms.application import without_nul
from fund.applications.forms.files import MultipleFileField
from fund.core.error_summary import ErrorSummaryMixin
from fund.core.money import pounds
from fund.core.money_fields import PoundsField
from fund.core.typed import TypedTextMixin
from fund.monitoring.models import GrantReport
from fund.monitoring.selectors.grantee import figure_against_target, measure_amount
from fund.monitoring.services.reporting import FigureAnswer, ReportAnswers

TEXT_LIMIT = 5000
NARRATIVE_FIELDS = ("what_changed", "not_to_plan")
EVIDENCE_FIELDS = ("remove_evidence", "evidence")


def _text_errors(label):
    return {
        "required": _("Enter %(label)s.") % {"label": label},
        "max_length": _(
            "%(label)s must be %%(limit_value)d characters or fewer. It is %%(show_value)d "
            "characters, so shorten it."
        )
        % {"label": _escaped(label)},
        "null_characters_not_allowed": _(
            "%(label)s contains a hidden character that we cannot accept, perhaps copied from "
            "another document. Type it in again."
        )
        % {"label": label},
    }


def _escaped(words):
    """Words put into a message Django formats again with its validator's
    values (max_length, min_value): a "%" in a measure's name stays one."""
    return str(words).replace("%", "%%")


def _number_errors(name, what):
    invalid = _("Enter %(what)s for “%(name)s” as a number, like 12.") % {
        "what": what,
        "name": name,
    }
    return {
        "required": _("Enter %(what)s for “%(name)s”. Enter 0 if there were none.")
        % {"what": what, "name": name},
        "invalid": invalid,
        "max_decimal_places": invalid,
        "max_digits": _("The figure for “%(name)s” is too large.") % {"name": name},
        "max_whole_digits": _("The figure for “%(name)s” is too large.") % {"name": name},
        "min_value": _("The figure for “%(name)s” cannot be less than 0.")
        % {"name": _escaped(name)},
    }


def _figure_hint(target):
    """The measure's definition, its agreed target, and what to count."""
    parts = [target.definition.strip()] if target.definition.strip() else []
    if target.target is not None:
        parts.append(
            str(_("Agreed target: %(goal)s.") % {"goal": measure_amount(target.target, target)})
        )
    parts.append(str(_("Give the total so far, since the grant started.")))
    return " ".join(parts)


def _textarea(rows=5):
    return forms.Textarea(attrs={"rows": rows})


class ReportForm(TypedTextMixin, ErrorSummaryMixin, forms.Form):
    what_changed = forms.CharField(
        label=_("What changed because of the grant"),
        help_text=_("What the grant made possible so far, and for whom, in your own words."),
        max_length=TEXT_LIMIT,
        widget=_textarea(),
        error_messages=_text_errors(_("what changed because of the grant")),
    )
    not_to_plan = forms.CharField(
        label=_("What did not go to plan"),
        help_text=_("What was harder, later or different from the plan, and what you did."),
        max_length=TEXT_LIMIT,
        required=False,
        widget=_textarea(),
        error_messages=_text_errors(_("what did not go to plan")),
    )
    remove_evidence = forms.MultipleChoiceField(
        label=_("Files you have already added"),
        help_text=_("Tick any file you want to remove."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        max_files=settings.FUND_UPLOAD_MAX_FILES,
        help_text=_(
            "For example attendance sheets, training records or receipts. PDF, DOCX, XLSX, ODT, "
            "ODS, JPEG or PNG; up to 10 MB each and 25 MB in all."
        ),
    )

    def __init__(self, *args, report: GrantReport, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.report = report
        self.accepted_files = []
        super().__init__(*args, **kwargs)
        self.targets = list(report.award.targets.all())
        self.budget_lines = list(report.award.budget_lines.all())
        self._add_target_fields()
        self._add_spend_fields()
        self.order_fields(
            [*self.target_field_names(), *self.spend_field_names(), *NARRATIVE_FIELDS]
        )
        self.over_limit = False
        self.hold_evidence(list(report.evidence.all()))
        # TypedTextMixin has cleaned the data; the fields added here are
        # numbers and textareas, so none needs its one-line check.

    # --- the fields of each target and budget line ---------------------------

    def _add_target_fields(self):
        final = self.report.is_final
        for target in self.targets:
            required = final and target.required
            if target.is_number:
                unit = target.get_unit_display()
                field = PoundsField(
                    label=target.name,
                    required=required,
                    min_value=Decimal("0"),
                    help_text=_figure_hint(target),
                    error_messages=_number_errors(target.name, _("the figure so far")),
                )
                field.target, field.unit = target, unit
                field.widget.attrs["class"] = "input--short"
                self.fields[f"figure_{target.pk}"] = field
            else:
                field = forms.CharField(
                    label=target.name,
                    required=required,
                    help_text=target.definition,
                    max_length=TEXT_LIMIT,
                    widget=_textarea(8),
                    error_messages=_text_errors(_("your answer to “%s”") % target.name),
                )
                field.target = target
                self.fields[f"text_{target.pk}"] = field
                self.fields[f"consent_{target.pk}"] = forms.BooleanField(
                    label=_("You may publish this"),
                    required=False,
                    help_text=_(
                        "Tick if we may publish this on our website and in our report to the "
                        "Commissioner. We publish nothing else you tell us."
                    ),
                )

    def _add_spend_fields(self):
        final = self.report.is_final
        for line in self.budget_lines:
            name = line.get_category_display()
            field = PoundsField(
                label=name,
                required=final,
                min_value=Decimal("0"),
                help_text=_("Planned: %(amount)s") % {"amount": pounds(line.amount)},
                error_messages={
                    **_number_errors(name, _("the amount spent so far")),
                    "invalid": _("Enter the amount spent on “%(name)s” in pounds, like 1,250.50.")
                    % {"name": name},
                    "required": _(
                        "Enter the amount spent so far on “%(name)s”. Enter 0 if nothing was spent."
                    )
                    % {"name": name},
                },
            )
            field.budget_line = line
            self.fields[f"spend_{line.pk}"] = field

    def target_field_names(self):
        for target in self.targets:
            if target.is_number:
                yield f"figure_{target.pk}"
            else:
                yield f"text_{target.pk}"
                yield f"consent_{target.pk}"

    def spend_field_names(self):
        return [f"spend_{line.pk}" for line in self.budget_lines]

    # --- what the template shows -----------------------------------------------

    def target_rows(self):
        """(target, figure or text field, consent field or None), in order."""
        for target in self.targets:
            if target.is_number:
                yield target, self[f"figure_{target.pk}"], None
            else:
                yield target, self[f"text_{target.pk}"], self[f"consent_{target.pk}"]

    def spend_rows(self):
        return [(line, self[f"spend_{line.pk}"]) for line in self.budget_lines]

    # --- evidence ----------------------------------------------------------------

    def clean_evidence(self):
        """Check each new file; keep the good ones even when one is refused."""
        errors = []
        for upload in self.cleaned_data.get("evidence") or []:
            try:
                self.accepted_files.append(uploads.check_file(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return self.accepted_files

    def hold_evidence(self, evidence):
        """The files already kept with the report, offered for removal."""
        self.held_evidence = evidence
        self.fields["remove_evidence"].choices = [
            (str(e.pk), f"{e.original_name} ({filesizeformat(e.size)})") for e in evidence
        ]

    def kept_evidence(self):
        removed = set(self.cleaned_data.get("remove_evidence") or [])
        return [e for e in self.held_evidence if str(e.pk) not in removed]

    def clean(self):
        cleaned = super().clean()
        files = self.accepted_files + self.kept_evidence()
        if len(files) > settings.FUND_UPLOAD_MAX_FILES:
            self.over_limit = True
            self.add_error(
                "evidence",
                _("You can send up to %(max)s files in all.")
                % {"max": settings.FUND_UPLOAD_MAX_FILES},
            )
        try:
            uploads.check_total_size(files)
        except ValidationError as error:
            self.over_limit = True
            self.add_error("evidence", error)
        return cleaned

    def files_to_keep(self):
        """The new files that passed their checks, unless together with the
        rest they pass the limits (then none is kept)."""
        return [] if self.over_limit else self.accepted_files

    # --- what is kept --------------------------------------------------------------

    def raw_answers(self) -> dict:
        """Every answer as typed (not the files), to show again next time."""
        names = [*self.target_field_names(), *self.spend_field_names(), *NARRATIVE_FIELDS]
        return {
            name: without_nul(self.data[name])
            for name in names
            if isinstance(self.data.get(name), str)
        }

    def removed_evidence_ids(self) -> list[int]:
        chosen = self.cleaned_data.get("remove_evidence") or []
        return [e.pk for e in self.held_evidence if str(e.pk) in chosen]

    def answers(self) -> ReportAnswers:
        """The cleaned answers, for sending (the form must be valid)."""
        data = self.cleaned_data
        figures = [
            FigureAnswer(
                target_id=target.pk,
                achieved=data.get(f"figure_{target.pk}") if target.is_number else None,
                text="" if target.is_number else data.get(f"text_{target.pk}", ""),
                publish_consent=(
                    not target.is_number
                    and bool(data.get(f"text_{target.pk}"))
                    and data.get(f"consent_{target.pk}", False)
                ),
            )
            for target in self.targets
        ]
        spends = {
            line.pk: data[f"spend_{line.pk}"]
            for line in self.budget_lines
            if data.get(f"spend_{line.pk}") is not None
        }
        return ReportAnswers(
            figures=figures,
            spends=spends,
            what_changed=data["what_changed"],
            not_to_plan=data.get("not_to_plan", ""),
        )

    # --- check your answers ------------------------------------------------------

    def summary(self):
        """(heading, [(label, answer, field id)]) for check your answers, from
        a valid form."""
        data = self.cleaned_data
        measures = []
        for target in self.targets:
            if target.is_number:
                name = f"figure_{target.pk}"
                achieved = data.get(name)
                answer = (
                    _("Not counted yet")
                    if achieved is None
                    else figure_against_target(achieved, target)
                )
                measures.append((target.name, answer, self[name].auto_id))
            else:
                name = f"text_{target.pk}"
                consent = (
                    _("You may publish this")
                    if data.get(f"consent_{target.pk}")
                    else _("Not to be published")
                )
                answer = f"{data.get(name) or _('Not answered')}\n\n({consent})"
                measures.append((target.name, answer, self[name].auto_id))
        spend = [
            (
                line.get_category_display(),
                _("Not given yet")
                if data.get(f"spend_{line.pk}") is None
                else _("%(spent)s of %(planned)s planned")
                % {"spent": pounds(data[f"spend_{line.pk}"]), "planned": pounds(line.amount)},
                self[f"spend_{line.pk}"].auto_id,
            )
            for line in self.budget_lines
        ]
        story = [
            (self.fields[name].label, data.get(name) or _("Nothing given"), self[name].auto_id)
            for name in NARRATIVE_FIELDS
        ]
        return [
            (_("Outcomes so far"), measures),
            (_("Spend so far"), spend),
            (_("About the grant"), story),
        ]
