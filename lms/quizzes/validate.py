"""Reading a quiz YAML file into a QuizSpec, reporting every problem as file:line. Pure: no Flask, no DB."""
from __future__ import annotations

import re
from collections.abc import Mapping

from lms.contentfiles import Checker, ContentErrors, LineDict, LineList, load_yaml
from lms.quizzes.grading import all_best_answers, grade
from lms.quizzes.scenario_checks import END, check_paths
from lms.quizzes.spec import (
    AUDIENCES,
    FEEDBACK_MODES,
    KINDS,
    OPTION_IDS,
    Option,
    Question,
    QuizSpec,
    Settings,
    Step,
)

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_QUESTIONS = 500
MAX_OPTIONS = len(OPTION_IDS)
MAX_STEPS = 50

_TOP_KEYS = {"module", "title", "settings", "questions"}
_SETTINGS_OPTIONAL = {"attempts", "shuffle_questions", "shuffle_options", "draw", "feedback", "time_limit_minutes"}
_COMMON_REQUIRED, _COMMON_OPTIONAL = {"id", "kind", "sources"}, {"audience", "objective"}
_KIND_KEYS = {  # kind -> (required, optional) beyond the common keys
    "single": ({"prompt", "options"}, set()),
    "multiple": ({"prompt", "options"}, set()),
    "true_false": ({"prompt", "answer", "feedback_true", "feedback_false"}, set()),
    "scenario": ({"vignette", "steps"}, {"start"}),
}


def parse_quiz(text: str, path: str, *, expected_module: str, source_keys: set[str],
               objective_lessons: Mapping[int, tuple[str, ...]] | None = None) -> QuizSpec:
    """Validate a quiz file; raise ContentErrors listing every problem as `path:line: message`.

    `objective_lessons` maps the module's objective numbers to the lessons that teach them; a question's
    `objective` must be one of those numbers, and the question then carries those lessons for review."""
    data = load_yaml(text, path)
    check = Checker(path)
    if not isinstance(data, LineDict):
        check.error(getattr(data, "line", 1), "a quiz file must be a mapping with module, title, settings, questions")
        raise ContentErrors(check.errors)
    check.keys(data, required=_TOP_KEYS, optional=set(), where="quiz")
    module = data.get("module")
    if "module" in data and module != expected_module:
        check.error(data.line_of("module"),
                    f"quiz: 'module' is '{module}' but this file belongs to module folder '{expected_module}'")
    title = check.text(data, "title", "quiz", max_len=200)
    settings = _settings(check, data)
    questions = _questions(check, data, source_keys, objective_lessons)
    pool = len(data["questions"]) if isinstance(data.get("questions"), LineList) else None
    if settings and settings.draw and pool is not None and settings.draw > pool:
        check.error(data["settings"].line_of("draw"),
                    f"settings: 'draw' is {settings.draw} but the pool has only {pool} questions")
    if check.errors:
        raise ContentErrors(check.errors)
    spec = QuizSpec(module=module, title=title, settings=settings, questions=tuple(questions))
    best = grade(spec, all_best_answers(spec)).score
    if best < settings.pass_mark:  # cannot happen with today's scoring; guards future changes to it
        check.error(data["settings"].line_of("pass_mark"),
                    f"settings: a pass is impossible: the best achievable score is {best}%")
        raise ContentErrors(check.errors)
    return spec


def _settings(check: Checker, data: LineDict) -> Settings | None:
    raw = data.get("settings")
    if raw is None or check.mapping(raw, data.line_of("settings"), "settings") is None:
        return None
    check.keys(raw, required={"pass_mark"}, optional=_SETTINGS_OPTIONAL, where="settings")
    attempts = raw.get("attempts", "unlimited")
    if attempts != "unlimited" and (isinstance(attempts, bool) or not isinstance(attempts, int)
                                    or not 1 <= attempts <= 100):
        check.error(raw.line_of("attempts"), "settings: 'attempts' must be 'unlimited' or a whole number from 1 to 100")
        attempts = "unlimited"
    feedback = raw.get("feedback")
    if feedback is not None and feedback not in FEEDBACK_MODES:
        check.error(raw.line_of("feedback"), f"settings: 'feedback' must be one of {', '.join(FEEDBACK_MODES)}")
        feedback = None
    pass_mark = check.number(raw, "pass_mark", "settings", low=1, high=100)
    return Settings(
        pass_mark=pass_mark if pass_mark is not None else 100,
        attempts=None if attempts == "unlimited" else attempts,
        shuffle_questions=check.flag(raw, "shuffle_questions", "settings"),
        shuffle_options=check.flag(raw, "shuffle_options", "settings"),
        draw=check.number(raw, "draw", "settings", low=1, high=MAX_QUESTIONS), feedback=feedback,
        time_limit_minutes=check.number(raw, "time_limit_minutes", "settings", low=1, high=600))


