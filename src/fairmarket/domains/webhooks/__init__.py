"""Webhooks: notify a seller's endpoints of new events in the log, signed, retried, logged."""
