from enum import StrEnum


class RejectReason(StrEnum):
    ALREADY_SHIPPED = "already_shipped"
    BUYER_AGREED_TO_KEEP = "buyer_agreed_to_keep"
    CANNOT_INTERCEPT = "cannot_intercept"
    CUSTOM_MADE = "custom_made"
    ITEM_NOT_AS_CLAIMED = "item_not_as_claimed"
    OUTSIDE_RETURN_POLICY = "outside_return_policy"
    RETURNED_ITEM_DAMAGED = "returned_item_damaged"

    def __str__(self) -> str:
        return str(self.value)
