"""`fairmarket chat` and `fairmarket chat interpret`. (Stub: lands with the chatbot.)"""

from __future__ import annotations

import typer

chat_app = typer.Typer(help="Talk to the Seller Chatbot, or inspect how it understands messages.")
