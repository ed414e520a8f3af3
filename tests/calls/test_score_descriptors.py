"""What each score means: a fund manager writes it with the criterion in the
call's page editor, and it is checked against the criterion's maximum."""

from html import unescape

import pytest

from fund.calls.models import ScoringCriterion
from tests.support.editing import call_editor_data

pytestmark = pytest.mark.django_db


def publish_criterion(client, call, **criterion):
    fields = {"name": "Need", "guidance": "", "weight": "30", "maximum_score": "5"}
    fields.update(criterion)
    data = call_editor_data(call)
    data.update({"criteria-0-id": str(call.criteria.get().pk), "criteria-INITIAL_FORMS": "1"})
    for name, value in fields.items():
        data[f"criteria-0-{name}"] = value
    return client.post(f"/admin/pages/{call.pk}/edit/", data)


def test_a_fund_manager_writes_what_each_score_means_in_the_call_editor(client, manager, open_call):
    client.force_login(manager)

    editor = unescape(client.get(f"/admin/pages/{open_call.pk}/edit/").content.decode())
    response = publish_criterion(
        client,
        open_call,
        maximum_score="3",
        score_descriptors="0 - Not addressed\n1 – Weak\n\n2: Good, with a clear plan\n"
        "3 Excellent\n",
    )

    assert "What each score means" in editor
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    criterion = ScoringCriterion.objects.get(page=open_call)
    # A number typed before a line is its score's, and is not kept twice;
    # blank lines are left out.
    assert criterion.score_choices() == [
        (0, "0 — Not addressed"),
        (1, "1 — Weak"),
        (2, "2 — Good, with a clear plan"),
        (3, "3 — Excellent"),
    ]


@pytest.mark.parametrize(
    ("descriptors", "message"),
    [
        (
            "",
            "Say what each score means: write 6 lines, one for each score from 0 to 5.",
        ),
        (
            "None\nPoor\nGood\nExcellent",
            "Write one line for each score from 0 to 5, which is 6 lines. There are 4 now.",
        ),
        (
            "0\n1\n2\n3\n4\n5\n6",
            "Write one line for each score from 0 to 5, which is 6 lines. There are 7 now.",
        ),
    ],
)
def test_the_descriptions_must_match_the_maximum_score(
    client, manager, open_call, descriptors, message
):
    client.force_login(manager)

    response = publish_criterion(client, open_call, score_descriptors=descriptors)

    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert ScoringCriterion.objects.get(page=open_call).name == "Need and evidence"


def test_a_criterion_from_before_descriptors_can_still_be_saved_without_them(
    client, manager, open_call
):
    """Calls made before descriptors existed must stay editable (a typo in
    the title, say) until someone writes them."""
    ScoringCriterion.objects.filter(page=open_call).update(score_descriptors="")
    client.force_login(manager)

    response = publish_criterion(client, open_call, score_descriptors="")

    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert ScoringCriterion.objects.get(page=open_call).score_choices()[:2] == [(0, "0"), (1, "1")]


def test_a_maximum_score_above_ten_is_refused(client, manager, open_call):
    client.force_login(manager)

    response = publish_criterion(
        client, open_call, maximum_score="11", score_descriptors="\n".join(["x"] * 12)
    )

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 10." in unescape(response.content.decode())
