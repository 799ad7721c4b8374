"""One package per domain. Domains never import an entrypoint or a web/CLI framework."""
