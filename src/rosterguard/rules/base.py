"""What a rule is: metadata for docs and SARIF, and a check from module facts to findings."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from rosterguard.concepts import AccessLevel, Endpoint, Exposure, ExposureKind, Finding, Layer, ModuleFacts


@dataclass(frozen=True, slots=True)
class Metadata:
    """Security metadata shown in docs and SARIF (semgrep/bandit style)."""

    severity: str
    confidence: str
    cwe: str
    owasp: str


class Rule:
    """A rule reads facts and words findings; it never sees syntax or framework tables."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    remedy: ClassVar[str]
    metadata: ClassVar[Metadata]
    options: ClassVar[tuple[str, ...]] = ()

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, line: int, column: int, message: str, subject: str) -> Finding:
        return Finding(line, column, self.code, f"{message}; {self.remedy}", subject)

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation page (Markdown), from its docstring."""
        return inspect.cleandoc(cls.__doc__ or "")


def describe(endpoint: Endpoint) -> str:
    route = str(endpoint.route)
    return f"'{endpoint.name}'" + (f" ({route})" if route else "")


def why(endpoint: Endpoint) -> str:
    """Why the endpoint has its level, from the layer that decided it: "no access check found",
    "AllowAny lets anonymous callers in", "login_required at urls.py:14"."""
    layers = list(endpoint.evidence)
    if any(layer.overrides for layer in layers):  # the view's own settings replace the defaults
        layers = [layer for layer in layers if layer.layer not in (Layer.DEFAULT, Layer.SETTINGS)]
    deciding = [layer for layer in layers if layer.level is endpoint.access]
    if not deciding:
        return "no access check found"
    layer = deciding[-1]
    where = f" at {layer.path}:{layer.line}" if layer.path else ""
    if endpoint.access is AccessLevel.PUBLIC:
        return f"{layer.source}{where} lets anonymous callers in"
    return f"{layer.source}{where} lets any signed-in caller in"


class ExposureRule(Rule):
    """One cell of the access × exposure table: RG101, RG102, RG201, RG202 (and the records)."""

    access: ClassVar[AccessLevel]
    exposure: ClassVar[ExposureKind]
    # named fields: {endpoint}, {entity}, {line}, {why} (and {key} for records)
    message: ClassVar[str]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for endpoint in facts.endpoints:
            if endpoint.access is not self.access:
                continue
            exposed = sorted(
                (e for e in endpoint.exposures if e.kind is self.exposure and not e.scoped),
                key=lambda e: e.line,
            )
            if exposed:
                # one finding per endpoint and rule, naming every entity it exposes
                yield self.finding(
                    endpoint.report_line,
                    endpoint.report_column,
                    self.describe(endpoint, exposed),
                    endpoint.name,
                )

    def describe(self, endpoint: Endpoint, exposed: list[Exposure]) -> str:
        entities = " and ".join(dict.fromkeys(e.entity for e in exposed))
        return self.message.format(
            endpoint=describe(endpoint), entity=entities, line=exposed[0].line, why=why(endpoint)
        )


class RecordRule(ExposureRule):
    """RG103 and RG203: the message also names the key that selects the record."""

    def describe(self, endpoint: Endpoint, exposed: list[Exposure]) -> str:
        entities = " and ".join(dict.fromkeys(e.entity for e in exposed))
        keys = " or ".join(dict.fromkeys(f"'{e.key}'" for e in exposed))
        return self.message.format(
            endpoint=describe(endpoint), entity=entities, key=keys, line=exposed[0].line, why=why(endpoint)
        )
