"""The claims monitor: scans, the pages they captured, and findings with their review state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:07:37.633169
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("new_findings", sa.Integer(), nullable=False),
        sa.Column("institutions", sa.Text(), nullable=False),
        sa.Column("rules_version", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_scans")),
    )
    op.create_table(
        "claim_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("entity", sa.Text(), nullable=True),
        sa.Column("institution", sa.Text(), nullable=True),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("page_sha256", sa.String(length=64), nullable=False),
        sa.Column("first_scan_id", sa.Integer(), nullable=False),
        sa.Column("last_scan_id", sa.Integer(), nullable=False),
        sa.Column("times_seen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=80), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_scan_id"], ["claim_scans.id"], name=op.f("fk_claim_findings_first_scan_id_claim_scans")
        ),
        sa.ForeignKeyConstraint(
            ["last_scan_id"], ["claim_scans.id"], name=op.f("fk_claim_findings_last_scan_id_claim_scans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_findings")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_claim_findings_fingerprint")),
    )
    with op.batch_alter_table("claim_findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_findings_first_scan_id"), ["first_scan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_findings_last_scan_id"), ["last_scan_id"], unique=False)

    op.create_table(
        "claim_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.String(length=40), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["scan_id"], ["claim_scans.id"], name=op.f("fk_claim_pages_scan_id_claim_scans")),
        sa.ForeignKeyConstraint(["text_sha256"], ["blobs.sha256"], name=op.f("fk_claim_pages_text_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_pages")),
    )
    with op.batch_alter_table("claim_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_pages_scan_id"), ["scan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_pages_scan_id"))

    op.drop_table("claim_pages")
    with op.batch_alter_table("claim_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_findings_last_scan_id"))
        batch_op.drop_index(batch_op.f("ix_claim_findings_first_scan_id"))

    op.drop_table("claim_findings")
    op.drop_table("claim_scans")
