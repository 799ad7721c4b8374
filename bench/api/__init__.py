"""Seller API throughput benchmark: HTTP (wrk) against the in-process capability baseline."""
