"""The inventory for people: an aligned terminal table and a Markdown table for reviews.

By default the columns that answer "who may call it and what does it hand out" and fit a
terminal; ``wide`` adds where each endpoint is and the layers that set its access level.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rosterguard.inventory import InventoryEntry


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    cell: Callable[[InventoryEntry], str]
    wide_only: bool = False


def _route(entry: InventoryEntry) -> str:
    return " ".join(part for part in (",".join(entry.methods), entry.route or "") if part) or "-"


def _set_by(entry: InventoryEntry) -> str:
    deciding = [e for e in entry.layers if e.level.label == entry.access] or list(entry.layers)
    places = [f"{e.source} ({e.layer.value}, {e.path or entry.file}:{e.line})" for e in deciding[:2]]
    return "; ".join(places) or "nothing"


def _exposes(entry: InventoryEntry) -> str:
    """``list: Customer (scoped), counts: Search``: short enough for a terminal (the last word
    of the kind: "customer list" is a list, whatever kinds the analysis adds)."""
    parts = [
        f"{e.kind.value.split()[-1]}: {e.entity}{' (scoped)' if e.scoped else ''}" for e in entry.exposures
    ]
    return ", ".join(parts) or "-"


_COLUMNS = (
    _Column("route", _route),
    _Column("endpoint", lambda e: e.name),
    _Column("framework", lambda e: e.framework, wide_only=True),
    _Column("location", lambda e: f"{e.file}:{e.line}", wide_only=True),
    _Column("access", lambda e: e.access),
    _Column("set by", _set_by, wide_only=True),
    _Column("exposes", _exposes),
    _Column("finding", lambda e: ",".join(e.findings) or "-"),
)


def _rows(entries: Sequence[InventoryEntry], wide: bool) -> list[tuple[str, ...]]:
    columns = [column for column in _COLUMNS if wide or not column.wide_only]
    return [tuple(c.header for c in columns), *(tuple(c.cell(e) for c in columns) for e in entries)]


def as_table(entries: Sequence[InventoryEntry], wide: bool = False) -> str:
    rows = _rows(entries, wide)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + f"\n\n{len(entries)} endpoints\n"


def as_markdown(entries: Sequence[InventoryEntry], wide: bool = False) -> str:
    header, *body = _rows(entries, wide)
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(lines) + "\n"
