"""Alembic's environment and the migrations: a package, so that the import contracts see them."""
