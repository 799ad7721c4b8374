"""The `fairmarket` command line (Typer)."""
