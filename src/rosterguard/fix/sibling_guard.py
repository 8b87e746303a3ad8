"""RG1xx/RG2xx: the chosen guard put on the endpoint, in the form its framework reads it from —
a decorator below the route (and below the access decorators already there), a FastAPI
``dependencies=[...]`` entry, DRF ``permission_classes`` on the class, ``@action`` or
``@api_view`` function, Django's ``@method_decorator(..., name="dispatch")`` on a class."""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

from rosterguard.fix.change import CannotFix, Change, ImportNeed, LineTransformer
from rosterguard.fix.endpoints import Form, Site, permission_classes_of
from rosterguard.fix.guards import Binding, GuardKind
from rosterguard.fix.nodes import comment_line, decorator_index, keyword, with_entry, with_keyword
from rosterguard.fix.routes import last_route

Definition = TypeVar("Definition", cst.FunctionDef, cst.ClassDef)

# Names the forms write around the copied code, and where they come from.
FORM_BINDINGS = {
    Form.DJANGO_CLASS: (
        Binding("method_decorator", ImportNeed("django.utils.decorators", "method_decorator")),
    ),
    Form.DRF_FUNCTION: (
        Binding("permission_classes", ImportNeed("rest_framework.decorators", "permission_classes")),
    ),
}


def shown(form: Form, kind: GuardKind, code: str) -> str:
    """The guard as it will read on the endpoint."""
    if kind is GuardKind.DEPENDENCY:
        return f"dependencies=[{code}]"
    return {
        Form.DJANGO_CLASS: f'@method_decorator({code}, name="dispatch")',
        Form.DRF_FUNCTION: f"@permission_classes({code})",
        Form.DRF_CLASS: f"permission_classes = {code}",
        Form.DRF_ACTION: f"@action(permission_classes={code})",
    }.get(form, f"@{code}")


class GuardAdder(LineTransformer):
    """Puts ``code`` (a guard of ``kind``) on the endpoint ``site`` locates, with ``todo`` as a
    comment when the guard alone does not protect it enough."""

    def __init__(self, site: Site, kind: GuardKind, code: str, todo: str | None) -> None:
        super().__init__()
        self.site, self.kind, self.todo = site, kind, todo
        self.guard = cst.parse_expression(code)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if (
            self.site.form is Form.DJANGO_CLASS
            or self.site.form is Form.DRF_CLASS
            or self.line(original_node.name) != self.site.line
        ):
            return updated_node
        self.edited = True
        lines = [self.line(d.decorator) for d in original_node.decorators]
        if self.kind is GuardKind.DEPENDENCY:
            return self._noted(self._with_dependency(updated_node))
        if self.site.form is Form.DRF_ACTION:
            return self._noted(self._in_decorator(updated_node, "action", "permission_classes"))
        if self.site.form is Form.DRF_FUNCTION:
            return self._with_permission_decorator(updated_node)
        route = last_route(updated_node.decorators)
        below = [i for i, line in enumerate(lines) if line in self.site.access_lines] or [
            -1 if route is None else route
        ]
        return _inserted(updated_node, max(below) + 1, self.guard, self.todo)

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if (
            self.site.form not in (Form.DJANGO_CLASS, Form.DRF_CLASS)
            or self.line(original_node.name) != self.site.line
        ):
            return updated_node
        self.edited = True
        if self.site.form is Form.DJANGO_CLASS:
            wrapped = cst.parse_expression(
                f'method_decorator({cst.Module([]).code_for_node(self.guard)}, name="dispatch")'
            )
            return _inserted(updated_node, 0, wrapped, self.todo)
        return self._noted(_with_permission_classes(updated_node, self.guard))

    def _with_permission_decorator(self, function: cst.FunctionDef) -> cst.FunctionDef:
        """``@permission_classes(guard)``: the one there given the guard, else a new one below
        ``@api_view``, which must stay the outermost."""
        present = decorator_index(function.decorators, "permission_classes")
        if present is not None:
            call = function.decorators[present].decorator
            assert isinstance(call, cst.Call)
            new = call.with_changes(args=[call.args[0].with_changes(value=self.guard), *call.args[1:]])
            return self._noted(_replaced(function, present, new))
        api_view = decorator_index(function.decorators, "api_view")
        if api_view is None:
            raise CannotFix("no @api_view(...) to put @permission_classes(...) under")
        decorator = cst.Call(cst.Name("permission_classes"), [cst.Arg(self.guard)])
        return _inserted(function, api_view + 1, decorator, self.todo)

    def _with_dependency(self, function: cst.FunctionDef) -> cst.FunctionDef:
        route = last_route(function.decorators)
        call = function.decorators[route].decorator if route is not None else None
        if route is None or not isinstance(call, cst.Call):
            raise CannotFix("no route decorator call to add dependencies=[...] to")
        present = keyword(call, "dependencies")
        if present is not None and not isinstance(present.value, cst.List):
            raise CannotFix("dependencies= is not a list literal: add the dependency where it is built")
        entries = (
            with_entry(present.value, cst.Element(self.guard))
            if present is not None and isinstance(present.value, cst.List)
            else cst.List([cst.Element(self.guard)])
        )
        return _replaced(function, route, with_keyword(call, "dependencies", entries))

    def _in_decorator(self, function: cst.FunctionDef, decorator: str, name: str) -> cst.FunctionDef:
        index = decorator_index(function.decorators, decorator)
        call = function.decorators[index].decorator if index is not None else None
        if index is None or not isinstance(call, cst.Call):
            raise CannotFix(f"no @{decorator}(...) to set {name}= on")
        return _replaced(function, index, with_keyword(call, name, self.guard))

    def _noted(self, node: Definition) -> Definition:
        """``node`` with the TODO as a comment line above it (and above its decorators)."""
        if self.todo is None:
            return node
        return node.with_changes(leading_lines=[*node.leading_lines, comment_line(f"# TODO{self.todo}")])


