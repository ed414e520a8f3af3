"""Posting Wagtail's page editor as a fund manager would."""

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor


def call_editor_data(call, *, questions=(), measures=(), schedule=(), **fields):
    """The call's edit form as the editor sends it on "Publish", with
    ``questions`` as its form-builder fields, ``measures`` its outcome
    measures, ``schedule`` its reports due (dicts of each inline's fields)
    and ``fields`` changed."""
    return nested_form_data(
        {
            "title": call.title,
            "slug": call.slug,
            "introduction": rich_text(""),
            "opens_at": timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M"),
            "closes_at": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M"),
            "minimum_award": "500.00",
            "maximum_award": "5000.00",
            "minimum_reviews": str(call.minimum_reviews),
            "eligibility": rich_text(""),
            "guidance": rich_text(""),
            "summary_word_limit": "300",
            "what_happens_next": rich_text(""),
            "form_fields": inline_formset(list(questions)),
            "criteria": inline_formset(
                [
                    {
                        "name": "Need",
                        "guidance": "",
                        "weight": "30",
                        "maximum_score": "5",
                        "score_descriptors": "None\nPoor\nFair\nGood\nStrong\nExcellent",
                    }
                ]
            ),
            "outcome_measures": inline_formset(list(measures)),
            "report_schedule": inline_formset(list(schedule)),
            "action-publish": "publish",
            **fields,
        }
    )


def editor_value(html):
    """What Wagtail's rich text editor posts for ``html`` in an award's conditions."""
    return ConditionsEditor(features=CONDITIONS_FEATURES).format_value(html)
