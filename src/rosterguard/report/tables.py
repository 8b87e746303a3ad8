"""The inventory for people: an aligned terminal table and a Markdown table for reviews."""

from __future__ import annotations

from collections.abc import Sequence

from rosterguard.inventory import InventoryEntry

_HEADERS = ("endpoint", "route", "framework", "location", "access", "set by", "exposes", "finding")


def _row(entry: InventoryEntry) -> tuple[str, ...]:
    route = " ".join(part for part in (",".join(entry.methods), entry.route or "") if part) or "-"
    deciding = [e for e in entry.layers if e.level.label == entry.access] or list(entry.layers)
    set_by = "; ".join(f"{e.source} ({e.layer.value}, {e.path or entry.file}:{e.line})" for e in deciding[:2]) or "nothing"
    exposes = "; ".join(f"{e.kind.value}: {e.entity}{' (scoped)' if e.scoped else ''} (line {e.line})" for e in entry.exposures) or "-"
    return (entry.name, route, entry.framework, f"{entry.file}:{entry.line}", entry.access, set_by, exposes, ",".join(entry.findings) or "-")


def as_table(entries: Sequence[InventoryEntry]) -> str:
    rows = [_HEADERS, *(_row(e) for e in entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADERS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + f"\n\n{len(entries)} endpoints\n"


def as_markdown(entries: Sequence[InventoryEntry]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")
    lines = ["| " + " | ".join(_HEADERS) + " |", "|" + " --- |" * len(_HEADERS)]
    lines += ["| " + " | ".join(cell(c) for c in _row(e)) + " |" for e in entries]
    return "\n".join(lines) + "\n"
