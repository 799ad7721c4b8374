"""The ordered event log integrators read (`GET /v1/events`): the source of truth for changes."""
