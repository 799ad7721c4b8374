"""The words sellers use, grouped into the concepts the interpreter reasons with.

Each concept is a list of phrases (regular expressions over normalised, lower-case text). Adding a
synonym is adding a phrase here; the rules in `intents.py` stay as they are.
"""

from __future__ import annotations

import re


def phrases(*alternatives: str) -> re.Pattern[str]:
    """One pattern matching any of the phrases as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHIPPED_WORDS = r"(?:shipped|sent|dispatched|posted|mailed|fulfilled)"
NEGATION = r"(?:cannot|can not|unable to|could not|do not|dont|will not|wont|not)"

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

REJECT_REASONS: dict[str, re.Pattern[str]] = {
    "already_shipped": phrases(
        rf"already (?:been )?(?:{SHIPPED_WORDS}|gone|left|out)",
        rf"(?:it|order|parcel|package|item) (?:has |was |is |just )?(?:been )?{SHIPPED_WORDS}",
        rf"(?:has|was|have|were) (?:already )?(?:been )?{SHIPPED_WORDS}",
        r"left (?:the |our )?(?:warehouse|building|depot|shop)",
        r"in transit",
        r"on (?:its|the) way",
        r"out for delivery",
        r"with the (?:carrier|courier)",
    ),
    "buyer_agreed_to_keep": phrases(
        r"(?:buyer|customer|they|he|she)\b[\w\s]{0,20}\b(?:agreed|agrees|decided|wants?|happy"
        r"|ok|okay|fine|will|chose|prefers?) (?:to )?keep",
        r"agreed to keep",
        r"(?:will|wants? to|going to|gonna) keep (?:it|the order|them|the item)",
        r"keeping (?:it|the order|the item)",
        r"no longer wants? to cancel",
        r"changed (?:their|his|her) mind",
    ),
    "cannot_intercept": phrases(
        rf"{NEGATION} (?:be )?(?:intercept\w*|stop (?:the |that |this )?(?:parcel|package|shipment)"
        r"|recall (?:it|the parcel|the package))",
        r"too late to (?:intercept|stop|recall)",
        r"interception (?:failed|is not possible|not possible|impossible)",
        r"(?:not|non)[\s-]?interceptable",
    ),
    "outside_return_policy": phrases(
        r"outside (?:the |our |my |of )?(?:return|returns) (?:policy|window|period)",
        r"(?:return|returns) (?:window|period) (?:has |is |was )?(?:closed|over|expired|passed"
        r"|ended)",
        r"(?:past|after|beyond) the (?:return|returns) (?:window|period|deadline)",
        r"too late (?:to|for a|for) return",
        r"against (?:our|the|my) (?:return|returns) policy",
        r"(?:not|non)[\s-]?returnable",
        r"final sale",
        r"no returns",
        r"return policy",
    ),
    "item_not_as_claimed": phrases(
        r"not as (?:claimed|the buyer (?:says|said|claims|claimed))",
        r"(?:item|product|it) (?:is|was) (?:fine|ok|okay|as described|in perfect condition)",
        r"nothing (?:is )?wrong with (?:it|the item|the product)",
        r"works (?:fine|perfectly|well)",
        r"(?:claim|complaint) is (?:false|wrong|untrue|not true|unfounded)",
        r"matches the (?:listing|description|photos)",
        r"as described",
    ),
    "returned_item_damaged": phrases(
        r"returned (?:item|items|product|parcel|goods|package) (?:is |was |arrived |came back )?"
        r"(?:damaged|broken|used|worn|scratched)",
        r"(?:came|arrived|was sent|got sent) back (?:damaged|broken|used|worn|scratched)",
        r"returned (?:damaged|broken|used|worn)",
        r"damaged (?:on|upon|after) (?:return|its return)",
    ),
    "custom_made": phrases(
        r"custom[\s-]?made",
        r"custom",
        r"customi[sz]ed",
        r"personali[sz]ed",
        r"bespoke",
        r"made to order",
        r"engraved",
        r"monogrammed",
        r"tailor[\s-]?made",
        r"one of a kind",
    ),
}
SELLER_CANCEL_REASONS: dict[str, re.Pattern[str]] = {
    "out_of_stock": phrases(
        r"out of (?:stock|inventory)",
        r"sold out",
        r"no (?:more )?(?:inventory|stock)",
        r"none left",
        r"not in stock",
        r"(?:ran|run|running) out",
        r"oos",
        r"unavailable",
        r"no longer (?:available|in stock)",
        r"discontinued",
        r"stockout",
    ),
    "pricing_error": phrases(
        r"pric(?:e|ing) (?:error|mistake|glitch|bug|typo)",
        r"wrong(?:ly)? pric(?:e|ed|ing)",
        r"mispric(?:e|ed|ing)",
        r"priced (?:wrong|wrongly|incorrectly|too low)",
        r"incorrect(?:ly)? pric(?:e|ed)",
        r"price (?:was|is) (?:wrong|incorrect)",
        r"(?:error|mistake|typo) (?:in|on|with) the price",
    ),
    "cannot_ship_to_address": phrases(
        rf"{NEGATION} (?:ship|deliver|send)\b[\w\s#]{{0,30}}\b(?:there|address|location"
        r"|country|region|area|place)",
        r"(?:address|location|destination) (?:is )?(?:invalid|wrong|undeliverable|unreachable"
        r"|not (?:serviceable|supported|deliverable))",
        r"undeliverable",
        r"po box",
        r"outside (?:our|my) (?:shipping|delivery) (?:area|zone|region)",
    ),
}
ORDER_STATUSES: dict[str, re.Pattern[str]] = {
    "awaiting_payment": phrases(
        r"awaiting payment",
        r"unpaid",
        r"not (?:yet )?paid",
        r"waiting (?:for|on) payment",
        r"pending payment",
        r"payment pending",
    ),
    "awaiting_shipment": phrases(
        r"awaiting (?:shipment|shipping|dispatch)",
        r"to (?:be )?ship(?:ped)?",
        r"unshipped",
        r"not (?:yet )?(?:shipped|sent|dispatched)",
        r"needs? (?:to be )?ship(?:ping|ped)?",
        r"ready to ship",
        r"waiting to (?:be )?ship(?:ped)?",
        r"pending (?:shipment|shipping|dispatch)",
    ),
    "in_transit": phrases(
        r"in transit",
        r"on (?:the|their) way",
        r"out for delivery",
        r"(?:are|were|been|already) shipped",
        r"shipped orders",
        r"with the (?:carrier|courier)",
    ),
    "delivered": phrases(r"delivered", r"arrived"),
    "completed": phrases(r"completed", r"complete", r"finished"),
    "cancelled": phrases(r"cancell?ed"),
}

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