def _questions(check: Checker, data: LineDict, source_keys: set[str],
               objective_lessons: Mapping[int, tuple[str, ...]] | None) -> list[Question]:
    raw = data.get("questions")
    if raw is None:
        return []
    if not isinstance(raw, LineList) or not raw or len(raw) > MAX_QUESTIONS:
        check.error(data.line_of("questions"), f"quiz: 'questions' must be a list of 1 to {MAX_QUESTIONS} questions")
        return []
    questions, seen = [], {}
    for index, item in enumerate(raw):
        entry = check.mapping(item, raw.line_of(index), f"question {index + 1}")
        if entry is None:
            continue
        qid = entry.get("id")
        if isinstance(qid, str) and NAME.match(qid):
            if qid in seen:
                check.error(entry.line_of("id"), f"question id '{qid}' is used twice (first on line {seen[qid]})")
            seen.setdefault(qid, entry.line_of("id"))
        elif "id" in entry:
            check.error(entry.line_of("id"), f"question {index + 1}: 'id' must be lowercase letters, digits "
                                             "and hyphens")
        question = _question(check, entry, source_keys, objective_lessons,
                             where=f"question '{qid}'" if isinstance(qid, str) else f"question {index + 1}")
        if question is not None:
            questions.append(question)
    return questions


def _objective(check: Checker, entry: LineDict, objective_lessons: Mapping[int, tuple[str, ...]] | None,
               where: str) -> dict:
    """The question's `objective` (a module objective number) and the lessons behind it; with no module
    objectives given, any whole number from 1 is taken as it is."""
    if "objective" not in entry:
        return {}
    number = entry["objective"]
    whole = isinstance(number, int) and not isinstance(number, bool) and number >= 1
    if not whole or (objective_lessons is not None and number not in objective_lessons):
        if objective_lessons is None:
            check.error(entry.line_of("objective"), f"{where}: 'objective' must be a whole number from 1")
        else:
            count = len(objective_lessons)
            check.error(entry.line_of("objective"), f"{where}: 'objective' must be the number of one of the "
                                                    f"module's {count} objectives (1 to {count})")
        return {}
    return {"objective": number, "lessons": tuple((objective_lessons or {}).get(number, ()))}


def _question(check: Checker, entry: LineDict, source_keys: set[str],
              objective_lessons: Mapping[int, tuple[str, ...]] | None, *, where: str) -> Question | None:
    kind = entry.get("kind")
    if kind not in KINDS:
        if "kind" in entry:
            check.error(entry.line_of("kind"), f"{where}: 'kind' must be one of {', '.join(KINDS)}")
        check.keys(entry, required=_COMMON_REQUIRED, optional=_COMMON_OPTIONAL | set().union(*(
            r | o for r, o in _KIND_KEYS.values())), where=where)
        return None
    required, optional = _KIND_KEYS[kind]
    errors_before = len(check.errors)
    check.keys(entry, required=_COMMON_REQUIRED | required, optional=_COMMON_OPTIONAL | optional, where=where)
    audience = entry.get("audience", "all")
    if audience not in AUDIENCES:
        check.error(entry.line_of("audience"), f"{where}: 'audience' must be one of {', '.join(AUDIENCES)}")
    fields = dict(id=entry.get("id"), kind=kind, audience=audience, sources=_sources(check, entry, source_keys, where),
                  **_objective(check, entry, objective_lessons, where))
    if kind == "scenario":
        fields.update(vignette=check.text(entry, "vignette", where), **_scenario(check, entry, where))
    else:
        fields["prompt"] = check.text(entry, "prompt", where)
    if kind == "true_false":
        answer = entry.get("answer")
        if "answer" in entry and not isinstance(answer, bool):
            check.error(entry.line_of("answer"), f"{where}: 'answer' must be true or false")
        fields.update(answer=answer, feedback_true=check.text(entry, "feedback_true", where),
                      feedback_false=check.text(entry, "feedback_false", where))
    elif kind in ("single", "multiple"):
        fields["options"] = _choice_options(check, entry, kind, where)
    return Question(**fields) if len(check.errors) == errors_before else None


def _sources(check: Checker, entry: LineDict, source_keys: set[str], where: str) -> tuple[str, ...]:
    raw = entry.get("sources")
    if raw is None:
        return ()
    if not isinstance(raw, LineList) or not raw or not all(isinstance(k, str) for k in raw):
        check.error(entry.line_of("sources"), f"{where}: 'sources' must be a non-empty list of source keys")
        return ()
    for index, key in enumerate(raw):
        if key not in source_keys:
            known = ", ".join(sorted(source_keys)) or "none"
            check.error(raw.line_of(index), f"{where}: unknown source key '{key}' (module.md sources: {known})")
    return tuple(raw)


