"""RG301: DRF's default permission becomes ``IsAuthenticated`` in the settings module, so a view
that forgets ``permission_classes`` is closed to anonymous callers instead of open to all."""

from __future__ import annotations

import libcst as cst

from rosterguard.fix.change import CannotFix, Change, LineTransformer
from rosterguard.fix.nodes import with_entry

KEY = "DEFAULT_PERMISSION_CLASSES"
DEFAULT = "rest_framework.permissions.IsAuthenticated"


class AuthenticatedDefault(LineTransformer):
    """Sets ``DEFAULT_PERMISSION_CLASSES`` in the ``REST_FRAMEWORK = {...}`` at ``line``, or adds a
    ``REST_FRAMEWORK`` setting after the ``INSTALLED_APPS`` at ``line``."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.setting_line = line

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        lines = [self.line(statement) for statement in original_node.body]
        if self.setting_line not in lines:
            return updated_node
        index = lines.index(self.setting_line)
        assigned = _assignment(updated_node.body[index])
        if assigned is None:
            raise CannotFix("the setting is not a plain assignment")
        statement, assign, name = assigned
        quote = _quote(assign.value)
        entry = f"{quote}{KEY}{quote}: [{quote}{DEFAULT}{quote}]"
        body = list(updated_node.body)
        if name == "INSTALLED_APPS":
            indent, newline = updated_node.default_indent, updated_node.default_newline
            code = f"REST_FRAMEWORK = {{{newline}{indent}{entry},{newline}}}{newline}"
            body.insert(
                index + 1,
                cst.parse_statement(code, updated_node.config_for_parsing).with_changes(
                    leading_lines=[cst.EmptyLine()]
                ),
            )
        elif isinstance(assign.value, cst.Dict):
            body[index] = statement.with_changes(
                body=[assign.with_changes(value=_with_default(assign.value, entry))]
            )
        else:
            raise CannotFix(
                "REST_FRAMEWORK is not a dict literal: set DEFAULT_PERMISSION_CLASSES where it is built"
            )
        self.edited = True
        return updated_node.with_changes(body=body)


def _assignment(statement: cst.BaseStatement) -> tuple[cst.SimpleStatementLine, cst.Assign, str] | None:
    """A ``NAME = value`` statement line, its assignment and the name."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        assign = statement.body[0]
        if (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
        ):
            return statement, assign, assign.targets[0].target.value
    return None


def _with_default(settings: cst.Dict, entry: str) -> cst.Dict:
    """The default set to ``IsAuthenticated``: a present ``AllowAny`` or empty list replaced."""
    parsed = cst.parse_expression(f"{{{entry}}}")
    assert isinstance(parsed, cst.Dict) and isinstance(parsed.elements[0], cst.DictElement)
    new = parsed.elements[0]
    if not any(_is_default(element) for element in settings.elements):
        return with_entry(settings, new)
    return settings.with_changes(
        elements=[e.with_changes(value=new.value) if _is_default(e) else e for e in settings.elements]
    )


def _is_default(element: cst.BaseDictElement) -> bool:
    return (
        isinstance(element, cst.DictElement)
        and isinstance(element.key, cst.SimpleString)
        and element.key.evaluated_value == KEY
    )


def _quote(value: cst.BaseExpression) -> str:
    """The quote the settings already use for their strings (double quotes when they use none)."""
    strings = _strings(value)
    return strings[0].quote[-1] if strings else '"'


def _strings(value: cst.BaseExpression) -> list[cst.SimpleString]:
    if isinstance(value, cst.SimpleString):
        return [value]
    if isinstance(value, cst.Dict):
        return [s for e in value.elements if isinstance(e, cst.DictElement) for s in _strings(e.key)]
    if isinstance(value, (cst.List, cst.Tuple)):
        return [s for e in value.elements for s in _strings(e.value)]
    return []


def authenticated_default(line: int) -> Change:
    return Change(line, lambda: AuthenticatedDefault(line))
