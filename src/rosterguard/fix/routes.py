"""Which decorators register a route as they apply (Flask, Quart, FastAPI, Sanic, Bottle…), read
from the framework tables: a guard has to sit below them to wrap what the framework calls."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from rosterguard.fix.nodes import last_name
from rosterguard.frameworks import FRAMEWORKS

_REGISTERING = [model for model in FRAMEWORKS if model.registers_at_decoration]
# ``@app.get(...)``, ``@router.api_route(...)``: a method of a registrar object.
_METHODS = frozenset(name for model in _REGISTERING for name in model.route_decorators)
# ``@route(...)`` of Bottle's default app: a module-level function.
_FUNCTIONS = frozenset(
    name.rpartition(".")[2] for model in _REGISTERING for name in model.bare_route_decorators
)


def is_route(decorator: cst.Decorator) -> bool:
    expression = decorator.decorator
    callee = expression.func if isinstance(expression, cst.Call) else expression
    if isinstance(callee, cst.Attribute):
        return callee.attr.value in _METHODS or callee.attr.value in _FUNCTIONS
    return last_name(callee) in _FUNCTIONS


def last_route(decorators: Sequence[cst.Decorator]) -> int | None:
    """The index of the innermost route decorator: every route above it registers what it gets."""
    return max((index for index, decorator in enumerate(decorators) if is_route(decorator)), default=None)


def registrar(decorators: Sequence[cst.Decorator]) -> str | None:
    """``bp`` for ``@bp.get("/x")``: endpoints of one blueprint or router share their guards."""
    index = last_route(decorators)
    if index is None:
        return None
    expression = decorators[index].decorator
    callee = expression.func if isinstance(expression, cst.Call) else expression
    return cst.Module([]).code_for_node(callee.value) if isinstance(callee, cst.Attribute) else None