def _option_list(check: Checker, owner: LineDict, where: str) -> list[tuple[str, LineDict]]:
    """The raw option mappings with their ids and `where` labels; wrong shapes are reported."""
    raw = owner.get("options")
    if raw is None:
        return []
    if not isinstance(raw, LineList) or not 2 <= len(raw) <= MAX_OPTIONS:
        check.error(owner.line_of("options"), f"{where}: 'options' must be a list of 2 to {MAX_OPTIONS} options")
        return []
    found = []
    for index, item in enumerate(raw):
        label = f"{where} option {index + 1}"
        entry = check.mapping(item, raw.line_of(index), label)
        if entry is not None:
            found.append((label, entry))
    return found


def _without(mapping: LineDict, keys: set[str]) -> LineDict:
    """A copy of a mapping without some keys, keeping its line numbers."""
    copy = LineDict({k: v for k, v in mapping.items() if k not in keys})
    copy.line, copy.key_lines = mapping.line, mapping.key_lines
    return copy


def _misplaced(check: Checker, entry: LineDict, keys: set[str], label: str, advice: str) -> LineDict:
    for key in sorted(keys & entry.keys()):
        check.error(entry.line_of(key), f"{label}: '{key}' {advice}")
    return _without(entry, keys)


def _choice_options(check: Checker, entry: LineDict, kind: str, where: str) -> tuple[Option, ...]:
    options = []
    for index, (label, raw) in enumerate(_option_list(check, entry, where)):
        rest = _misplaced(check, raw, {"points", "next"}, label, "is only for scenario options; use 'correct: true'")
        check.keys(rest, required={"text", "feedback"}, optional={"correct"}, where=label)
        options.append(Option(id=OPTION_IDS[index], text=check.text(raw, "text", label),
                              feedback=check.text(raw, "feedback", label),
                              correct=check.flag(raw, "correct", label)))
    correct = sum(o.correct for o in options)
    if len(options) >= 2 and kind == "single" and correct != 1:
        check.error(entry.line_of("options"), f"{where}: a single question needs exactly one correct option "
                                              f"(found {correct})")
    if len(options) >= 2 and kind == "multiple" and correct == 0:
        check.error(entry.line_of("options"), f"{where}: a multiple question needs at least one correct option")
    return tuple(options)


def _scenario(check: Checker, entry: LineDict, where: str) -> dict:
    raw = entry.get("steps")
    if raw is None:
        return {}
    if not isinstance(raw, LineDict) or not 1 <= len(raw) <= MAX_STEPS:
        check.error(entry.line_of("steps"), f"{where}: 'steps' must map 1 to {MAX_STEPS} step names to steps")
        return {}
    steps, next_lines = [], {}
    for name, item in raw.items():
        label = f"{where} step '{name}'"
        if not isinstance(name, str) or not NAME.match(name) or name == END:
            check.error(raw.line_of(name), f"{label}: step names are lowercase letters, digits and hyphens, "
                                           f"and not '{END}'")
            continue
        body = check.mapping(item, raw.line_of(name), label)
        if body is None:
            continue
        check.keys(body, required={"prompt", "options"}, optional=set(), where=label)
        options = []
        for index, (option_label, option) in enumerate(_option_list(check, body, label)):
            rest = _misplaced(check, option, {"correct"}, option_label, "is not used in scenarios; score with 'points'")
            check.keys(rest, required={"text", "feedback", "points"}, optional={"next"}, where=option_label)
            target = option.get("next")
            if target is not None and not isinstance(target, str):
                check.error(option.line_of("next"), f"{option_label}: 'next' must be a step name or '{END}'")
                target = None
            target = None if target == END else target
            next_lines[(name, OPTION_IDS[index])] = (option.line_of("next"), option_label)
            options.append(Option(id=OPTION_IDS[index], text=check.text(option, "text", option_label),
                                  feedback=check.text(option, "feedback", option_label), next=target,
                                  points=check.number(option, "points", option_label, low=0, high=1000) or 0))
        steps.append(Step(id=name, prompt=check.text(body, "prompt", label), options=tuple(options)))
    start = entry.get("start", steps[0].id if steps else None)
    if "start" in entry and (not isinstance(start, str) or start not in {s.id for s in steps}):
        check.error(entry.line_of("start"), f"{where}: 'start' names no step of this scenario")
        start = None
    if start is not None:
        check_paths(check, steps, start=start, where=where, next_lines=next_lines, steps_map=raw,
                     steps_line=entry.line_of("steps"))
    return {"steps": tuple(steps), "start": start}


def question_lines(text: str, path: str) -> dict[tuple[str, str | None], int]:
    """Lines of each question's `id` and each scenario step's name in a quiz file: {(question, step): line}."""
    data = load_yaml(text, path)
    lines: dict[tuple[str, str | None], int] = {}
    questions = data.get("questions") if isinstance(data, LineDict) else None
    for entry in questions if isinstance(questions, LineList) else ():
        if not isinstance(entry, LineDict) or not isinstance(entry.get("id"), str):
            continue
        lines[(entry["id"], None)] = entry.line_of("id")
        steps = entry.get("steps")
        for name in steps if isinstance(steps, LineDict) else ():
            lines[(entry["id"], name)] = steps.line_of(name)
    return lines
