"""AfterSaleStatus is exactly the statuses the journeys declare: none missing, none spare."""

from __future__ import annotations

from fairmarket.domains.after_sales.machines import ALL_STATUSES, JOURNEYS, AfterSaleStatus


def test_every_journey_status_is_a_member_and_every_member_a_journey_status() -> None:
    assert set(AfterSaleStatus) == ALL_STATUSES


def test_every_action_moves_between_statuses_of_its_own_journey() -> None:
    for journey in JOURNEYS.values():
        own = {status.name for status in journey.statuses}
        assert journey.initial in own
        for action in journey.actions:
            assert action.sources <= own, (journey.type, action.name)
            assert action.target in own, (journey.type, action.name)


def test_the_api_lists_the_statuses_in_alphabetical_order() -> None:
    values = [status.value for status in AfterSaleStatus]
    assert values == sorted(values)
