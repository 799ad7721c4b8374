"""Shared vocabulary with no business rules: ids, money, clock, actors, errors, pagination."""
