"""center programs: a program owned by a center (seen only by its members), and archiving it

Revision ID: center_programs
Revises: items_question_responses
Create Date: 2026-12-02 10:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'center_programs'
down_revision = 'items_question_responses'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_center_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_programs_owner_center_id'), ['owner_center_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_programs_owner_center_id_centers'), 'centers',
                                    ['owner_center_id'], ['id'])


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_programs_owner_center_id_centers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_programs_owner_center_id'))
        batch_op.drop_column('archived_at')
        batch_op.drop_column('owner_center_id')
