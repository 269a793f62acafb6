"""progress: lesson reviews (each "mark as done", so a retake can wait for the lessons behind missed objectives)

Revision ID: 5b7e0c2d9a41
Revises: 7f984a12ff7f
Create Date: 2026-12-01 23:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5b7e0c2d9a41'
down_revision = '7f984a12ff7f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], name=op.f('fk_lesson_reviews_lesson_id_lessons')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lesson_reviews_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_reviews'))
    )
    with op.batch_alter_table('lesson_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_reviews_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_reviews_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lesson_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_reviews_user_id'))
        batch_op.drop_index(batch_op.f('ix_lesson_reviews_lesson_id'))

    op.drop_table('lesson_reviews')
