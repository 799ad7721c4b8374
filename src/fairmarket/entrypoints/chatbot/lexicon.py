"""The words sellers use, grouped into the concepts the interpreter reasons with.

Each concept is a list of phrases (regular expressions over normalised, lower-case text). Adding a
synonym is adding a phrase here; the rules in `intents.py` stay as they are.
"""

from __future__ import annotations

import re

from fairmarket.kernel.synonyms import NEGATION, SHIPPED_WORDS


def phrases(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any of the phrases as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Actions. Base forms only: "cancelled" or "rejected" describe a status, not an instruction.
APPROVE = phrases(
    r"approve",
    r"accept",
    r"allow",
    r"grant",
    r"honou?r",
    r"agree to",
    r"go ahead with",
    r"ok(?:ay)? (?:the |this |that )?cancel\w*",
    r"let (?:them|him|her|the buyer|the customer) cancel",
    r"process the cancel\w*",
    r"say yes to",
)
REJECT = phrases(
    r"reject",
    r"decline",
    r"refuse",
    r"deny",
    r"turn down",
    r"say no to",
    rf"{NEGATION} (?:approve|accept|allow|cancel)",
)
CANCEL = phrases(r"cancel", r"cancell?ing", r"void", r"call off", r"scrap")
CANCELLED_WISH = phrases(r"(?:get|have|want|need|be)\b[\w\s#]{0,25}\bcancell?ed")
SHIP = phrases(
    r"ship",
    r"dispatch",
    r"fulfill?",
    rf"mark\b[\w\s#]{{0,25}}\b(?:as )?{SHIPPED_WORDS}",
    rf"i (?:have |just )?{SHIPPED_WORDS}",
    r"add (?:a |the )?tracking",
    r"tracking (?:number |no |code )?(?:is|for)",
    rf"{SHIPPED_WORDS} (?:it |out )?(?:with|via|by|using)",
)
NOT_SHIP = phrases(rf"{NEGATION} (?:ship|deliver|send)")
HISTORY = phrases(
    r"history",
    r"timeline",
    r"audit",
    r"trail",
    r"logs?",
    r"activity",
    r"events",
    r"who (?:changed|touched|did|edited|updated|handled|modified|cancell?ed|shipped)",
    r"what happened",
)
ORDER_NOUN = phrases(r"(?<!in )orders?(?! to\b)")
ORDERS_PLURAL = phrases(r"(?<!in )orders(?! to\b)")
SHOW = phrases(
    r"show",
    r"list",
    r"see",
    r"view",
    r"display",
    r"get",
    r"fetch",
    r"find",
    r"check",
    r"look",
    r"open",
    r"give me",
    r"pull up",
    r"tell me",
    r"what",
    r"whats",
    r"which",
    r"any",
    r"how many",
    r"details?",
    r"info",
    r"status",
    r"summary",
    r"review",
    r"all",
)
# A number on its own names an order only in a short message: "#1042", "status of 1042?".
NUMBER_ALONE = re.compile(
    r"^(?:(?:show|check|see|view|open|get|status of|details (?:of|for)|what about|how about|and"
    r"|about|info on|lookup|look up)\s+)?#?\d+(?:\s+(?:please|thanks|status|details))?$"
)
HASH_NUMBER = re.compile(r"#\s*\d+")
REQUEST_NOUN = phrases(r"requests?", r"req")
BUYER_SIDE = phrases(
    r"for (?:the|my) (?:buyer|customer)",
    r"(?:buyer|customer) (?:wants|wanted|asked|asks|requested)",
    r"(?:buyer|customer|their|his|her) request",
    r"as (?:requested|asked)",
    r"they (?:asked|want)",
)
UNSUPPORTED = phrases(
    r"delete",
    r"remove",
    r"change",
    r"update",
    r"edit",
    r"rename",
    r"book",
    r"buy",
    r"pay",
    r"transfer",
    r"reset",
    r"print",
    r"reschedule",
    r"delay",
    r"exchange",
    r"message",
    r"email",
    r"call",
    r"invite",
    r"close",
    r"create",
    r"password",
    r"add (?:a |an )?(?:product|item|listing|user|discount)",
)

# Asking, not telling: a message that opens with these reads rather than writes.
QUESTION_START = re.compile(
    r"^(?:show|list|see|view|display|get|fetch|find|check|look|open|give|pull|tell|what|whats"
    r"|which|where|when|who|how|any|are there|is there|do i have|did|has|have|was|were|is|does"
    r"|will|would|should|can i|could i|do|why"
    r"|details?|info|status|history|timeline)\b"
)
POLITE_PREFIX = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|so|well|right|yes|yeah|bot|please|pls|plz|kindly|thanks"
    r"|thank you|now|also|and|then)\b\s*"
    r"|(?:can|could|would|will) you(?: please)?\b\s*"
    r"|i (?:want|would like|need|wish) to\b\s*"
    r"|i?d like to\b\s*|help me\b\s*|go ahead and\b\s*|lets\b\s*)+"
)


