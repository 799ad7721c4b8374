"""Product categories and products."""
