"""The event log for integrators: every change to a seller's orders and requests, in order."""

from __future__ import annotations

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.events import service as events
from fairmarket.domains.events.schemas import EventListQuery, EventPage

AREA = "Events"
EVENT_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="events.list",
        area=AREA,
        summary="Read the ordered log of changes to your orders and after-sale requests.",
        command=EventListQuery,
        result=EventPage,
        scope="events:read",
        handler=events.list_events,
        http_method="GET",
        http_path="/v1/events",
        audience=Audience.INTEGRATOR,
    ),
)
