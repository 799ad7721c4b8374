"""Buyers' reviews of their orders: a score from 1 to 5 and optional words."""
