"""Findings as flake8 prints them, as JSON, and as GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rosterguard.concepts import Finding

Located = tuple[str, Finding]  # (display path, finding)


def as_text(findings: Sequence[Located]) -> str:
    return "".join(f"{path}:{f.line}:{f.column + 1}: {f.code} {f.message}\n" for path, f in findings)


def as_json(findings: Sequence[Located]) -> str:
    records = [
        {
            "file": path,
            "line": f.line,
            "column": f.column + 1,
            "code": f.code,
            "message": f.message,
            "subject": f.subject,
        }
        for path, f in findings
    ]
    return json.dumps(records, indent=2) + "\n"


def as_github(findings: Sequence[Located]) -> str:
    """``::error file=…,line=…,col=…,title=RG101::message`` — annotations on the pull request."""
    return "".join(
        f"::error file={_escape(path, True)},line={f.line},col={f.column + 1},title={f.code}::{_escape(f.message, False)}\n"
        for path, f in findings
    )


def _escape(text: str, in_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text
