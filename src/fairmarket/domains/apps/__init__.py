"""Third-party apps: registration, OAuth 2.0 grants a seller gives them, their tokens and usage."""
