"""items: per-question response rows of submitted attempts (item analysis), backfilled from the stored results

Revision ID: items_question_responses
Revises: curric2_evaluations_time_on_task
Create Date: 2026-12-02 12:25:00

The backfill reads each submitted attempt's result JSON in Python (the same on SQLite and PostgreSQL) and
inserts its rows in bulk, a page of attempts at a time. It is a frozen copy of lms.quizzes.item_rows (a
migration must not change when the application code does).
"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'items_question_responses'
down_revision = 'curric2_evaluations_time_on_task'
branch_labels = None
depends_on = None

PAGE = 500


def _choices(chosen):
    if chosen is None:
        return ()
    if isinstance(chosen, bool):
        return ("true" if chosen else "false",)
    if not isinstance(chosen, (list, tuple)):
        return (str(chosen),)
    return tuple(f"{c[0]}:{c[1]}" if isinstance(c, (list, tuple)) else str(c) for c in chosen if c is not None)


def _rows(attempt_id, quiz_version_id, user_id, score, result):
    if isinstance(result, str):
        result = json.loads(result)
    rows = []
    for position, question in enumerate((result or {}).get("questions") or ()):
        fraction = float(question.get("fraction") or 0)
        base = dict(attempt_id=attempt_id, quiz_version_id=quiz_version_id, user_id=user_id,
                    score=float(score or 0), question_id=question["question_id"], position=position,
                    fraction=fraction, full=fraction >= 1)
        rows += [dict(base, seq=seq, choice=choice)
                 for seq, choice in enumerate(_choices(question.get("chosen")) or (None,))]
    return rows


def upgrade():
    responses = op.create_table('quiz_item_responses',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('quiz_version_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('fraction', sa.Float(), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('choice', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'], name=op.f('fk_quiz_item_responses_attempt_id_quiz_attempts')),
    sa.ForeignKeyConstraint(['quiz_version_id'], ['quiz_versions.id'], name=op.f('fk_quiz_item_responses_quiz_version_id_quiz_versions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_item_responses_user_id_users')),
    sa.PrimaryKeyConstraint('attempt_id', 'question_id', 'seq', name=op.f('pk_quiz_item_responses'))
    )
    with op.batch_alter_table('quiz_item_responses', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_item_responses_analysis', ['quiz_version_id', 'question_id', 'choice', 'seq', 'full', 'user_id', 'score', 'attempt_id', 'position'], unique=False)
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_ranking', ['quiz_version_id', 'user_id', 'submitted_at', 'score'], unique=False)

    attempts = sa.table('quiz_attempts', sa.column('id', sa.Integer), sa.column('user_id', sa.Integer),
                        sa.column('quiz_version_id', sa.Integer), sa.column('score', sa.Float),
                        sa.column('submitted_at', sa.DateTime), sa.column('result', sa.JSON))
    bind = op.get_bind()
    last = 0
    while True:
        page = bind.execute(sa.select(attempts.c.id, attempts.c.quiz_version_id, attempts.c.user_id,
                                      attempts.c.score, attempts.c.result)
                            .where(attempts.c.id > last, attempts.c.submitted_at.is_not(None),
                                   attempts.c.result.is_not(None))
                            .order_by(attempts.c.id).limit(PAGE)).all()
        if not page:
            break
        rows = [row for attempt in page for row in _rows(*attempt)]
        if rows:
            bind.execute(responses.insert(), rows)
        last = page[-1][0]


def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_ranking')
    with op.batch_alter_table('quiz_item_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_item_responses_analysis')
    op.drop_table('quiz_item_responses')
