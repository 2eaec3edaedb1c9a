"""Persistence: settings, SQLAlchemy models, Alembic migrations, content-addressed blobs, the audit chain."""
