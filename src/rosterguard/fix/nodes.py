"""libcst nodes read and built the way the surrounding code is written: an argument or entry is
added on its own line in a multi-line call or literal, its trailing comma kept, no comment lost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

import libcst as cst

Item = TypeVar("Item", cst.Arg, cst.BaseDictElement, cst.BaseElement)


def last_name(expression: cst.BaseExpression) -> str:
    """``roles_required`` for ``@roles_required("admin")``, ``get`` for ``@bp.get("/x")``."""
    if isinstance(expression, cst.Call):
        expression = expression.func
    if isinstance(expression, cst.Attribute):
        return expression.attr.value
    return expression.value if isinstance(expression, cst.Name) else ""


def decorator_index(decorators: Sequence[cst.Decorator], name: str) -> int | None:
    """Where ``@name(...)`` (or ``@module.name(...)``) is among ``decorators``."""
    calls = (
        i
        for i, d in enumerate(decorators)
        if isinstance(d.decorator, cst.Call) and last_name(d.decorator) == name
    )
    return next(calls, None)


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def with_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with ``name=value`` set: replaced where present, else added after the others."""
    present = keyword(call, name)
    if present is not None:
        return call.with_changes(
            args=[arg.with_changes(value=value) if arg is present else arg for arg in call.args]
        )
    new = cst.Arg(
        value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )
    if not call.args:
        return call.with_changes(args=[new])
    last = call.args[-1]
    trailing = isinstance(last.comma, cst.Comma)
    # In a call, the line break before ``)`` belongs to the last argument (its comma, or itself).
    closing = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) else last.whitespace_after_arg
    before, added, closing = _appended(call.args, new, call.whitespace_before_args, closing)
    if trailing:
        added = added.with_changes(
            comma=added.comma.with_changes(whitespace_after=closing)
            if isinstance(added.comma, cst.Comma)
            else added.comma
        )
    else:
        before[-1] = before[-1].with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
        added = added.with_changes(whitespace_after_arg=closing)
    return call.with_changes(args=[*before, added])


@overload
def with_entry(literal: cst.Dict, new: cst.BaseDictElement) -> cst.Dict: ...
@overload
def with_entry(literal: cst.List, new: cst.BaseElement) -> cst.List: ...
def with_entry(
    literal: cst.Dict | cst.List, new: cst.BaseDictElement | cst.BaseElement
) -> cst.Dict | cst.List:
    """``literal`` with ``new`` as its last entry (a dict's ``key: value``, a list's element)."""
    if isinstance(literal, cst.Dict) and isinstance(new, cst.BaseDictElement):
        entries, added, closing = _appended(
            literal.elements, new, literal.lbrace.whitespace_after, literal.rbrace.whitespace_before
        )
        return literal.with_changes(
            elements=[*entries, added], rbrace=literal.rbrace.with_changes(whitespace_before=closing)
        )
    assert isinstance(literal, cst.List) and isinstance(new, cst.BaseElement)
    items, element, closing = _appended(
        literal.elements, new, literal.lbracket.whitespace_after, literal.rbracket.whitespace_before
    )
    return literal.with_changes(
        elements=[*items, element], rbracket=literal.rbracket.with_changes(whitespace_before=closing)
    )


def _appended(
    items: Sequence[Item],
    new: Item,
    opening: cst.BaseParenthesizableWhitespace,
    closing: cst.BaseParenthesizableWhitespace,
) -> tuple[list[Item], Item, cst.BaseParenthesizableWhitespace]:
    """The items before ``new``, ``new`` itself and the whitespace before the closing bracket,
    laid out as the items already are: a line break after the opening bracket means one item per
    line at that indentation; a trailing comma stays trailing; comments stay on their lines."""
    if not items:
        return [], new, closing
    *others, last = items
    had_comma = isinstance(last.comma, cst.Comma)
    if not isinstance(opening, cst.ParenthesizedWhitespace) or not isinstance(
        closing, cst.ParenthesizedWhitespace
    ):
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        return [*others, last.with_changes(comma=comma)], new.with_changes(comma=last.comma), closing
    # the last item's line, up to its comment, stays; then ``new`` on a line of its own
    separator = closing.with_changes(indent=opening.indent, last_line=opening.last_line)
    comma = (
        last.comma.with_changes(whitespace_after=separator)
        if isinstance(last.comma, cst.Comma)
        else cst.Comma(whitespace_after=separator)
    )
    new_comma: cst.Comma | cst.MaybeSentinel = cst.Comma() if had_comma else cst.MaybeSentinel.DEFAULT
    return (
        [*others, last.with_changes(comma=comma)],
        new.with_changes(comma=new_comma),
        closing.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[]),
    )


def comment_line(comment: str) -> cst.EmptyLine:
    """A line holding only ``comment``, at the indentation of the statement below it."""
    return cst.EmptyLine(indent=True, comment=cst.Comment(comment))
