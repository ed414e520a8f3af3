"""Score arithmetic: weights, N/A left out (never zero), exact Decimals."""

from decimal import Decimal

import pytest

from fund.reviews.scoring import Mark, needs_moderation, shown, weighted_score


def test_weighted_score_is_the_weighted_share_of_the_maximum_as_a_percentage():
    marks = [
        Mark(score=4, maximum=5, weight=30),  # 24 of 30
        Mark(score=3, maximum=5, weight=30),  # 18 of 30
        Mark(score=5, maximum=5, weight=20),  # 20 of 20
        Mark(score=2, maximum=5, weight=20),  # 8 of 20
    ]
    assert weighted_score(marks) == Decimal("70.0000")


def test_not_applicable_is_left_out_not_counted_as_zero():
    marks = [
        Mark(score=4, maximum=5, weight=30),
        Mark(score=3, maximum=5, weight=30),
        Mark(score=None, maximum=5, weight=20, not_applicable=True),
        Mark(score=5, maximum=5, weight=20),
    ]
    # (24 + 18 + 20) / 80 = 77.5%, where counting N/A as zero would give 62%
    assert weighted_score(marks) == Decimal("77.5000")


def test_criteria_with_different_maxima_are_scaled_to_their_own_maximum():
    marks = [Mark(score=7, maximum=10, weight=1), Mark(score=2, maximum=3, weight=2)]
    # (0.7 * 1 + 0.6667 * 2) / 3 = 67.7778%
    assert weighted_score(marks) == Decimal("67.7778")


def test_a_repeating_fraction_is_rounded_half_up_to_four_places():
    assert weighted_score([Mark(score=1, maximum=3, weight=1)]) == Decimal("33.3333")
    assert weighted_score([Mark(score=2, maximum=3, weight=1)]) == Decimal("66.6667")


def test_all_not_applicable_has_no_score():
    assert weighted_score([Mark(score=None, maximum=5, weight=1, not_applicable=True)]) is None


def test_a_missing_score_is_an_error():
    with pytest.raises(ValueError):
        weighted_score([Mark(score=None, maximum=5, weight=1)])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("77.5000"), "77.5%"),
        (Decimal("67.7778"), "67.8%"),
        (Decimal("66.6500"), "66.7%"),
        (Decimal("100.0000"), "100.0%"),
        (None, "–"),
    ],
)
def test_scores_are_shown_with_one_decimal(value, text):
    assert shown(value) == text


@pytest.mark.parametrize(
    ("spread", "recommendations", "flagged"),
    [
        (Decimal("25.0000"), ["fund_full", "fund_part"], False),
        (Decimal("25.0001"), ["fund_full", "fund_part"], True),
        (Decimal("5"), ["fund_full", "decline"], True),
        (Decimal("5"), ["fund_part", "decline"], False),
        (None, [], False),
    ],
)
def test_moderation_flag_on_wide_spread_or_decline_against_fund_in_full(
    spread, recommendations, flagged
):
    assert needs_moderation(spread=spread, recommendations=recommendations) is flagged
