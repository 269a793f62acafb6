"""The sums behind item analysis, computed by the database in one statement whatever the number of attempts.

The center's submitted attempts are ranked by (score, id) with a window function to find the two cut-offs of the
upper and lower 27%; then the item-response rows written at submission (lms.quizzes.item_models) are summed with
a plain GROUP BY on (question, choice, seq, full marks) - columns of one index, so SQLite streams the groups
without sorting. The few dozen groups reach Python, which adds them up into per-question and per-option sums."""
from __future__ import annotations

from sqlalchemy import text

from lms.authoring.item_analysis import GROUP_SHARE, OptionSums, QuestionSums
from lms.extensions import db

_SHARE = round(GROUP_SHARE * 100)

_STATEMENT = f"""WITH
ranked AS (
  SELECT id, COALESCE(score, 0) AS score, ROW_NUMBER() OVER (ORDER BY COALESCE(score, 0), id) AS rn,
         COUNT(*) OVER () AS n
  FROM quiz_attempts
  WHERE quiz_version_id = :quiz AND submitted_at IS NOT NULL
    AND user_id IN (SELECT user_id FROM memberships WHERE center_id = :center)),
sized AS (SELECT id, score, rn, n, {{largest}}(1, (n * {_SHARE} + 50) / 100) AS k FROM ranked),
cut AS MATERIALIZED (
  SELECT MAX(n) AS n, MAX(CASE WHEN rn = n - k + 1 THEN score END) AS up_score,
         MAX(CASE WHEN rn = n - k + 1 THEN id END) AS up_id, MAX(CASE WHEN rn = k THEN score END) AS low_score,
         MAX(CASE WHEN rn = k THEN id END) AS low_id
  FROM sized)
SELECT r.question_id, r.choice, r.seq, r.full, COUNT(*),
       SUM(CASE WHEN (r.score, r.attempt_id) >= (SELECT up_score, up_id FROM cut) THEN 1 ELSE 0 END),
       SUM(CASE WHEN (r.score, r.attempt_id) <= (SELECT low_score, low_id FROM cut) THEN 1 ELSE 0 END),
       SUM(r.score), SUM(r.score * r.score), MIN(r.position), (SELECT n FROM cut)
FROM quiz_item_responses r
WHERE r.quiz_version_id = :quiz AND r.user_id IN (SELECT user_id FROM memberships WHERE center_id = :center)
GROUP BY r.question_id, r.choice, r.seq, r.full"""


def _statement(dialect: str) -> str:
    return _STATEMENT.format(largest="MAX" if dialect == "sqlite" else "GREATEST")


def item_sums(quiz_version_id: int, center_id: int) -> tuple[list[QuestionSums], list[OptionSums], int]:
    """Per-question and per-option sums over the submitted attempts of the center's members (questions in the
    order they first appear in attempts, options by question and id), and how many attempts there are (one
    query)."""
    rows = db.session.execute(text(_statement(db.engine.dialect.name)),
                              {"quiz": quiz_version_id, "center": center_id}).all()
    return _questions(rows), _options(rows), max((int(row[10] or 0) for row in rows), default=0)


def _questions(rows) -> list[QuestionSums]:
    """Each question's sums from its rows 0 (one per attempt that was given it)."""
    sums: dict[str, list] = {}
    for qid, _, seq, full, n, up, low, total, total_sq, position, _ in rows:
        if seq != 0:
            continue
        s = sums.setdefault(qid, [position, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0])
        full = bool(full)
        s[0] = min(s[0], position)
        for i, value in enumerate((n, n * full, up, up * full, low, low * full, total, total_sq, total * full), 1):
            s[i] += value
    ordered = sorted(sums.items(), key=lambda item: (item[1][0], item[0]))
    return [QuestionSums(qid, *map(int, s[1:7]), *map(float, s[7:])) for qid, s in ordered]


def _options(rows) -> list[OptionSums]:
    """How often each choice was made, by everyone and by the upper and lower groups."""
    sums: dict[tuple[str, str], list[int]] = {}
    for qid, choice, _, _, n, up, low, *_ in rows:
        if choice is not None:
            s = sums.setdefault((qid, choice), [0, 0, 0])
            s[0], s[1], s[2] = s[0] + n, s[1] + up, s[2] + low
    return [OptionSums(qid, choice, *map(int, s)) for (qid, choice), s in sorted(sums.items())]
