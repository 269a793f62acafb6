"""The graph checks of a scenario question: every `next` names a step, every step is reachable, no loops, and
the best path scores. Pure: no Flask, no DB."""
from __future__ import annotations

from lms.contentfiles import Checker, LineDict
from lms.quizzes.spec import Question, Step, loop_edges, reachable_steps

END = "end"  # the `next` that ends a scenario


def check_paths(check: Checker, steps: list[Step], *, start: str, where: str, next_lines: dict,
                 steps_map: LineDict, steps_line: int) -> None:
    """Every `next` names a step, every step is reachable, there is no loop, and the best path scores."""
    names = {s.id for s in steps}
    broken = [(s.id, o) for s in steps for o in s.options if o.next is not None and o.next not in names]
    for step_id, option in broken:
        line, label = next_lines[(step_id, option.id)]
        check.error(line, f"{label}: 'next: {option.next}' names no step of this scenario "
                          f"(steps: {', '.join(sorted(names))}, or '{END}')")
    for step_id, option_id, loop in loop_edges(steps):
        line, label = next_lines[(step_id, option_id)]
        check.error(line, f"{label}: 'next: {loop[-1]}' makes a loop ({' -> '.join(loop)})")
    reachable = reachable_steps(steps, start)
    for step in steps:
        if step.id not in reachable:
            check.error(steps_map.line_of(step.id), f"{where} step '{step.id}': cannot be reached from the start "
                                                    f"step '{start}'")
    if not broken and not loop_edges(steps):
        probe = Question(id="probe", kind="scenario", sources=(), steps=tuple(steps), start=start)
        if probe.best_points == 0:
            check.error(steps_line, f"{where}: the best path scores 0 points; give the best choices points")
