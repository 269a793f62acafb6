"""Assessment checks: a learner who does not read must not pass (key position, options, true/false, strategies)."""
from __future__ import annotations

from lms.quizzes.assessment import assess, decisions, findings, strategy_answer, strategy_score, words
from lms.quizzes.spec import Option, Question, QuizSpec, Settings, Step
from lms.quizzes.validate import question_lines
from tests.quizzes.sample import GOOD, PATH


def single(qid: str, texts: list[str], key: int, prompt: str = "Which one?") -> Question:
    options = tuple(Option(id="abcdefg"[i], text=t, feedback="f", correct=i == key) for i, t in enumerate(texts))
    return Question(id=qid, kind="single", sources=("s",), prompt=prompt, options=options)


def true_false(qid: str, answer: bool) -> Question:
    return Question(id=qid, kind="true_false", sources=("s",), prompt="?", answer=answer, feedback_true="f",
                    feedback_false="f")


def quiz(*questions: Question, pass_mark: int = 80) -> QuizSpec:
    return QuizSpec(module="01-sample", title="t", settings=Settings(pass_mark=pass_mark), questions=questions)


def longest_keyed(n: int) -> list[Question]:
    return [single(f"q{i}", ["short", "a much longer keyed option", "mid length"], key=1) for i in range(n)]


def test_a_quiz_whose_key_is_always_longest_is_refused_with_each_decision_named():
    spec = quiz(*longest_keyed(5))
    messages = [f.message for f in findings(spec)]
    assert "the keyed option is the longest in 5 of 5 decisions (100%; at most 40% allowed)" in messages
    assert [f.question_id for f in findings(spec) if f.message.endswith("is the longest")] == [
        "q0", "q1", "q2", "q3", "q4"]
    assert "always choosing the longest option scores 100%, at or above the pass mark of 80%" in messages


def test_a_quiz_with_keys_in_varied_places_passes():
    texts = [["a long distractor option", "the key", "mid option"], ["alpha", "beta key", "a longer gamma"],
             ["short one", "a long key text here", "a longer distractor than it"], ["xx", "the longest key", "yyy"],
             ["a short", "the key one", "another long wrong one"]]
    spec = quiz(*(single(f"q{i}", t, key=1) for i, t in enumerate(texts)))
    assert findings(spec) == []
    figures = assess(spec)
    assert figures.decisions == 5 and figures.longest_share == 0.2 and figures.strategy_scores["middle"] == 60.0
    assert figures.strategy_scores["first"] == 0.0 and figures.strategy_scores["last"] == 0.0
    assert figures.strategy_scores["longest"] == 20.0


def test_keyed_shortest_is_refused_too():
    spec = quiz(*(single(f"q{i}", ["a long distractor", "key", "another long one"], key=1) for i in range(5)))
    assert any(f.message.startswith("the keyed option is the shortest in 5 of 5") for f in findings(spec))


def test_shares_are_not_judged_on_fewer_than_five_decisions():
    assert not any("decisions (" in f.message for f in findings(quiz(*longest_keyed(4))))
    assert any("decisions (" in f.message for f in findings(quiz(*longest_keyed(5))))


def test_a_multiple_question_needs_four_options():
    options = tuple(Option(id=i, text=i, feedback="f", correct=i == "a") for i in "abc")
    spec = quiz(Question(id="many", kind="multiple", sources=("s",), prompt="?", options=options))
    assert [f.message for f in findings(spec)][0] == "many: has 3 options; a decision needs at least 4"


def test_a_decision_with_two_options_is_refused():
    spec = quiz(single("two", ["yes", "no"], key=0))
    assert [f.message for f in findings(spec)][0] == "two: has 2 options; a decision needs at least 3"


def test_true_false_keys_may_differ_by_one_at_most():
    many_false = quiz(true_false("a", False), true_false("b", False), single("s", ["aa", "b", "ccc"], key=0))
    balanced = quiz(true_false("a", False), true_false("b", True), single("s", ["aa", "b", "ccc"], key=0))
    assert any(f.message.startswith("true/false keys are 0 true and 2 false") for f in findings(many_false))
    assert not any(f.message.startswith("true/false") for f in findings(balanced))


def test_first_and_last_strategies_answer_true_false_as_the_options_read():
    item = true_false("t", True)
    assert strategy_answer(item, "first") is True and strategy_answer(item, "last") is False


def test_stem_words_strategy_picks_the_option_echoing_the_question():
    item = single("echo", ["Call the clinician now", "Write the report on the burglary", "Wait"], key=0,
                  prompt="The burglary report is due. What now?")
    assert strategy_answer(item, "stem_words") == "b"
    assert "the" not in words("The burglary") and "burglary" in words("The burglary")


def test_scenario_strategies_follow_the_path_they_choose():
    steps = (Step(id="one", prompt="?", options=(
        Option(id="a", text="the best first move", feedback="f", points=2, next="two"),
        Option(id="b", text="a rather longer but poorer move", feedback="f", points=0, next="two"),
        Option(id="c", text="stop", feedback="f", points=0))),
        Step(id="two", prompt="?", options=(
            Option(id="a", text="ok", feedback="f", points=1),
            Option(id="b", text="the longest option of step two", feedback="f", points=0),
            Option(id="c", text="no", feedback="f", points=0))))
    scenario = Question(id="sc", kind="scenario", sources=("s",), vignette="v", steps=steps, start="one")
    assert strategy_answer(scenario, "longest") == [["one", "b"], ["two", "b"]]
    assert strategy_answer(scenario, "last") == [["one", "c"]]
    spec = quiz(scenario)
    assert strategy_score(spec, "first") == 100.0 and strategy_score(spec, "longest") == 0.0
    assert [d.step_id for d in decisions(spec)] == ["one", "two"]
    assert any(f.message.startswith("always choosing the first option scores 100%") for f in findings(spec))


def test_question_lines_give_each_question_and_step_its_line():
    lines = question_lines(GOOD, PATH)
    assert lines[("pick-one", None)] == 8
    assert lines[("at-scene", "first")] == GOOD.splitlines().index("      first:") + 1


def test_each_roles_own_pool_is_checked_against_the_strategies():
    fair = [single(f"f{i}", ["a long distractor option", "the key", "mid option"], key=1) for i in range(4)]
    officer_giveaway = [Question(**{**single(f"o{i}", ["short", "a much longer keyed option", "mid"], key=1).__dict__,
                                    "audience": "officer"}) for i in range(12)]
    messages = [f.message for f in findings(quiz(*fair, *officer_giveaway))]
    assert "in the attempt for an officer, always choosing the longest option scores 75%, at or above the pass " \
           "mark of 70%" not in messages
    messages = [f.message for f in findings(quiz(*fair, *officer_giveaway, pass_mark=70))]
    assert "in the attempt for an officer, always choosing the longest option scores 75%, at or above the pass " \
           "mark of 70%" in messages
    assert not any("for a clinician" in m for m in messages)