CARRIERS: tuple[str, ...] = (
    "UPS",
    "USPS",
    "FedEx",
    "DHL",
    "DPD",
    "GLS",
    "TNT",
    "Royal Mail",
    "Parcelforce",
    "Evri",
    "Hermes",
    "Yodel",
    "Canada Post",
    "Purolator",
    "Australia Post",
    "La Poste",
    "Colissimo",
    "Chronopost",
    "Deutsche Post",
    "PostNL",
    "Correos",
    "Correios",
    "Poste Italiane",
    "Japan Post",
    "Yamato",
    "SF Express",
    "Aramex",
    "OnTrac",
    "Amazon Logistics",
)
CARRIER_ALIASES: dict[str, str] = {"fed ex": "FedEx", "royalmail": "Royal Mail"}

# Whole-message answers inside a dialog.
YES = re.compile(
    r"^(?:y|yes|yeah|yep|yup|sure|ok|okay|confirm(?:ed)?|do it|go ahead|go|proceed|please do"
    r"|correct|right|affirmative|absolutely|of course)\b(?:\s*(?:please|thanks|thank you))?$"
)
NO = re.compile(
    r"^(?:n|no|nope|nah|dont|do not|stop|abort|cancel|never ?mind|forget it|not now|no thanks"
    r"|no thank you|leave it)\b(?:\s*(?:thanks|thank you))?$"
)

# Words the spelling corrector may correct towards.
DOMAIN_WORDS: frozenset[str] = words(
    """
    approve accept allow grant honor honour reject decline refuse deny cancel cancelled canceled
    cancelling cancellation cancellations request requests ship shipped shipping shipment
    shipments dispatch dispatched fulfil fulfill fulfilled tracking carrier courier mark show
    list display view details status history timeline audit trail activity events order orders
    purchase purchases pending outstanding awaiting payment transit delivered completed approved
    rejected declined refused stock inventory pricing price mistake wrong address deliver buyer
    customer agreed keep keeping custom personalised personalized engraved bespoke already
    warehouse unavailable please cannot refund refunds refunded return returns returned partial
    offer intercept interception parcel package received replacement dispute disputes policy
    damaged
    """
)
# Ordinary words one typo away from a domain word, which must stay as they are.
PROTECTED_WORDS: frozenset[str] = words(
    """
    shop shops shopping sheep chip chips ships border borders older folder holder sold cold hold
    told gold bold mold store stores prices pick picks lock lists last lost late rate state stats
    start stars star draft craft cancer counsel parcel camel stack stick stuck track tracks
    trucks truck mask mast march marks most post posts host hosts ghost views accent access
    except expect aspect expert export report reports resort sort short port stocks status
    station statues statue orderly reorder recorder chipped whipped skipped shaped shipper
    stop step steps shows shown showed display listen listed lift lifts kept deep keen keys
    price award reward record records buyers sellers seller dispatcher customers carriers
    """
)
ORDERS_ALONE = re.compile(r"^(?:my |all |all my |the |recent |latest )?orders$")
# Words that make "has 1042 shipped?" a question about an order rather than about arithmetic.
ORDER_QUESTION = phrases(
    r"status",
    r"shipped",
    r"sent",
    r"dispatched",
    r"delivered",
    r"arrived",
    r"paid",
    r"total",
    r"tracking",
    r"details?",
    r"cancell?ed",
)
