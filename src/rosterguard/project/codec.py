"""Summaries to JSON and back.

JSON, not pickle: the cache lives inside the checked project, where anyone who can commit
can write it, and loading it must never run code. Only the classes listed here decode.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

from rosterguard.analysis.crossfile import DefaultPermissions
from rosterguard.analysis.dataflow import Helper, Kind, Value
from rosterguard.analysis.model import Outline
from rosterguard.concepts import AccessEvidence, AccessLevel, Layer, Route
from rosterguard.project.summary import (
    DataSummary,
    Hook,
    ModuleSummary,
    Mount,
    Registrar,
    UrlEntry,
    UrlInclude,
)

_CLASSES: dict[str, type[Any]] = {
    c.__name__: c
    for c in (
        Helper,
        DefaultPermissions,
        Outline,
        Value,
        AccessEvidence,
        Route,
        Hook,
        ModuleSummary,
        DataSummary,
        Mount,
        Registrar,
        UrlEntry,
        UrlInclude,
    )
}
_ENUMS: dict[str, type[enum.Enum]] = {e.__name__: e for e in (Kind, AccessLevel, Layer)}


class CodecError(ValueError):
    """The cached data is not what this version of rosterguard writes."""


def encode(value: object) -> object:
    if isinstance(value, enum.Enum):
        return {"@enum": type(value).__name__, "value": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@type": type(value).__name__, **fields}
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"@dict": [[encode(k), encode(v)] for k, v in value.items()]}
    return value


def decode(data: object) -> Any:
    if isinstance(data, list):
        return tuple(decode(item) for item in data)
    if not isinstance(data, dict):
        return data
    if "@enum" in data:
        return _ENUMS[_known(data["@enum"], _ENUMS)](data["value"])
    if "@dict" in data:
        return {decode(k): decode(v) for k, v in data["@dict"]}
    cls = _CLASSES[_known(data.get("@type"), _CLASSES)]
    return cls(**{k: decode(v) for k, v in data.items() if k != "@type"})


def _known(name: object, table: dict[str, Any]) -> str:
    if not isinstance(name, str) or name not in table:
        raise CodecError(f"unknown type {name!r}")
    return name