def _replaced(function: cst.FunctionDef, index: int, expression: cst.BaseExpression) -> cst.FunctionDef:
    decorators = list(function.decorators)
    decorators[index] = decorators[index].with_changes(decorator=expression)
    return function.with_changes(decorators=decorators)


def _inserted(node: Definition, index: int, expression: cst.BaseExpression, todo: str | None) -> Definition:
    """``node`` with a new decorator at ``index``, the TODO as its comment."""
    ending = (
        cst.TrailingWhitespace(cst.SimpleWhitespace("  "), cst.Comment(f"# TODO{todo}"))
        if todo
        else cst.TrailingWhitespace()
    )
    decorators = list(node.decorators)
    decorators.insert(index, cst.Decorator(expression, trailing_whitespace=ending))
    return node.with_changes(decorators=decorators)


def _with_permission_classes(view: cst.ClassDef, classes: cst.BaseExpression) -> cst.ClassDef:
    """``permission_classes`` of a DRF view set to ``classes``: replaced where assigned, else
    added after the class's leading attributes (``queryset``, ``serializer_class``…)."""
    if not isinstance(view.body, cst.IndentedBlock):
        raise CannotFix("the class body is on one line")
    body = list(view.body.body)
    if any(isinstance(s, cst.FunctionDef) and s.name.value == "get_permissions" for s in body):
        raise CannotFix("the view decides in get_permissions(), not permission_classes: check the role there")
    for index, statement in enumerate(body):
        assigned = permission_classes_of(statement)
        if assigned is not None and isinstance(statement, cst.SimpleStatementLine):
            smalls = [
                small.with_changes(value=classes) if small is assigned else small for small in statement.body
            ]
            body[index] = statement.with_changes(body=smalls)
            return view.with_changes(body=view.body.with_changes(body=body))
    position = next((i for i, s in enumerate(body) if not isinstance(s, cst.SimpleStatementLine)), len(body))
    target = cst.AssignTarget(cst.Name("permission_classes"))
    body.insert(position, cst.SimpleStatementLine([cst.Assign([target], classes)]))
    return view.with_changes(body=view.body.with_changes(body=body))


def guard_change(
    site: Site, kind: GuardKind, code: str, todo: str | None, imports: tuple[ImportNeed, ...]
) -> Change:
    return Change(site.line, lambda: GuardAdder(site, kind, code, todo), imports)
