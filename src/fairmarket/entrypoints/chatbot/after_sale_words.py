"""The words of after-sale requests: nouns, the seller's actions, statuses, journeys, kinds.

Kept apart from `lexicon` (orders and the dialog) so each stays readable; the same rules apply:
phrases over normalised, lower-case text, canonical values as keys.
"""

from __future__ import annotations

import re

from fairmarket.entrypoints.chatbot.lexicon import NEGATION, phrases

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
AFTER_SALE_STATUSES: dict[str, re.Pattern[str]] = {
    "awaiting_return_shipment": phrases(
        r"awaiting (?:the )?return shipments?",
        r"not (?:yet )?(?:shipped|sent) back",
        r"waiting for (?:the )?(?:buyer|customer)s? to (?:ship|send)",
        r"to be (?:shipped|sent) back",
    ),
    "return_in_transit": phrases(
        r"in transit",
        r"on (?:the|their|its) way back",
        r"(?:shipped|sent|being sent|being shipped) back",
        r"being returned",
    ),
    "return_delivered": phrases(
        r"(?:return|returns) (?:delivered|arrived)",
        r"delivered (?:return|returns)",
        r"(?:arrived|came) back",
        r"to (?:inspect|confirm)",
    ),
    "partial_offered": phrases(
        r"partial(?:ly)? (?:offers?|offered|refunds? offered)",
        r"(?:with|have) (?:an |my )?offers?",
        r"offered",
        r"offer pending",
    ),
    "in_dispute": phrases(r"disputes?", r"disputed", r"in dispute", r"escalated", r"escalations?"),
    "intercepting": phrases(r"intercepting", r"being intercepted", r"interceptions?"),
    "converted_to_return": phrases(r"converted"),
    "pending": phrases(
        r"pending",
        r"open",
        r"waiting",
        r"outstanding",
        r"undecided",
        r"unanswered",
        r"new",
        r"awaiting",
        r"needs? (?:my |a |an )?(?:answer|decision|response|reply|action)",
        r"to (?:decide|answer|review)",
        r"not (?:yet )?(?:decided|answered)",
    ),
    "refunded": phrases(r"refunded"),
    "replaced": phrases(r"replaced"),
    "rejected": phrases(r"rejected", r"declined", r"refused", r"denied"),
    "cancelled": phrases(r"cancell?ed"),
    "closed": phrases(r"closed"),
    "withdrawn": phrases(r"withdrawn", r"withdrew"),
}
AFTER_SALE_TYPES: dict[str, re.Pattern[str]] = {
    "fulfilment_cancellation": phrases(
        r"fulfil?ment cancell?ations?",
        r"in[\s-]transit cancell?ations?",
        r"cancell?ations? (?:in transit|of shipped orders|after shipment|to intercept)",
        r"interceptions?",
    ),
    "return": phrases(
        r"returns?",
        r"rmas?",
        r"refund only",
        r"return and refund",
        r"replacements?",
        r"refund requests?",
    ),
    "cancellation": phrases(
        r"cancell?ations?", r"cancel requests?", r"requests? to cancel", r"cancell?ation requests?"
    ),
}
REQUEST_KINDS: dict[str, re.Pattern[str]] = {
    "refund_only": phrases(r"refund[\s-]only", r"refunds? without (?:a )?return", r"no return"),
    "return_and_refund": phrases(
        r"return[\s-]and[\s-]refund", r"return (?:&|for a|for) refund", r"returns? with refund"
    ),
    "replacement": phrases(r"replacements?", r"exchanges?"),
}

# Asking why a request was decided the way it was (the rules engine's explanation).
EXPLAIN = phrases(
    r"why",
    r"explain\w*",
    r"how (?:was|were|did|come)\b[\w\s#]{0,40}\b(?:decided|approved|rejected|refunded|resolved)",
    r"which rule",
    r"what rule",
)
