"""The deterministic demo marketplace generator and the Olist importer.

Sits above bootstrap and below entrypoints: it writes the same tables the domains own, in bulk,
so that one command fills a laptop database with a believable marketplace.
"""
