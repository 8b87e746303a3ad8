"""The pure parts of fixes: which sibling guard an endpoint gets, and how an argument or entry is
added to a call or literal written in any layout."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
import pytest

from rosterguard.concepts import AccessLevel
from rosterguard.fix.change import ImportNeed
from rosterguard.fix.guards import FALLBACKS, Binding, Guard, GuardKind, Sibling, Target, choose
from rosterguard.fix.nodes import with_entry, with_keyword

AUTHORIZED, AUTHENTICATED, PUBLIC = AccessLevel.AUTHORIZED, AccessLevel.AUTHENTICATED, AccessLevel.PUBLIC


def guard(
    code: str,
    level: AccessLevel = AUTHORIZED,
    framework: str = "flask",
    kind: GuardKind = GuardKind.DECORATOR,
) -> Guard:
    name = code.partition("(")[0]
    return Guard(kind, framework, level, code, (Binding(name, ImportNeed("auth", name)),), "views.py", code)


def sibling(name: str, *guards: Guard, group: str | None = None, path: str = "views.py") -> Sibling:
    return Sibling(path, name, group, guards)


def target(level: AccessLevel = PUBLIC, group: str | None = "bp", framework: str = "flask") -> Target:
    kinds = (GuardKind.PERMISSION_CLASSES,) if framework == "drf" else (GuardKind.DECORATOR,)
    return Target("views.py", "leak", group, framework, level, kinds)


def no_project() -> Sequence[Sibling]:
    raise AssertionError("the project is read only when the module has no guard")


def test_the_blueprint_s_own_guard_wins_over_the_module_s_commoner_one() -> None:
    module = [
        sibling("a", guard("admin_only"), group="admin"),
        sibling("b", guard("admin_only"), group="admin"),
        sibling("c", guard("support_only"), group="bp"),
    ]
    choice = choose(target(group="bp"), module, no_project)
    assert choice is not None and choice.guard.code == "support_only" and not choice.todo
    assert choice.reason == "as on 1 endpoint sharing 'bp', e.g. support_only"


def test_the_most_common_guard_of_the_module_wins_and_ties_go_to_the_first() -> None:
    module = [
        sibling("a", guard("x")),
        sibling("b", guard("y")),
        sibling("c", guard("y")),
        sibling("d", guard("z")),
    ]
    choice = choose(target(group=None), module, no_project)
    assert (
        choice is not None
        and choice.guard.code == "y"
        and choice.reason.startswith("as on 2 endpoints of this module")
    )
    tie = choose(target(group=None), [sibling("a", guard("x")), sibling("b", guard("y"))], no_project)
    assert tie is not None and tie.guard.code == "x"


def test_the_project_is_read_when_the_module_has_no_guard() -> None:
    project = [
        sibling("p", guard("staff_only"), path="admin.py"),
        sibling("q", guard("x", framework="django")),
    ]
    choice = choose(target(), [sibling("open", group="bp")], lambda: project)
    assert choice is not None and choice.guard.code == "staff_only" and "of this project" in choice.reason


def test_the_endpoint_is_not_its_own_sibling_and_other_frameworks_and_kinds_do_not_fit() -> None:
    module = [
        sibling("leak", guard("own_guard")),
        sibling("a", guard("django_guard", framework="django")),
        sibling("b", guard("[IsAdminUser]", kind=GuardKind.PERMISSION_CLASSES)),
    ]
    choice = choose(target(), module, list)
    assert choice is not None and choice.guard == FALLBACKS["flask"] and choice.todo


def test_a_sign_in_guard_is_copied_only_onto_a_public_endpoint_and_with_a_todo() -> None:
    module = [sibling("a", guard("login_required", level=AUTHENTICATED))]
    choice = choose(target(PUBLIC), module, list)
    assert choice is not None and choice.guard.code == "login_required" and choice.todo
    assert choose(target(AUTHENTICATED), module, list) is None, "login_required would change nothing"


def test_a_role_anywhere_in_the_project_beats_a_sign_in_guard_next_door() -> None:
    module = [sibling("a", guard("login_required", level=AUTHENTICATED))]
    choice = choose(target(PUBLIC), module, lambda: [sibling("p", guard("admin_only"), path="admin.py")])
    assert choice is not None and choice.guard.code == "admin_only" and not choice.todo


def test_the_framework_s_own_guard_only_where_it_raises_the_level() -> None:
    drf = choose(target(AUTHENTICATED, framework="drf"), [], list)
    assert drf is not None and drf.guard.code == "[IsAdminUser]" and not drf.todo
    assert choose(target(PUBLIC, framework="fastapi"), [], list) is None


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("f()", "f(permission_classes=[X])"),
        ("f(a)", "f(a, permission_classes=[X])"),
        ("f(a,)", "f(a, permission_classes=[X],)"),
        ("f(a, permission_classes=[Y])", "f(a, permission_classes=[X])"),
        (
            "f(\n    a,  # why\n    # later\n)",
            "f(\n    a,  # why\n    # later\n    permission_classes=[X],\n)",
        ),
        ("f(\n    a,\n    b  # why\n)", "f(\n    a,\n    b,  # why\n    permission_classes=[X]\n)"),
    ],
)
def test_a_keyword_joins_a_call_in_its_layout(call: str, expected: str) -> None:
    parsed = cst.parse_expression(call)
    assert isinstance(parsed, cst.Call)
    value = cst.parse_expression("[X]")
    assert cst.Module([]).code_for_node(with_keyword(parsed, "permission_classes", value)) == expected


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("{}", '{"K": 1}'),
        ('{"a": 0}', '{"a": 0, "K": 1}'),
        ('{\n    "a": 0,  # why\n}', '{\n    "a": 0,  # why\n    "K": 1,\n}'),
        ('{  # top\n    "a": 0\n}', '{  # top\n    "a": 0,\n    "K": 1\n}'),
    ],
)
def test_an_entry_joins_a_dict_in_its_layout(literal: str, expected: str) -> None:
    parsed, entry = cst.parse_expression(literal), cst.parse_expression('{"K": 1}')
    assert (
        isinstance(parsed, cst.Dict)
        and isinstance(entry, cst.Dict)
        and isinstance(entry.elements[0], cst.DictElement)
    )
    assert cst.Module([]).code_for_node(with_entry(parsed, entry.elements[0])) == expected


def test_an_element_joins_a_list_one_per_line() -> None:
    parsed = cst.parse_expression("[\n    Depends(audit),\n]")
    assert isinstance(parsed, cst.List)
    added = with_entry(parsed, cst.Element(cst.parse_expression("Depends(admin)")))
    assert cst.Module([]).code_for_node(added) == "[\n    Depends(audit),\n    Depends(admin),\n]"
