"""Dotted and qualified names of expressions, resolved through the module's own imports.

Qualified names come from the import table built in one pass over the module, not from a
whole-module scope analysis (which would cost several times all of flake8's own checks).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def dotted_name(node: ast.AST) -> str | None:
    """Source-like spelling of a name chain: ``request.user.org``, ``get_user()``, ``ctx["user"]``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Call):
        base = dotted_name(node.func)
        return None if base is None else f"{base}()"
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        base = dotted_name(node.value)
        key = node.slice.value
        return None if base is None or not isinstance(key, str) else f'{base}["{key}"]'
    return None


def last_name(node: ast.AST) -> str | None:
    """The rightmost identifier of a callable or name expression (``a.b.login_required`` → ``login_required``)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


@dataclass
class ImportTable:
    """Local name → fully qualified name, from the module's import statements."""

    names: dict[str, str] = field(default_factory=dict)
    # The package the module belongs to (``shop`` for ``shop/urls.py``), for relative imports.
    package: str = ""

    def add(self, statement: ast.Import | ast.ImportFrom) -> None:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                local = alias.asname or alias.name.split(".")[0]
                self.names[local] = alias.name if alias.asname else local
            return
        module = _absolute(statement.module or "", statement.level, self.package)
        for alias in statement.names:
            if alias.name != "*":
                self.names[alias.asname or alias.name] = f"{module}.{alias.name}".lstrip(".")

    def qualify(self, node: ast.AST) -> str | None:
        """Qualified name of a name chain (calls are looked through to their callee)."""
        if isinstance(node, ast.Call):
            node = node.func
        dotted = dotted_name(node)
        if dotted is None or "(" in dotted or "[" in dotted:
            return None
        head, _, rest = dotted.partition(".")
        resolved = self.names.get(head, head)
        return f"{resolved}.{rest}" if rest else resolved

    def imports_from(self, roots: tuple[str, ...]) -> bool:
        """Whether any import comes from one of these top-level packages."""
        return any(name.split(".")[0] in roots for name in self.names.values())


def _absolute(module: str, level: int, package: str) -> str:
    """``from ..models import X`` inside package ``shop.api`` imports from ``shop.models``."""
    if level == 0:
        return module
    parts = package.split(".") if package else []
    base = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    return ".".join([*base, module] if module else base)


def matches(qualified: str | None, candidates: frozenset[str] | tuple[str, ...]) -> str | None:
    """The candidate a qualified name stands for, compared on its full or its last parts.

    ``rest_framework.permissions.IsAdminUser`` matches ``rest_framework.permissions.IsAdminUser``
    and ``IsAdminUser``; a re-export such as ``rest_framework.decorators.api_view`` seen as
    ``api_view`` (imported through a project module) still matches by its last part.
    """
    if qualified is None:
        return None
    tail = qualified.rsplit(".", 1)[-1]
    for candidate in candidates:
        if (
            qualified == candidate
            or qualified.endswith("." + candidate)
            or tail == candidate.rsplit(".", 1)[-1]
        ):
            return candidate
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument ``name``, if given."""
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def argument(call: ast.Call, position: int, name: str | None = None) -> ast.expr | None:
    """A call's argument by position, or by keyword when passed that way."""
    if len(call.args) > position and not isinstance(call.args[position], ast.Starred):
        return call.args[position]
    return keyword(call, name) if name else None


def string_value(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def sequence_items(node: ast.AST | None) -> list[ast.expr]:
    """Elements of a list/tuple/set literal (a single non-literal counts as one element)."""
    if node is None:
        return []
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return list(node.elts)
    return [node] if isinstance(node, ast.expr) else []


def concatenated_parts(node: ast.expr | None) -> Iterator[ast.expr]:
    """``[...] + router.urls + [...]`` → its operands (a lone expression is its only part)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from concatenated_parts(node.left)
        yield from concatenated_parts(node.right)
    elif node is not None:
        yield node


def walk_without_nested_scopes(node: ast.AST) -> Iterator[ast.AST]:
    """Like ``ast.walk`` but does not enter nested functions, lambdas or classes."""
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                stack.append(child)


def walk_statements(node: ast.AST) -> Iterator[ast.stmt]:
    """Every statement under ``node`` outside class bodies, without visiting expressions.

    Registrations (``app = Flask()``, ``bp.before_request(f)``) are statements at module level
    or in functions (app factories); skipping expressions and class bodies makes this several
    times cheaper than ``ast.walk`` on a whole module.
    """
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.stmt):
            yield current
            if isinstance(current, ast.ClassDef):
                continue
        for name in _BLOCKS:
            block = getattr(current, name, None)
            if block:
                stack.extend(reversed(block))


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
