"""Contains all the data models used in inputs/outputs"""

from .action_count import ActionCount
from .action_kind import ActionKind
from .action_offer import ActionOffer
from .action_view import ActionView
from .after_sale_deadline_approaching_payload import AfterSaleDeadlineApproachingPayload
from .after_sale_evidence_requested_payload import AfterSaleEvidenceRequestedPayload
from .after_sale_page import AfterSalePage
from .after_sale_read import AfterSaleRead
from .after_sale_request_changed_payload import AfterSaleRequestChangedPayload
from .after_sale_seller_notified_payload import AfterSaleSellerNotifiedPayload
from .after_sale_status import AfterSaleStatus
from .after_sales_offer_partial_refund_body import AfterSalesOfferPartialRefundBody
from .after_sales_reject_body import AfterSalesRejectBody
from .api_key_created import ApiKeyCreated
from .api_key_page import ApiKeyPage
from .api_key_read import ApiKeyRead
from .api_key_rotated import ApiKeyRotated
from .api_key_status import ApiKeyStatus
from .api_keys_create_body import ApiKeysCreateBody
from .api_keys_rotate_body import ApiKeysRotateBody
from .available_action import AvailableAction
from .backtest_report import BacktestReport
from .backtest_run import BacktestRun
from .buyer_after_sales_cancel_body import BuyerAfterSalesCancelBody
from .buyer_after_sales_decline_offer_body import BuyerAfterSalesDeclineOfferBody
from .buyer_after_sales_escalate_body import BuyerAfterSalesEscalateBody
from .buyer_after_sales_return_body import BuyerAfterSalesReturnBody
from .buyer_after_sales_ship_return_body import BuyerAfterSalesShipReturnBody
from .buyer_api_keys_rotate_body import BuyerApiKeysRotateBody
from .chat_request import ChatRequest
from .chat_state import ChatState
from .chat_state_arguments import ChatStateArguments
from .chat_turn import ChatTurn
from .condition_outcome import ConditionOutcome
from .decision_explanation import DecisionExplanation
from .delivery_failure import DeliveryFailure
from .delivery_status import DeliveryStatus
from .dry_run import DryRun
from .endpoint_status import EndpointStatus
from .evaluation_mode import EvaluationMode
from .evaluation_outcome import EvaluationOutcome
from .evaluation_page import EvaluationPage
from .evaluation_read import EvaluationRead
from .evaluation_read_actions_item import EvaluationReadActionsItem
from .evaluation_read_facts import EvaluationReadFacts
from .event_log_position import EventLogPosition
from .event_order import EventOrder
from .event_page import EventPage
from .event_read import EventRead
from .event_read_data import EventReadData
from .event_type import EventType
from .exception_detail import ExceptionDetail
from .exception_page import ExceptionPage
from .exception_read import ExceptionRead
from .exception_status import ExceptionStatus
from .exceptions_decide_body import ExceptionsDecideBody
from .exceptions_decide_body_action import ExceptionsDecideBodyAction
from .fact_catalogue import FactCatalogue
from .fact_read import FactRead
from .field_problem import FieldProblem
from .field_problem_read import FieldProblemRead
from .input_view import InputView
from .journey_type import JourneyType
from .journey_view import JourneyView
from .label_score import LabelScore
from .line_quantity import LineQuantity
from .order_cancelled_payload import OrderCancelledPayload
from .order_delivered_payload import OrderDeliveredPayload
from .order_line_read import OrderLineRead
from .order_page import OrderPage
from .order_read import OrderRead
from .order_shipped_payload import OrderShippedPayload
from .order_status import OrderStatus
from .order_timeline import OrderTimeline
from .orders_cancel_body import OrdersCancelBody
from .orders_ship_body import OrdersShipBody
from .problem import Problem
from .problem_current_state import ProblemCurrentState
from .reason_view import ReasonView
from .refund_breakdown import RefundBreakdown
from .reject_reason import RejectReason
from .request_kind import RequestKind
from .request_line import RequestLine
from .return_shipment import ReturnShipment
from .rule_problem import RuleProblem
from .rule_set_list import RuleSetList
from .rule_set_read import RuleSetRead
from .rule_set_version_read import RuleSetVersionRead
from .rule_summary import RuleSummary
from .rule_summary_actions_item import RuleSummaryActionsItem
from .rule_trace import RuleTrace
from .rules_backtest_body import RulesBacktestBody
from .rules_create_draft_body import RulesCreateDraftBody
from .rules_promote_body import RulesPromoteBody
from .rules_promote_body_to import RulesPromoteBodyTo
from .rules_simulate_body import RulesSimulateBody
from .rules_validate_body import RulesValidateBody
from .sandbox_buyer_cancel_body import SandboxBuyerCancelBody
from .sandbox_buyer_decline_offer_body import SandboxBuyerDeclineOfferBody
from .sandbox_buyer_escalate_body import SandboxBuyerEscalateBody
from .sandbox_buyer_return_body import SandboxBuyerReturnBody
from .sandbox_buyer_ship_return_body import SandboxBuyerShipReturnBody
from .sandbox_carrier_report_body import SandboxCarrierReportBody
from .sandbox_carrier_report_body_event import SandboxCarrierReportBodyEvent
from .sandbox_clock_advance_body import SandboxClockAdvanceBody
from .sandbox_clock_read import SandboxClockRead
from .sandbox_orders_create_body import SandboxOrdersCreateBody
from .seller_cancel_reason import SellerCancelReason
from .shipment_exception_payload import ShipmentExceptionPayload
from .shipment_read import ShipmentRead
from .simulation import Simulation
from .simulation_actions_item import SimulationActionsItem
from .simulation_facts import SimulationFacts
from .state_machines import StateMachines
from .status_view import StatusView
from .test_case_result import TestCaseResult
from .test_order_line import TestOrderLine
from .test_report import TestReport
from .timeline_entry import TimelineEntry
from .timeline_entry_after_type_0 import TimelineEntryAfterType0
from .timeline_entry_before_type_0 import TimelineEntryBeforeType0
from .timeline_item import TimelineItem
from .timeline_item_after_type_0 import TimelineItemAfterType0
from .timeline_item_before_type_0 import TimelineItemBeforeType0
from .timer_run_result import TimerRunResult
from .timer_run_result_outcomes import TimerRunResultOutcomes
from .timer_view import TimerView
from .trigger import Trigger
from .validation_report import ValidationReport
from .version_diff import VersionDiff
from .version_status import VersionStatus
from .version_summary import VersionSummary
from .webhook_attempt_read import WebhookAttemptRead
from .webhook_delivery_page import WebhookDeliveryPage
from .webhook_delivery_read import WebhookDeliveryRead
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_read import WebhookEndpointRead
from .webhook_payload import WebhookPayload
from .webhook_payload_data import WebhookPayloadData
from .webhook_secret_rotated import WebhookSecretRotated
from .webhooks_create_body import WebhooksCreateBody

