"""The sums behind item analysis, computed by the database in one statement whatever the number of attempts:
attempts ranked by a window function into the upper and lower 27%, each stored answer unpacked once with the
database's JSON functions (SQLite json_each, PostgreSQL json_array_elements) into a materialized CTE, then summed
per question and per option (GROUP BY, UNION ALL). Only the sums reach Python."""
from __future__ import annotations

from sqlalchemy import text

from lms.authoring.item_analysis import GROUP_SHARE, OptionSums, QuestionSums
from lms.extensions import db

_SHARE = round(GROUP_SHARE * 100)

_ATTEMPTS = f"""WITH
ranked AS (
  SELECT id, COALESCE(score, 0) AS score, ROW_NUMBER() OVER (ORDER BY COALESCE(score, 0), id) AS rn,
         COUNT(*) OVER () AS n
  FROM quiz_attempts
  WHERE quiz_version_id = :quiz AND submitted_at IS NOT NULL
    AND user_id IN (SELECT user_id FROM memberships WHERE center_id = :center)),
sized AS (SELECT id, score, rn, n, {{largest}}(1, (n * {_SHARE} + 50) / 100) AS k FROM ranked),
attempts AS (
  SELECT id, score, n, CASE WHEN rn > n - k THEN 1 ELSE 0 END AS up, CASE WHEN rn <= k THEN 1 ELSE 0 END AS low
  FROM sized),"""

_ANSWERS = {
    # One json_extract with three paths parses each (long) question object once; the short array it returns
    # is cheap to read three times.
    "sqlite": """
fields AS (
  SELECT a.score, a.n, a.up, a.low, CAST(q.key AS INTEGER) AS idx,
         json_extract(q.value, '$.question_id', '$.fraction', '$.chosen') AS f
  FROM attempts a JOIN quiz_attempts t ON t.id = a.id JOIN json_each(t.result, '$.questions') q),
answers AS MATERIALIZED (
  SELECT score, n, up, low, idx, f ->> '$[0]' AS qid,
         CASE WHEN COALESCE(f ->> '$[1]', 0) >= 1 THEN 1 ELSE 0 END AS is_full, f -> '$[2]' AS chosen
  FROM fields)""",
    "postgresql": """
answers AS MATERIALIZED (
  SELECT a.score, a.n, a.up, a.low, q.idx, q.value->>'question_id' AS qid,
         CASE WHEN COALESCE((q.value->>'fraction')::float, 0) >= 1 THEN 1 ELSE 0 END AS is_full,
         q.value->'chosen' AS chosen
  FROM attempts a JOIN quiz_attempts t ON t.id = a.id
  CROSS JOIN LATERAL json_array_elements(t.result->'questions') WITH ORDINALITY AS q(value, idx))""",
}

_QUESTIONS = """
SELECT 0 AS part, qid, NULL AS opt, COUNT(*), SUM(is_full), SUM(up), SUM(up * is_full), SUM(low),
       SUM(low * is_full), SUM(score), SUM(score * score), SUM(score * is_full), MAX(n), MIN(idx)
FROM answers GROUP BY qid"""

# A choice is a string, a list of strings, a boolean (true/false) or a scenario's [step, option] pairs.
_OPTIONS = {
    "sqlite": """
SELECT 1, a.qid, CASE c.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
                     WHEN 'array' THEN json_extract(c.value, '$[0]') || ':' || json_extract(c.value, '$[1]')
                     ELSE CAST(c.value AS TEXT) END AS opt,
       COUNT(*), NULL, SUM(a.up), NULL, SUM(a.low), NULL, NULL, NULL, NULL, NULL, NULL
FROM answers a JOIN json_each(a.chosen) c
WHERE c.type != 'null'
GROUP BY a.qid, opt""",
    "postgresql": """
SELECT 1, a.qid, CASE WHEN json_typeof(e) = 'array' THEN (e->>0) || ':' || (e->>1) ELSE e #>> '{}' END AS opt,
       COUNT(*), NULL, SUM(a.up), NULL, SUM(a.low), NULL, NULL, NULL, NULL, NULL, NULL
FROM answers a CROSS JOIN LATERAL json_array_elements(
  CASE WHEN json_typeof(a.chosen) = 'array' THEN a.chosen ELSE json_build_array(a.chosen) END) AS e
WHERE json_typeof(e) <> 'null'
GROUP BY a.qid, opt""",
}


def _statement(dialect: str) -> str:
    largest = "MAX" if dialect == "sqlite" else "GREATEST"
    return (_ATTEMPTS.format(largest=largest) + _ANSWERS[dialect] + _QUESTIONS + "\nUNION ALL" + _OPTIONS[dialect]
            + "\nORDER BY 1, 14, 2, 3")


def item_sums(quiz_version_id: int, center_id: int) -> tuple[list[QuestionSums], list[OptionSums], int]:
    """Per-question and per-option sums over the submitted attempts of the center's members, and how many
    attempts there are (one query)."""
    dialect = db.engine.dialect.name
    rows = db.session.execute(text(_statement(dialect)), {"quiz": quiz_version_id, "center": center_id}).all()
    questions, options, attempts = [], [], 0
    for part, qid, option, n, full, up, up_full, low, low_full, total, total_sq, total_full, count, _ in rows:
        if part == 0:
            questions.append(QuestionSums(qid, int(n), int(full), int(up), int(up_full), int(low), int(low_full),
                                          float(total or 0), float(total_sq or 0), float(total_full or 0)))
            attempts = max(attempts, int(count))
        else:
            options.append(OptionSums(qid, str(option), int(n), int(up), int(low)))
    return questions, options, attempts
