"""Fairmarket: governance and experience platform for multi-seller marketplaces."""

__version__ = "0.1.0"
