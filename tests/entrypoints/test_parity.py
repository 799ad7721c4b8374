"""`fairmarket parity`: every seller capability in the API, Seller Center and the chatbot."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fairmarket.capabilities.registry import seller_capabilities
from fairmarket.entrypoints import parity
from fairmarket.entrypoints.cli.main import app

runner = CliRunner()


def test_the_parity_report_has_no_gap() -> None:
    result = runner.invoke(app, ["parity", "--json"])

    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert report["gaps"] == []
    assert {row["capability"] for row in report["capabilities"]} == {
        capability.name for capability in seller_capabilities()
    }
    assert all(all(row["channels"].values()) for row in report["capabilities"])


def test_a_capability_missing_from_a_channel_fails_the_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bindings = dict(parity.SELLER_CENTER_BINDINGS)
    del bindings["after_sales.reject"]
    monkeypatch.setattr(parity, "SELLER_CENTER_BINDINGS", bindings)
    monkeypatch.setattr(parity, "supported_capabilities", lambda: {"orders.list"})

    result = runner.invoke(app, ["parity"])

    assert result.exit_code == 1
    assert "after_sales.reject" in result.output
    assert "MISSING" in result.output
    # 14 seller capabilities: 13 missing from the chatbot (all but orders.list) and
    # after_sales.reject missing from the Seller Center.
    assert "14 gap(s)" in result.output


def test_a_capability_the_chatbot_must_not_offer_says_why_instead_of_being_a_gap() -> None:
    rows = {row.capability: row for row in parity.parity_matrix()}

    rotate = rows["api_keys.rotate"]

    assert rotate.gaps == []
    assert rotate.channels["api"] == "POST /v1/api-keys/{key_id}/rotate"
    assert rotate.channels["seller_center"] == "POST /seller/api-keys/{key_id}/rotate"
    assert rotate.channels["chatbot"] == (
        "not offered: shows a key's secret, which must never be kept in a chat transcript; "
        "use Seller Center or the API"
    )
