"""Turning HTML form fields into a capability's raw input: what cannot be one text input
(a list of evidence links, order lines and quantities) is built here, the rest passes as typed.
The command schema still validates all of it, exactly as for the API."""

from __future__ import annotations

from collections.abc import Mapping

PREVIEW = "dry_run"
LINE_PREFIX = "quantity_"


def links(text: str) -> list[str]:
    """One link per line (or separated by spaces) in a textarea."""
    return text.split()


def is_preview(form: Mapping[str, str]) -> bool:
    return form.get(PREVIEW) == "true"


def action_input(form: Mapping[str, str], request_id: str) -> dict[str, object]:
    """An action form: the typed fields, evidence as a list, and the request id from the path."""
    raw: dict[str, object] = {**form, "request_id": request_id}
    raw.pop(PREVIEW, None)
    if is_preview(form):
        raw["dry_run"] = "true"
    if "evidence" in form:
        raw["evidence"] = links(form["evidence"])
    return raw


def order_lines(form: Mapping[str, str]) -> list[dict[str, str]] | None:
    """`quantity_<line id>` inputs; all left empty means the whole order (lines omitted)."""
    chosen = [
        {"line_id": name.removeprefix(LINE_PREFIX), "quantity": value.strip()}
        for name, value in form.items()
        if name.startswith(LINE_PREFIX) and value.strip() and value.strip() != "0"
    ]
    return chosen or None


def opening_input(form: Mapping[str, str], order_number: str) -> dict[str, object]:
    """A buyer's cancellation or return: lines from the quantity inputs, evidence as a list."""
    raw: dict[str, object] = {
        name: value for name, value in form.items() if not name.startswith(LINE_PREFIX)
    }
    raw["order_number"] = order_number
    lines = order_lines(form)
    if lines is not None:
        raw["lines"] = lines
    if "evidence" in form:
        raw["evidence"] = links(form["evidence"])
    return raw
