"""authoring2: curriculum editors, center-owned modules, editor images

Revision ID: authoring2_editors_images
Revises: 71f53ffd952c
Create Date: 2026-12-02 01:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'authoring2_editors_images'
down_revision = '71f53ffd952c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_curriculum_editor', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_center_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_modules_owner_center_id'), ['owner_center_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_modules_owner_center_id_centers'), 'centers',
                                    ['owner_center_id'], ['id'])
    with op.batch_alter_table('module_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('center_owned', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('content_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('alt', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_content_images_center_id_centers')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_content_images_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_images')),
    sa.UniqueConstraint('name', name=op.f('uq_content_images_name'))
    )
    with op.batch_alter_table('content_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_images_center_id'), ['center_id'], unique=False)


def downgrade():
    with op.batch_alter_table('content_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_images_center_id'))
    op.drop_table('content_images')
    with op.batch_alter_table('module_drafts', schema=None) as batch_op:
        batch_op.drop_column('center_owned')
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_modules_owner_center_id_centers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_modules_owner_center_id'))
        batch_op.drop_column('owner_center_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_curriculum_editor')
