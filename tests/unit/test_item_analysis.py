"""Item analysis figures on small hand-checked data sets."""
import pytest

from lms.authoring.item_analysis import Response, analyse, groups, point_biserial


def answers(rows):
    """rows: (attempt, total, fraction, chosen) for question q1."""
    return [Response(a, t, "q1", f, tuple(c)) for a, t, f, c in rows]


def test_groups_take_the_upper_and_lower_27_percent():
    upper, lower = groups({i: float(i) for i in range(1, 11)})
    assert upper == {8, 9, 10} and lower == {1, 2, 3}


def test_difficulty_is_the_share_scoring_full_marks():
    [item] = analyse(answers([(1, 100, 1, "b"), (2, 50, 0, "a"), (3, 80, 1, "b"), (4, 20, 0, "c")]), {"q1": {"b"}})
    assert item.difficulty == 0.5 and item.choices == {"a": 1, "b": 2, "c": 1}


def test_a_good_item_discriminates_and_is_not_flagged():
    rows = [(i, i * 10, 1 if i > 5 else 0, "b" if i > 5 else "a") for i in range(1, 11)]
    [item] = analyse(answers(rows), {"q1": {"b"}})
    assert item.discrimination == 1.0 and item.point_biserial == pytest.approx(0.87, abs=0.01)
    assert item.flags == []


def test_an_item_the_strongest_get_wrong_is_flagged():
    rows = [(i, i * 10, 0 if i > 5 else 1, "c" if i > 5 else "b") for i in range(1, 11)]
    [item] = analyse(answers(rows), {"q1": {"b"}})
    assert item.discrimination == -1.0
    assert "negative discrimination" in item.flags and "distractor c draws the strongest learners" in item.flags


def test_too_easy_and_too_hard():
    easy = analyse(answers([(i, 50 + i, 1, "b") for i in range(1, 30)]), {"q1": {"b"}})[0]
    hard = analyse(answers([(i, 50 + i, 1 if i == 1 else 0, "a") for i in range(1, 30)]), {"q1": {"b"}})[0]
    assert "too easy" in easy.flags and "too hard" in hard.flags


def test_point_biserial_is_none_when_nothing_varies():
    assert point_biserial([True, True], [50.0, 60.0]) is None
    assert point_biserial([True, False], [50.0, 50.0]) is None
