"""Endpoints of the engine's facts found in their file's concrete tree: how a guard goes on one
(its form), which blueprint, router or view base it shares, and which guards it carries as code
that can be copied, with the imports that code needs."""

from __future__ import annotations

import builtins
import enum
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from rosterguard.concepts import AccessEvidence, AccessLevel, Endpoint, Layer
from rosterguard.fix.change import CannotFix, ImportNeed
from rosterguard.fix.files import parse
from rosterguard.fix.guards import Binding, Guard, GuardKind
from rosterguard.fix.nodes import decorator_index, keyword, last_name
from rosterguard.fix.routes import last_route, registrar
from rosterguard.inventory import display_path
from rosterguard.project.layout import module_name, package_of

Definition = cst.FunctionDef | cst.ClassDef
_DEPENDENCY = m.Call(
    func=m.Name("Depends") | m.Name("Security") | m.Attribute(attr=m.Name("Depends") | m.Name("Security"))
)
_BUILTINS = frozenset(dir(builtins))
_PERMISSIONS = m.Name("permission_classes")


class Form(enum.Enum):
    """How a guard is put on an endpoint."""

    ROUTE = "a function under a route decorator: a decorator below the route"
    FUNCTION = "a view function: a decorator on top"
    DJANGO_CLASS = 'a Django class-based view: @method_decorator(..., name="dispatch")'
    DRF_FUNCTION = "an @api_view function: @permission_classes(...)"
    DRF_CLASS = "a DRF view class: permission_classes = ..."
    DRF_ACTION = "a viewset action: @action(permission_classes=...)"


_KINDS = {
    Form.ROUTE: (GuardKind.DECORATOR,),
    Form.FUNCTION: (GuardKind.DECORATOR,),
    Form.DJANGO_CLASS: (GuardKind.DECORATOR,),
    Form.DRF_FUNCTION: (GuardKind.PERMISSION_CLASSES,),
    Form.DRF_CLASS: (GuardKind.PERMISSION_CLASSES,),
    Form.DRF_ACTION: (GuardKind.PERMISSION_CLASSES,),
}


@dataclass(frozen=True, slots=True)
class Site:
    """Where and how a guard goes on an endpoint."""

    form: Form
    line: int  # the ``def`` or ``class`` line of the node that is edited
    group: str | None  # the blueprint, router or view base it shares with its siblings
    kinds: tuple[GuardKind, ...]
    # Lines of the endpoint's own access decorators: a new guard goes below them.
    access_lines: tuple[int, ...]


