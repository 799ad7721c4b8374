"""Storage: metadata, engine, unit of work, migrations."""
