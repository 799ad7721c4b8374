"""The words of after-sale requests: nouns, the seller's actions, statuses, journeys, kinds.

Kept apart from `lexicon` (orders and the dialog) so each stays readable; the same rules apply:
phrases over normalised, lower-case text, canonical values as keys.
"""

from __future__ import annotations

from fairmarket.entrypoints.chatbot.lexicon import phrases
from fairmarket.kernel.synonyms import NEGATION

# Anything a buyer opened after the sale: cancellations, returns, refunds, disputes.
AFTER_SALE_NOUN = phrases(
    r"cancell?ations?",
    r"cancel requests?",
    r"requests? to cancel",
    r"returns?",
    r"returned (?:item|items|parcel|package|goods|product)",
    r"rmas?",
    r"refund requests?",
    r"refund only",
    r"replacements?",
    r"disputes?",
    r"after[\s-]?sales?",
    r"claims?",
    r"interceptions?",
    r"partial offers?",
    r"offers",
)
AFTER_SALES_PLURAL = phrases(
    r"cancell?ations", r"requests", r"returns", r"disputes", r"claims", r"replacements", r"rmas"
)
OFFER = phrases(
    r"offer",
    r"propose",
    r"partial(?:ly)?",
    r"part of (?:the|their|his|her) (?:money|refund|amount|payment)",
    r"compensat\w*",
    r"goodwill",
)
REFUND_VERB = phrases(
    r"refund", r"pay (?:the buyer |the customer |them |him |her )?back", r"money back"
)
INTERCEPT = phrases(
    r"intercept",
    r"interception",
    r"(?:stop|recall|halt|call back|pull back) (?:the |that |this )?(?:parcel|package|shipment"
    r"|delivery)",
    r"bring (?:it|the parcel|the package|the shipment) back",
)
NOT_INTERCEPT = phrases(rf"{NEGATION} (?:be )?(?:intercept\w*|stop|recall)", r"too late to \w+")
RECEIVED = phrases(
    r"received",
    r"receipt",
    r"got (?:it|them|the (?:item|items|return|parcel|package|goods)) back",
    r"(?:arrived|came|is|are) back",
    r"(?:return|returned \w+|item|items|parcel|package) (?:has |have )?(?:arrived|came in)",
    r"back (?:with us|in (?:the |our )?(?:warehouse|shop|store))",
)

# The statuses of after-sale requests; earlier entries win when two phrases start together.

# Asking why a request was decided the way it was (the rules engine's explanation).
EXPLAIN = phrases(
    r"why",
    r"explain\w*",
    r"how (?:was|were|did|come)\b[\w\s#]{0,40}\b(?:decided|approved|rejected|refunded|resolved)",
    r"which rule",
    r"what rule",
)
