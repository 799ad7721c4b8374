"""OAuth 2.0 for third-party apps: the token endpoint and the way into the consent page."""