class ParsedFile:
    """One file's concrete tree with positions, read once per run."""

    def __init__(self, path: str) -> None:
        self.path = path
        wrapper = MetadataWrapper(parse(path))
        self.module = wrapper.module
        self._positions = wrapper.resolve(PositionProvider)
        self._parents = wrapper.resolve(ParentNodeProvider)
        self._definitions = {
            self.line(node.name): node for node in self._positions if isinstance(node, Definition)
        }
        self.module_name = module_name(Path(path))
        self.bindings = dict(self._top_level_bindings())

    def line(self, node: cst.CSTNode) -> int:
        return self._positions[node].start.line

    def _covers(self, node: cst.CSTNode, line: int) -> bool:
        where = self._positions[node]
        return where.start.line <= line <= where.end.line

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def definition(self, line: int) -> Definition | None:
        """The function or class whose ``def``/``class`` is on ``line`` (as the engine reports it)."""
        return self._definitions.get(line)

    def _owner(self, node: Definition) -> cst.ClassDef | None:
        """The class a method is defined in (its parent is the class's indented block)."""
        block = self._parents.get(node)
        parent = self._parents.get(block) if block is not None else None
        return parent if isinstance(parent, cst.ClassDef) else None

    # -- the endpoint to protect -----------------------------------------------------------
    def site(self, endpoint: Endpoint) -> Site | None:
        """How a guard goes on ``endpoint``; None for forms no fix knows (other frameworks' classes)."""
        node = self.definition(endpoint.line)
        if node is None:
            return None
        owner = self._owner(node)
        own_decorators = tuple(e.line for e in endpoint.evidence if e.layer is Layer.DECORATOR and not e.path)
        framework = endpoint.framework
        if isinstance(node, cst.FunctionDef) and owner is None:
            if framework == "drf":
                form = Form.DRF_FUNCTION
            elif framework != "django" and last_route(node.decorators) is not None:
                form = Form.ROUTE
            else:
                form = Form.FUNCTION
            kinds = _KINDS[form] + (
                (GuardKind.DEPENDENCY,) if form is Form.ROUTE and framework == "fastapi" else ()
            )
            return Site(form, endpoint.line, registrar(node.decorators), kinds, own_decorators)
        view = owner or node
        if not isinstance(view, cst.ClassDef) or framework not in ("drf", "django"):
            return None
        group = self.code(view.bases[0].value) if view.bases else None
        if framework == "drf" and isinstance(node, cst.FunctionDef) and action_of(node) is not None:
            return Site(Form.DRF_ACTION, endpoint.line, group, _KINDS[Form.DRF_ACTION], own_decorators)
        form = Form.DRF_CLASS if framework == "drf" else Form.DJANGO_CLASS
        return Site(form, self.line(view.name), group, _KINDS[form], own_decorators)

    def imports_for(self, bindings: Sequence[Binding], source: str, line: int) -> tuple[ImportNeed, ...]:
        """What this module must import to use, on the endpoint at ``line``, names that the
        module ``source`` binds (``""``: a framework's own names)."""
        same_file = bool(source) and os.path.samefile(source, self.path)
        needs = []
        for binding in bindings:
            if same_file:
                if binding.defined_at is not None and binding.defined_at > line:
                    raise CannotFix(f"{binding.name} is defined below the endpoint: move it up first")
            elif binding.name not in self.bindings:
                needs.append(binding.need)
        return tuple(needs)

    def import_of(self, name: cst.BaseExpression) -> ImportNeed | None:
        """The import that binds ``name`` in this module, if an import does."""
        found = self.bindings.get(name.value) if isinstance(name, cst.Name) else None
        return found.need if found is not None and found.defined_at is None else None

    def decorated(self, line: int) -> cst.FunctionDef | None:
        """The function one of whose decorators is on ``line``."""
        return next(
            (
                n
                for n in self._definitions.values()
                if isinstance(n, cst.FunctionDef)
                and any(self.line(d.decorator) == line for d in n.decorators)
            ),
            None,
        )

    # -- the guards a protected endpoint carries -------------------------------------------
    def guards(self, endpoint: Endpoint) -> Iterator[Guard]:
        """The layers of ``endpoint`` that can be copied, as code, at their level."""
        node = self.definition(endpoint.line)
        if node is None:
            return
        owner = self._owner(node)
        for evidence in endpoint.evidence:
            if evidence.path or evidence.level is AccessLevel.PUBLIC or evidence.level > endpoint.access:
                continue
            found = self._layer_code(evidence, node, owner)
            if found is None:
                continue
            kind, expression = found
            bindings = self._bindings_of(expression)
            if bindings is not None:
                origin = f"'{endpoint.name}' at {display_path(self.path, os.getcwd())}:{evidence.line}"
                yield Guard(
                    kind,
                    endpoint.framework,
                    evidence.level,
                    self.code(expression),
                    bindings,
                    self.path,
                    origin,
                )

    def _layer_code(
        self, evidence: AccessEvidence, node: Definition, owner: cst.ClassDef | None
    ) -> tuple[GuardKind, cst.BaseExpression] | None:
        view = owner or node
        members = (
            view.body.body
            if isinstance(view, cst.ClassDef) and isinstance(view.body, cst.IndentedBlock)
            else ()
        )
        if evidence.layer is Layer.DECORATOR:
            methods = [s for s in members if isinstance(s, cst.FunctionDef)]
            decorators = [d for holder in (node, view, *methods) for d in holder.decorators]
            return next(
                (
                    _decorator_layer(d.decorator)
                    for d in decorators
                    if self.line(d.decorator) == evidence.line
                ),
                None,
            )
        if evidence.layer is Layer.CLASS_ATTRIBUTE:
            for statement in members:
                assigned = permission_classes_of(statement)
                if (
                    assigned is not None
                    and assigned.value is not None
                    and self._covers(statement, evidence.line)
                ):
                    return GuardKind.PERMISSION_CLASSES, assigned.value
        if evidence.layer is Layer.DEPENDENCY and isinstance(node, cst.FunctionDef):
            calls = [
                c
                for c in m.findall(node, _DEPENDENCY)
                if isinstance(c, cst.Call) and self._covers(c, evidence.line)
            ]
            named = [c for c in calls if c.args and self.code(c.args[0].value) in evidence.source]
            return next(((GuardKind.DEPENDENCY, c) for c in named or calls), None)
        return None

    def _bindings_of(self, expression: cst.BaseExpression) -> tuple[Binding, ...] | None:
        """How this module binds each free name of ``expression``; None if one is bound elsewhere
        (inside a function, by ``*``), so the code would not mean the same once copied."""
        collector = _FreeNames()
        expression.visit(collector)
        bindings = []
        for name in dict.fromkeys(collector.names):
            if name in self.bindings:
                bindings.append(self.bindings[name])
            elif name not in _BUILTINS:
                return None
        return tuple(bindings)

    def _top_level_bindings(self) -> Iterator[tuple[str, Binding]]:
        for statement in self.module.body:
            if isinstance(statement, cst.FunctionDef | cst.ClassDef):
                name = statement.name.value
                yield name, Binding(name, ImportNeed(self.module_name, name), self.line(statement.name))
            elif isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    yield from self._bound_by(small)

    def _bound_by(self, statement: cst.BaseSmallStatement) -> Iterator[tuple[str, Binding]]:
        if isinstance(statement, cst.Import):
            for alias in statement.names:
                dotted = self.code(alias.name)
                name = alias.evaluated_alias or dotted.partition(".")[0]
                yield name, Binding(name, ImportNeed(dotted, None, alias.evaluated_alias))
        elif isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar):
            source = self._absolute(statement)
            if source is None:
                return
            for alias in statement.names:
                name = alias.evaluated_alias or alias.evaluated_name
                yield name, Binding(name, ImportNeed(source, alias.evaluated_name, alias.evaluated_alias))
        elif isinstance(statement, cst.Assign | cst.AnnAssign):
            targets = (
                [t.target for t in statement.targets]
                if isinstance(statement, cst.Assign)
                else [statement.target]
            )
            for target in targets:
                if isinstance(target, cst.Name):
                    yield (
                        target.value,
                        Binding(target.value, ImportNeed(self.module_name, target.value), self.line(target)),
                    )

    def _absolute(self, statement: cst.ImportFrom) -> str | None:
        """The module a ``from`` import reads, relative imports resolved; None past the top package."""
        written = self.code(statement.module) if statement.module is not None else ""
        level = len(statement.relative)
        if not level:
            return written
        package = package_of(self.module_name, Path(self.path))
        parts = package.split(".") if package else []
        if level > len(parts):
            return None
        return ".".join([*parts[: len(parts) - level + 1], *([written] if written else [])])


