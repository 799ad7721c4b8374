"""Web sessions: the server-side record behind each signed-in browser, so signing out revokes."""
