"""Baselines and access lock files: what a project accepted yesterday, checked today.

Both identify things by file and subject (endpoint, setting), never by line, so that code
moving up or down does not resurrect an accepted finding or fake an access change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rosterguard.concepts import AccessLevel, Finding
from rosterguard.inventory import InventoryEntry

_VERSION = 1
Located = tuple[str, Finding]


class BaselineError(ValueError):
    """A baseline or lock file that cannot be read; the message names the file."""


def _key(path: str, finding: Finding) -> tuple[str, str, str]:
    return (path, finding.code, finding.subject)


def write_baseline(target: Path, findings: Sequence[Located]) -> None:
    counts = Counter(_key(path, finding) for path, finding in findings)
    records = [{"file": f, "code": c, "subject": s, "count": n} for (f, c, s), n in sorted(counts.items())]
    target.write_text(
        json.dumps({"version": _VERSION, "findings": records}, indent=2) + "\n", encoding="utf-8"
    )


def unaccepted(baseline: Path, findings: Sequence[Located]) -> list[bool]:
    """For each finding, whether it goes beyond what the baseline accepted (each entry
    absorbs up to ``count`` findings with its file, code and subject)."""
    accepted: Counter[tuple[str, str, str]] = Counter()
    for record in _records(baseline, "findings"):
        accepted[(str(record["file"]), str(record["code"]), str(record.get("subject", "")))] += int(
            str(record.get("count", 1))
        )
    verdicts = []
    for path, finding in findings:
        key = _key(path, finding)
        verdicts.append(accepted[key] <= 0)
        accepted[key] -= 1
    return verdicts


def write_lock(target: Path, entries: Sequence[InventoryEntry]) -> None:
    records = [
        {
            "id": e.identity,
            "access": e.access,
            "route": e.route,
            "framework": e.framework,
            "exposes": sorted(_exposed(e)),
        }
        for e in sorted(entries, key=lambda e: e.identity)
    ]
    target.write_text(
        json.dumps({"version": _VERSION, "endpoints": records}, indent=2) + "\n", encoding="utf-8"
    )


def lock_violations(lock: Path, entries: Sequence[InventoryEntry]) -> list[str]:
    """Each endpoint that is newly public, weaker than recorded, or exposes more than recorded."""
    recorded = {str(r["id"]): r for r in _records(lock, "endpoints")}
    problems = []
    for entry in sorted(entries, key=lambda e: e.identity):
        before = recorded.get(entry.identity)
        if before is None:
            if entry.access == AccessLevel.PUBLIC.label:
                problems.append(f"{entry.identity}: new public endpoint ({entry.route or 'no route'})")
            continue
        if _level(entry.access) < _level(str(before.get("access"))):
            problems.append(
                f"{entry.identity}: access weakened from {before.get('access')} to {entry.access}"
            )
        exposes = before.get("exposes")
        grown = _exposed(entry) - ({str(item) for item in exposes} if isinstance(exposes, list) else set())
        if grown:
            problems.append(f"{entry.identity}: now exposes {', '.join(sorted(grown))}")
    return problems


def _exposed(entry: InventoryEntry) -> set[str]:
    return {f"{e.kind.value}: {e.entity}" for e in entry.exposures if not e.scoped}


def _level(label: str) -> AccessLevel:
    return next((level for level in AccessLevel if level.label == label), AccessLevel.PUBLIC)


def _records(path: Path, key: str) -> list[dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read: {error.strerror}") from None
    except ValueError as error:
        raise BaselineError(f"{path}: not JSON: {error}") from None
    records = data.get(key) if isinstance(data, dict) else None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise BaselineError(f"{path}: expected an object with a '{key}' list (written by rosterguard)")
    return records