__all__ = (
    "ActionCount",
    "ActionKind",
    "ActionOffer",
    "ActionView",
    "AfterSaleDeadlineApproachingPayload",
    "AfterSaleEvidenceRequestedPayload",
    "AfterSalePage",
    "AfterSaleRead",
    "AfterSaleRequestChangedPayload",
    "AfterSaleSellerNotifiedPayload",
    "AfterSalesOfferPartialRefundBody",
    "AfterSalesRejectBody",
    "AfterSaleStatus",
    "ApiKeyCreated",
    "ApiKeyPage",
    "ApiKeyRead",
    "ApiKeyRotated",
    "ApiKeysCreateBody",
    "ApiKeysRotateBody",
    "ApiKeyStatus",
    "AvailableAction",
    "BacktestReport",
    "BacktestRun",
    "BuyerAfterSalesCancelBody",
    "BuyerAfterSalesDeclineOfferBody",
    "BuyerAfterSalesEscalateBody",
    "BuyerAfterSalesReturnBody",
    "BuyerAfterSalesShipReturnBody",
    "BuyerApiKeysRotateBody",
    "ChatRequest",
    "ChatState",
    "ChatStateArguments",
    "ChatTurn",
    "ConditionOutcome",
    "DecisionExplanation",
    "DeliveryFailure",
    "DeliveryStatus",
    "DryRun",
    "EndpointStatus",
    "EvaluationMode",
    "EvaluationOutcome",
    "EvaluationPage",
    "EvaluationRead",
    "EvaluationReadActionsItem",
    "EvaluationReadFacts",
    "EventLogPosition",
    "EventOrder",
    "EventPage",
    "EventRead",
    "EventReadData",
    "EventType",
    "ExceptionDetail",
    "ExceptionPage",
    "ExceptionRead",
    "ExceptionsDecideBody",
    "ExceptionsDecideBodyAction",
    "ExceptionStatus",
    "FactCatalogue",
    "FactRead",
    "FieldProblem",
    "FieldProblemRead",
    "InputView",
    "JourneyType",
    "JourneyView",
    "LabelScore",
    "LineQuantity",
    "OrderCancelledPayload",
    "OrderDeliveredPayload",
    "OrderLineRead",
    "OrderPage",
    "OrderRead",
    "OrdersCancelBody",
    "OrderShippedPayload",
    "OrdersShipBody",
    "OrderStatus",
    "OrderTimeline",
    "Problem",
    "ProblemCurrentState",
    "ReasonView",
    "RefundBreakdown",
    "RejectReason",
    "RequestKind",
    "RequestLine",
    "ReturnShipment",
    "RuleProblem",
    "RulesBacktestBody",
    "RulesCreateDraftBody",
    "RuleSetList",
    "RuleSetRead",
    "RuleSetVersionRead",
    "RulesPromoteBody",
    "RulesPromoteBodyTo",
    "RulesSimulateBody",
    "RuleSummary",
    "RuleSummaryActionsItem",
    "RulesValidateBody",
    "RuleTrace",
    "SandboxBuyerCancelBody",
    "SandboxBuyerDeclineOfferBody",
    "SandboxBuyerEscalateBody",
    "SandboxBuyerReturnBody",
    "SandboxBuyerShipReturnBody",
    "SandboxCarrierReportBody",
    "SandboxCarrierReportBodyEvent",
    "SandboxClockAdvanceBody",
    "SandboxClockRead",
    "SandboxOrdersCreateBody",
    "SellerCancelReason",
    "ShipmentExceptionPayload",
    "ShipmentRead",
    "Simulation",
    "SimulationActionsItem",
    "SimulationFacts",
    "StateMachines",
    "StatusView",
    "TestCaseResult",
    "TestOrderLine",
    "TestReport",
    "TimelineEntry",
    "TimelineEntryAfterType0",
    "TimelineEntryBeforeType0",
    "TimelineItem",
    "TimelineItemAfterType0",
    "TimelineItemBeforeType0",
    "TimerRunResult",
    "TimerRunResultOutcomes",
    "TimerView",
    "Trigger",
    "ValidationReport",
    "VersionDiff",
    "VersionStatus",
    "VersionSummary",
    "WebhookAttemptRead",
    "WebhookDeliveryPage",
    "WebhookDeliveryRead",
    "WebhookEndpointCreated",
    "WebhookEndpointList",
    "WebhookEndpointRead",
    "WebhookPayload",
    "WebhookPayloadData",
    "WebhooksCreateBody",
    "WebhookSecretRotated",
)
