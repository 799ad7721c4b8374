"""Sellers (shops), their users, buyers, and API credentials."""
