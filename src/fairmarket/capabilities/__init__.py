"""The catalogue of actions: each declared once, bound to one service function.

Every channel (Seller API, Seller Center, Seller Chatbot, CLI) is generated from or bound to this
catalogue, and `fairmarket parity` proves that none is missing anywhere.
"""
