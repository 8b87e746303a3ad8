"""Turn the values an endpoint hands out into exposures: customer lists and usage counts."""

from __future__ import annotations

from collections.abc import Iterable

from rosterguard.analysis.dataflow import Kind, Value
from rosterguard.analysis.knowledge import Knowledge
from rosterguard.concepts import Exposure, ExposureKind
from rosterguard.words import split_words


def exposures_of(values: Iterable[Value], knowledge: Knowledge) -> list[Exposure]:
    found: dict[tuple[ExposureKind, str, bool], Exposure] = {}
    for value in values:
        for exposure in _exposures_of_value(value, knowledge):
            key = (exposure.kind, exposure.entity, exposure.scoped)  # one per entity, the earliest read
            if key not in found or exposure.line < found[key].line:
                found[key] = exposure
    return sorted(found.values(), key=lambda e: (e.line, e.kind.value, e.entity))


def _exposures_of_value(value: Value, knowledge: Knowledge) -> Iterable[Exposure]:
    if value.kind is Kind.AGGREGATE or (value.kind is Kind.ROWS and value.counts):
        counted = _sensitive(value.counted, knowledge) or _sensitive(value.entity, knowledge)
        if counted:
            yield Exposure(ExposureKind.USAGE_COUNTS, counted, value.line, value.scoped)
        if value.kind is Kind.ROWS and value.identifying:
            listed = (
                value.entity
                if knowledge.is_customer(value.entity)
                else _customer_in_fields(value.fields, knowledge)
            )
            if listed:
                yield Exposure(ExposureKind.CUSTOMER_LIST, listed, value.line, value.scoped)
    elif value.kind is Kind.ROWS and knowledge.is_customer(value.entity):
        yield Exposure(ExposureKind.CUSTOMER_LIST, value.entity, value.line, value.scoped)
    elif value.kind is Kind.ROW and value.key and knowledge.is_customer(value.entity):
        yield Exposure(ExposureKind.CUSTOMER_RECORD, value.entity, value.line, value.scoped, value.key)


def _sensitive(entity: str, knowledge: Knowledge) -> str:
    return entity if entity and knowledge.is_sensitive(entity) else ""


def _customer_in_fields(fields: tuple[str, ...], knowledge: Knowledge) -> str:
    """The customer entity whose identifying fields ride along (``customer__name``)."""
    for field_name in fields:
        for word in split_words(field_name):
            if knowledge.is_customer(word):
                return word
    return ""
