"""Rows to bulk-insert, keyed by table name, with primary keys assigned up front.

Assigning ids in Python lets every foreign key be set without a round trip per row; the writer
inserts the tables parent-first and then moves PostgreSQL's sequences past the ids used.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

Row = dict[str, Any]


class Rows:
    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = defaultdict(list)
        self._sequences: dict[tuple[str, int], int] = defaultdict(int)

    def add(self, table: str, row: Row) -> int:
        rows = self.tables[table]
        row["id"] = len(rows) + 1
        rows.append(row)
        return int(row["id"])

    def next_sequence(self, resource_type: str, resource_id: int) -> int:
        """The next event sequence number of one resource, from 1."""
        self._sequences[resource_type, resource_id] += 1
        return self._sequences[resource_type, resource_id]

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))

    def total(self) -> int:
        return sum(len(rows) for rows in self.tables.values())