def _decorator_layer(expression: cst.BaseExpression) -> tuple[GuardKind, cst.BaseExpression]:
    """A decorator as the guard it is: DRF's ``@permission_classes([...])`` and
    ``@action(permission_classes=[...])`` as their permission list, Django's
    ``@method_decorator(guard, ...)`` as the guard it wraps, any other as itself."""
    if isinstance(expression, cst.Call):
        name = last_name(expression)
        if name == "permission_classes" and expression.args:
            return GuardKind.PERMISSION_CLASSES, expression.args[0].value
        given = keyword(expression, "permission_classes")
        if name == "action" and given is not None:
            return GuardKind.PERMISSION_CLASSES, given.value
        if name == "method_decorator" and expression.args:
            return GuardKind.DECORATOR, expression.args[0].value
    return GuardKind.DECORATOR, expression


def permission_classes_of(statement: cst.BaseStatement) -> cst.Assign | cst.AnnAssign | None:
    """The ``permission_classes = [...]`` class attribute a statement line assigns, if it does."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    for small in statement.body:
        if isinstance(small, cst.Assign) and any(m.matches(t.target, _PERMISSIONS) for t in small.targets):
            return small
        if isinstance(small, cst.AnnAssign) and m.matches(small.target, _PERMISSIONS) and small.value:
            return small
    return None


def action_of(function: cst.FunctionDef) -> cst.Decorator | None:
    index = decorator_index(function.decorators, "action")
    return function.decorators[index] if index is not None else None


class _FreeNames(cst.CSTVisitor):
    """The names an expression reads: not attribute names, not keyword argument names."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False
