"""Seller Chatbot: understands sellers' plain-English requests for every capability."""
