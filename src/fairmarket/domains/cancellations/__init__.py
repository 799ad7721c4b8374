"""Buyer cancellation requests before shipment: the first post-purchase journey."""
