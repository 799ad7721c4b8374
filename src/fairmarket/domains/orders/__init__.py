"""Orders, lines, shipments, payments and the refund ledger; the order lifecycle."""
