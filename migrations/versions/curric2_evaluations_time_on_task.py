"""curric2: course evaluations, objective ratings, time on task, module CE category

Revision ID: curric2_evaluations_time_on_task
Revises: authoring2_editors_images
Create Date: 2026-12-02 01:31:51.497418

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'curric2_evaluations_time_on_task'
down_revision = 'authoring2_editors_images'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ce_category', sa.String(length=10), server_default='', nullable=False))
    op.create_table('time_on_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_time_on_task_module_id_modules')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_time_on_task_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_on_task')),
    sa.UniqueConstraint('user_id', 'kind', 'page_id', 'day', name=op.f('uq_time_on_task_user_id_kind_page_id_day'))
    )
    with op.batch_alter_table('time_on_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_on_task_module_id'), ['module_id'], unique=False)

    op.create_table('course_evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('program_version_id', sa.Integer(), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('relevance', sa.Integer(), nullable=False),
    sa.Column('free_of_bias', sa.Boolean(), nullable=False),
    sa.Column('free_of_commercial_content', sa.Boolean(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('attestation', sa.Text(), nullable=False),
    sa.Column('recorded_seconds', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_course_evaluations_center_id_centers')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_course_evaluations_program_id_programs')),
    sa.ForeignKeyConstraint(['program_version_id'], ['program_versions.id'], name=op.f('fk_course_evaluations_program_version_id_program_versions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_course_evaluations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_evaluations')),
    sa.UniqueConstraint('user_id', 'program_version_id', name=op.f('uq_course_evaluations_user_id_program_version_id'))
    )
    with op.batch_alter_table('course_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_evaluations_center_id'), ['center_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_evaluations_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_evaluations_user_id'), ['user_id'], unique=False)

    op.create_table('course_evaluation_ratings',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['course_evaluations.id'], name=op.f('fk_course_evaluation_ratings_evaluation_id_course_evaluations')),
    sa.PrimaryKeyConstraint('evaluation_id', 'position', name=op.f('pk_course_evaluation_ratings'))
    )
    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.drop_column('ce_category')
    op.drop_table('course_evaluation_ratings')
    with op.batch_alter_table('course_evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_evaluations_user_id'))
        batch_op.drop_index(batch_op.f('ix_course_evaluations_program_id'))
        batch_op.drop_index(batch_op.f('ix_course_evaluations_center_id'))

    op.drop_table('course_evaluations')
    with op.batch_alter_table('time_on_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_on_task_module_id'))

    op.drop_table('time_on_task')
    # ### end Alembic commands ###
