"""Messages shared by every area (how an error names where it happened)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "core.where_set": ("set indikator {set_id!r}", "set {set_id!r}"),
    "core.where_item": ("{item_id!r}", "{item_id!r}"),
    # a list of problems (errors.PhraseList renders its items itself)
    "core.list": ("{items}", "{items}"),
    # a whole number (errors.Count renders it itself)
    "core.count": ("{value}", "{value}"),
}
