"""Classify access layers (decorators, dependencies, permission classes, guards) and combine them."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rosterguard.analysis.crossfile import NO_PROJECT, CrossFile
from rosterguard.analysis.dataflow import is_caller_text
from rosterguard.analysis.knowledge import Knowledge
from rosterguard.concepts import AccessEvidence, AccessLevel, Layer
from rosterguard.frameworks import drf
from rosterguard.frameworks.base import FrameworkModel, KeywordAccess
from rosterguard.syntax.names import (
    FunctionNode,
    ImportTable,
    dotted_name,
    keyword,
    last_name,
    matches,
    sequence_items,
    string_value,
    walk_statements,
)
from rosterguard.words import split_words

_ERROR_WORDS = frozenset({"forbidden", "unauthorized", "unauthorised", "denied", "deny", "redirect", "login", "abort", "error", "unauthenticated", "reject"})
_ERROR_STATUS = frozenset({301, 302, 303, 307, 401, 403})
_ABORTING_CALLS = frozenset({"abort", "redirect_to_login", "unauthorized", "forbidden", "raise_for_status", "deny"})
_SENDING_CALLS = frozenset({"send_error", "redirect", "redirect_to_login", "set_status"})
_GUARD_VERBS = frozenset({"require", "ensure", "check", "verify", "assert", "enforce", "validate"})
_OPTIONAL_KEYWORDS = ("optional",)
_ROLE_KEYWORDS = ("role", "roles", "permission", "permissions", "scopes", "scope")
_READ_ACTIONS = frozenset({"get", "list", "retrieve", "head", "options"})
_STRONGER_LAYERS = frozenset(Layer) - {Layer.DEFAULT, Layer.SETTINGS}


def combine(evidence: Iterable[AccessEvidence]) -> AccessLevel:
    """Stack the layers (``max``), after explicit settings of a view have replaced the defaults."""
    layers = list(evidence)
    if any(e.overrides for e in layers):
        layers = [e for e in layers if e.layer in _STRONGER_LAYERS]
    return max((e.level for e in layers), default=AccessLevel.PUBLIC)


def is_read(action: str) -> bool:
    return action.lower() in _READ_ACTIONS


@dataclass
class AccessReader:
    """Reads access layers in one module, with its imports and same-module definitions."""

    knowledge: Knowledge
    imports: ImportTable
    functions: dict[str, FunctionNode]
    classes: dict[str, ast.ClassDef]
    constants: dict[str, ast.expr]
    cross: CrossFile = NO_PROJECT

    # -- decorators ------------------------------------------------------------------
    def decorator(self, node: ast.expr, layer: Layer = Layer.DECORATOR) -> AccessEvidence | None:
        """What one decorator (or wrapper call) demands of the caller, if anything."""
        qualified = self.imports.qualify(node) or ""
        name = last_name(node) or ""
        line = node.lineno
        if isinstance(node, ast.Call) and matches(qualified, ("django.utils.decorators.method_decorator",)):
            wrapped = node.args[0] if node.args else None
            levels = [self.decorator(item, layer) for item in sequence_items(wrapped)]
            found = [level for level in levels if level is not None]
            return max(found, key=lambda e: e.level) if found else None
        if matches(qualified, (drf.PERMISSION_CLASSES_DECORATOR,)) and isinstance(node, ast.Call):
            return self.permission_list(node.args[0] if node.args else None, "get", line, layer)
        if self.knowledge.is_public_marker(qualified):
            return AccessEvidence(AccessLevel.PUBLIC, layer, name, line, overrides=True)
        hook_default = self.knowledge.hook_decorator(qualified)
        if hook_default is not None:
            judged = self.function_level(node.args[0]) if isinstance(node, ast.Call) and node.args else None
            hook_level = judged if judged is not None else hook_default
            return AccessEvidence(hook_level, layer, name, line) if hook_level > AccessLevel.PUBLIC else None
        if isinstance(node, ast.Call) and _flag(node, _OPTIONAL_KEYWORDS):
            if self.knowledge.access_decorator(qualified) or self.knowledge.level_by_name(name):
                return AccessEvidence(AccessLevel.PUBLIC, layer, f"{name}(optional=True)", line, overrides=True)
        if name == "user_passes_test" and isinstance(node, ast.Call):
            level = self.predicate(node.args[0]) if node.args else None
            return AccessEvidence(level or AccessLevel.AUTHENTICATED, layer, name, line)
        if self.knowledge.is_inert(qualified):
            return None
        level = self.knowledge.access_decorator(qualified)
        if level is None and name in self.functions:
            level = self.custom_decorator(self.functions[name])
        if level is None and qualified:
            level = self.cross.decorator(qualified)
        if level is None:
            level = self._level_of_dotted(node.func if isinstance(node, ast.Call) else node)
        if level is None:
            return None
        if isinstance(node, ast.Call) and any(keyword(node, k) is not None for k in _ROLE_KEYWORDS):
            level = AccessLevel.AUTHORIZED
        if isinstance(node, ast.Call) and _only_login_scope(node):
            level = AccessLevel.AUTHENTICATED  # Starlette ``@requires("authenticated")``
        return AccessEvidence(level, layer, name, line)

    def _level_of_dotted(self, node: ast.expr) -> AccessLevel | None:
        dotted = dotted_name(node)
        if dotted is None:
            return None
        levels = [self.knowledge.level_by_name(part) for part in dotted.split(".")]
        return max((level for level in levels if level is not None), default=None)

    def function_level(self, node: ast.expr) -> AccessLevel | None:
        """What a function handed to the framework (a hook, a guard, a check) refuses.

        ``require_role("admin")`` (a factory) is judged by the function it builds.
        """
        if isinstance(node, ast.Call):
            factory = self.functions.get(last_name(node) or "")
            if factory is not None:
                return self.custom_decorator(factory)
            qualified = self.imports.qualify(node) or ""
            return self.cross.decorator(qualified) if qualified else None
        name = last_name(node) or ""
        function = self.functions.get(name) if isinstance(node, ast.Name) else None
        if function is None:
            imported = self.imports.qualify(node)
            found = self.cross.guard(imported) if imported else None
            return found.level if found else self.knowledge.level_by_name(name)
        guards = [g.level for g in self.body_guards(function.body)]
        returned = [self.predicate(r.value) for r in walk_statements(function) if isinstance(r, ast.Return) and r.value is not None]
        levels = guards + [level for level in returned if level is not None]
        return max(levels, default=None) if levels else self.knowledge.level_by_name(name)

    def keyword_access(self, call: ast.Call, model: FrameworkModel, layer: Layer) -> list[AccessEvidence]:
        """``auth=`` / ``guards=`` / ``permission=`` of a route, router or app."""
        return self.access_settings([(kw.arg or "", kw.value) for kw in call.keywords], model, layer, call.lineno)

    def access_settings(self, settings: Iterable[tuple[str, ast.expr]], model: FrameworkModel, layer: Layer, line: int) -> list[AccessEvidence]:
        """Access keywords however they are given: as arguments, as class attributes
        (``guards = [...]`` on a controller), or appended later (``app.middlewares.append``)."""
        evidence = []
        for name, value in settings:
            how = model.access_keywords.get(name)
            if how is None:
                continue
            if how is KeywordAccess.OPENS:
                if isinstance(value, ast.Constant) and value.value is True:
                    evidence.append(AccessEvidence(AccessLevel.PUBLIC, layer, f"{name}=True", line, overrides=True))
                continue
            if how is KeywordAccess.BACKEND:
                layer = Layer.SETTINGS  # a default that ``exclude_from_auth=True`` replaces
            if isinstance(value, ast.Constant) and value.value is None:
                evidence.append(AccessEvidence(AccessLevel.PUBLIC, layer, f"{name}=None", line, overrides=how is KeywordAccess.NEAREST))
                continue
            items = sequence_items(value) if isinstance(value, (ast.List, ast.Tuple)) else [value]
            assumed = AccessLevel.PUBLIC if how is KeywordAccess.COMPONENTS else AccessLevel.AUTHENTICATED
            levels = [self._access_value(item, assumed) for item in items]
            # Any one of several auth schemes lets the caller in; every guard must pass.
            level = min(levels, default=AccessLevel.PUBLIC) if how is KeywordAccess.NEAREST else max(levels, default=AccessLevel.PUBLIC)
            evidence.append(AccessEvidence(level, layer, f"{name}={_brief(ast.unparse(value))}", line, overrides=how is KeywordAccess.NEAREST))
        return evidence

    def _access_value(self, node: ast.expr, assumed: AccessLevel) -> AccessLevel:
        """One entry of an access keyword: a permission name, a known scheme, a guard, a class;
        ``assumed`` when nothing in it says more (an auth scheme authenticates by definition)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return AccessLevel.AUTHORIZED  # a named permission or scope
        qualified = self.imports.qualify(node) or ""
        if self.knowledge.is_public_marker(qualified):
            return AccessLevel.PUBLIC
        known = self.knowledge.access_decorator(qualified)
        if known is not None:
            return known
        if isinstance(node, ast.Name) and isinstance(self.constants.get(node.id), ast.Call):
            node = self.constants[node.id]  # ``api_key_auth = DefineMiddleware(ApiKeyAuth)``
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in self.classes and (last_name(node.func) or "") not in self.classes:
            node = node.args[0]  # ``Middleware(RequireStaff)``: the component is the class
        if isinstance(node, ast.Call) and (last_name(node.func) or "") not in self.classes and (listed := _listed_items(node)):
            # ``PermissionExtension(permissions=[IsStaff()])``: a wrapper of checks, all of which apply
            return max(self._access_value(item, assumed) for item in listed)
        target = node.func if isinstance(node, ast.Call) else node
        cls = self.classes.get(last_name(target) or "") if isinstance(target, ast.Name) else None
        if cls is not None:
            methods = [m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
            checks = [lv for m in methods for r in walk_statements(m) if isinstance(r, ast.Return) and r.value is not None and (lv := self.predicate(r.value)) is not None]
            checks += [guard.level for m in methods for guard in self.body_guards(m.body)]
            if not checks and any(_refuses(m) for m in methods):
                checks.append(AccessLevel.AUTHENTICATED)  # it turns someone away: at least a login
            named = self.knowledge.level_by_name(cls.name) if assumed > AccessLevel.PUBLIC else None
            found = checks + ([named] if named is not None else [])
            return max(found) if found else assumed
        level = self.function_level(node)
        return level if level is not None else assumed

    def custom_decorator(self, function: FunctionNode) -> AccessLevel | None:
        """A project's own decorator: by what its wrapper checks, else by its name."""
        guards = [g.level for inner in ast.walk(function) if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) for g in self.body_guards(inner.body)]
        if guards:
            return max(guards)
        return self.knowledge.level_by_name(function.name)

    # -- predicates and guards ---------------------------------------------------------
    def predicate(self, node: ast.AST, callers: Sequence[str] = ()) -> AccessLevel | None:
        """The access a boolean check on the caller enforces (``u.is_staff`` → authorized)."""
        if isinstance(node, ast.Name) and node.id in self.functions:
            function = self.functions[node.id]
            returned = [self.predicate(r.value) for r in ast.walk(function) if isinstance(r, ast.Return) and r.value is not None]
            found = [level for level in returned if level is not None]
            return max(found) if found else self.knowledge.level_by_name(node.id)
        if isinstance(node, ast.Lambda):
            return self.predicate(node.body, callers)
        identifiers = list(_identifiers(node))
        levels = [self.knowledge.level_by_name(identifier) for identifier in identifiers]
        # ``if not await permits(request, "usage")``: a framework's own predicate
        levels += [self.knowledge.predicate_call(self.imports.qualify(n.func)) for n in ast.walk(node) if isinstance(n, ast.Call)]
        level = max((lv for lv in levels if lv is not None), default=None)
        if level is None and any(is_caller_text(dotted_name(n) or "", (*self.knowledge.caller_names, *callers)) for n in ast.walk(node)):
            level = AccessLevel.AUTHENTICATED
        if level is not None and _is_presence_test(node):
            # ``if staff is None``: someone was identified, whatever the variable is called;
            # it takes a test of a role (``staff.is_admin``) to authorize.
            return AccessLevel.AUTHENTICATED
        return level

    def body_guards(self, body: Sequence[ast.stmt], callers: Sequence[str] = ()) -> list[AccessEvidence]:
        """Checks at the top of a body that end the request with an error when they fail."""
        guards: list[AccessEvidence] = []
        for statement in _top_level(body):
            if isinstance(statement, ast.If) and (_ends_with_error(statement.body) or _ends_with_error(statement.orelse)):
                level = self.predicate(statement.test, callers)
                if level is not None:
                    guards.append(AccessEvidence(level, Layer.BODY_GUARD, _brief(ast.unparse(statement.test)), statement.lineno))
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, (ast.Call, ast.Await)):
                call = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
                evidence = self._guard_call(call) if isinstance(call, ast.Call) else None
                if evidence is not None:
                    guards.append(evidence)
            elif isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.Call, ast.Await)):
                # ``user_id = await check_authorized(request)``: a framework guard that also answers
                call = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
                evidence = self._framework_guard(call) if isinstance(call, ast.Call) else None
                if evidence is not None:
                    guards.append(replace(evidence, line=statement.lineno))
        return guards

    def _guard_call(self, call: ast.Call) -> AccessEvidence | None:
        name = last_name(call) or ""
        if _flag(call, _OPTIONAL_KEYWORDS):
            return None
        known = self._framework_guard(call)
        if known is not None:
            return known
        words = split_words(name)
        if not words or words[0] not in _GUARD_VERBS:
            return None
        level = self.knowledge.level_by_name(name)
        if level is None and name in self.functions:
            level = max((g.level for g in self.body_guards(self.functions[name].body)), default=None)
        return AccessEvidence(level, Layer.BODY_GUARD, name, call.lineno) if level is not None else None

    def _framework_guard(self, call: ast.Call) -> AccessEvidence | None:
        """A framework's own guard call (``check_permission(request, "x")``)."""
        level = self.knowledge.guard_call(self.imports.qualify(call.func))
        return AccessEvidence(level, Layer.BODY_GUARD, last_name(call) or "", call.lineno) if level is not None else None

    # -- permission classes (DRF) ------------------------------------------------------
    def permission_list(self, node: ast.AST | None, action: str, line: int, layer: Layer) -> AccessEvidence:
        """``[IsAuthenticated, IsAdminUser]`` must all pass, so the strongest decides."""
        items = sequence_items(node) if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [node] if node else []
        levels = [self.permission(item, action) for item in items]
        known = [lv for lv in levels if lv is not None]
        level = max(known, default=AccessLevel.PUBLIC)
        source = ", ".join(ast.unparse(item) for item in items) or "[]"
        return AccessEvidence(level, layer, source, line, overrides=True)

    def permission(self, node: ast.AST, action: str) -> AccessLevel | None:
        if isinstance(node, ast.Call):
            return self.permission(node.func, action)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            left, right = self.permission(node.left, action), self.permission(node.right, action)
            if left is None or right is None:
                return left if right is None else right
            return max(left, right) if isinstance(node.op, ast.BitAnd) else min(left, right)
        if isinstance(node, ast.UnaryOp):
            return None
        qualified = self.imports.qualify(node) or ""
        if self.knowledge.is_public_marker(qualified):
            return AccessLevel.PUBLIC
        known = self.knowledge.permission_class(qualified)
        if known is not None:
            return known.read if is_read(action) else known.write
        name = last_name(node) or ""
        by_name = self.knowledge.level_by_name(name)
        if by_name is None and name in self.classes:
            methods = [s for s in self.classes[name].body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name in ("has_permission", "has_object_permission")]
            levels = [self.predicate(r.value) for m in methods for r in ast.walk(m) if isinstance(r, ast.Return) and r.value is not None]
            by_name = max((lv for lv in levels if lv is not None), default=None)
        return by_name

    def drf_default(self, line: int) -> AccessEvidence:
        """The configured default, else the project settings' ``DEFAULT_PERMISSION_CLASSES``."""
        configured = self.knowledge.drf_default
        if not configured and self.cross.drf_default is not None:
            return self.cross.drf_default
        if configured:
            level = self.permission(ast.Name(configured.rsplit(".", 1)[-1]), "list")
            return AccessEvidence(level or AccessLevel.PUBLIC, Layer.SETTINGS, configured, line)
        return AccessEvidence(AccessLevel.PUBLIC, Layer.DEFAULT, "DRF default AllowAny", line)

    # -- dependencies (FastAPI) ----------------------------------------------------------
    def dependency(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> AccessEvidence | None:
        """``Depends(fn)``/``Security(fn, scopes=[...])``, or anything wrapping one (``Annotated``)."""
        call = self._dependency_call(node)
        if call is None:
            return None
        target = call.args[0] if call.args else keyword(call, "dependency")
        scopes = keyword(call, "scopes")
        if scopes is not None and sequence_items(scopes):
            return AccessEvidence(AccessLevel.AUTHORIZED, Layer.DEPENDENCY, _brief(ast.unparse(call)), call.lineno)
        level = self._dependency_target(target, seen) if target is not None else None
        if level is None:
            return None
        return AccessEvidence(level, Layer.DEPENDENCY, _brief(ast.unparse(target)) if target else "", call.lineno)

    def _dependency_call(self, node: ast.AST) -> ast.Call | None:
        if isinstance(node, ast.Name) and node.id in self.constants:
            return self._dependency_call(self.constants[node.id])
        if isinstance(node, ast.Call) and matches(self.imports.qualify(node), self._dependency_markers()):
            return node
        if isinstance(node, ast.Subscript):
            for element in sequence_items(node.slice):
                found = self._dependency_call(element)
                if found is not None:
                    return found
        return None

    def _dependency_markers(self) -> tuple[str, ...]:
        return tuple(marker for model in self.knowledge.frameworks for marker in model.dependency_markers)

    def _dependency_target(self, target: ast.expr, seen: frozenset[str]) -> AccessLevel | None:
        name = last_name(target) or ""
        if isinstance(target, ast.Name) and target.id in self.constants:
            value = self.constants[target.id]
            schemes = tuple(s for model in self.knowledge.frameworks for s in model.security_schemes)
            if isinstance(value, ast.Call) and matches(self.imports.qualify(value), schemes):
                return AccessLevel.AUTHENTICATED
        if name in self.functions and name not in seen:
            function = self.functions[name]
            levels = [e.level for e in self.parameter_dependencies(function, seen | {name})]
            levels += [g.level for g in self.body_guards(function.body, self._parameters(function))]
            by_name = self.knowledge.level_by_name(name)
            if by_name is not None and (levels or by_name is AccessLevel.AUTHORIZED or not _is_data_session(function)):
                levels.append(by_name)
            return max(levels, default=None)
        return self.knowledge.level_by_name(name)

    def parameter_dependencies(self, function: FunctionNode, seen: frozenset[str] = frozenset()) -> list[AccessEvidence]:
        evidence = []
        for parameter, default in _parameters_with_defaults(function):
            for candidate in (default, parameter.annotation):
                found = self.dependency(candidate, seen) if candidate is not None else None
                if found is not None:
                    evidence.append(found)
                    break
        return evidence

    def authenticated_parameters(self, function: FunctionNode) -> tuple[str, ...]:
        """Parameters bound to an auth dependency: they denote the caller."""
        names = []
        for parameter, default in _parameters_with_defaults(function):
            for candidate in (default, parameter.annotation):
                found = self.dependency(candidate) if candidate is not None else None
                if found is not None and found.level >= AccessLevel.AUTHENTICATED:
                    names.append(parameter.arg)
                    break
        return tuple(names)

    def dependency_list(self, node: ast.AST | None, layer: Layer) -> list[AccessEvidence]:
        found = [self.dependency(item) for item in sequence_items(node)]
        return [replace_layer(e, layer) for e in found if e is not None]

    def _parameters(self, function: FunctionNode) -> tuple[str, ...]:
        return tuple(a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs))


def replace_layer(evidence: AccessEvidence, layer: Layer) -> AccessEvidence:
    return AccessEvidence(evidence.level, layer, evidence.source, evidence.line, evidence.overrides)


def _parameters_with_defaults(function: FunctionNode) -> list[tuple[ast.arg, ast.expr | None]]:
    positional = [*function.args.posonlyargs, *function.args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(function.args.defaults)) + list(function.args.defaults)
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True))
    return pairs


def _is_data_session(function: FunctionNode) -> bool:
    """A dependency that only yields or returns a database session/connection."""
    return not any(isinstance(n, (ast.Raise, ast.If)) for n in ast.walk(function))


def _flag(call: ast.Call, names: tuple[str, ...]) -> bool:
    return any(isinstance(v, ast.Constant) and v.value is True for v in (keyword(call, n) for n in names))


def _identifiers(node: ast.AST) -> Iterable[str]:
    """Words of a check. A dict read by key (``scope["user"]``, ASGI's connection scope) speaks
    through its key, not through the container's name."""
    containers = {id(child.value) for child in ast.walk(node) if isinstance(child, ast.Subscript) and string_value(child.slice) is not None}
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute):
            yield child.attr
        elif isinstance(child, ast.Name) and id(child) not in containers:
            yield child.id
        elif (text := string_value(child)) is not None and len(text) < 40:
            yield text


def _top_level(body: Sequence[ast.stmt]) -> Iterable[ast.stmt]:
    """Statements at the top of a body, looking into ``with``/``try`` blocks."""
    for statement in body:
        if isinstance(statement, (ast.With, ast.AsyncWith)) or isinstance(statement, ast.Try):
            yield from _top_level(statement.body)
        else:
            yield statement


def _ends_with_error(body: Sequence[ast.stmt]) -> bool:
    """Whether a branch ends the request with an error (raise, abort, 401/403/redirect response)."""
    for statement in body:
        if isinstance(statement, ast.Raise):
            return True
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            if (last_name(statement.value) or "") in _ABORTING_CALLS:
                return True
        if isinstance(statement, ast.Return) and statement.value is not None and _is_error_response(statement.value):
            return True
    # ``self.send_error(401); return`` (Tornado), ``await Response(..., status_code=401)(...); return`` (ASGI)
    # ``response = RedirectResponse("/login"); await response(scope, receive, send); return``
    return len(body) >= 2 and isinstance(body[-1], ast.Return) and body[-1].value is None and any(_sends_error(s) for s in body[:-1])


def _sends_error(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Assign):
        return _is_error_response(statement.value)
    if not isinstance(statement, ast.Expr):
        return False
    call = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
    if not isinstance(call, ast.Call):
        return False
    sent = call.func if isinstance(call.func, ast.Call) else call  # ``Response(...)(scope, receive, send)``
    return (last_name(sent) or "") in _SENDING_CALLS or _is_error_response(sent)


def _is_error_response(node: ast.expr) -> bool:
    if isinstance(node, ast.Tuple):
        return any(_is_status(element) for element in node.elts[1:])
    if isinstance(node, ast.Call):
        words = set(split_words(last_name(node) or ""))
        if words & _ERROR_WORDS:
            return True
        statuses = [kw.value for kw in node.keywords if kw.arg in ("status", "status_code", "code")]
        return any(_is_status(s) for s in (*statuses, *node.args[1:2]))
    if isinstance(node, ast.Await):
        return _is_error_response(node.value)
    return False


def _is_status(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value in _ERROR_STATUS
    name = last_name(node) or ""
    return any(str(code) in name for code in _ERROR_STATUS) or name.upper() in ("FORBIDDEN", "UNAUTHORIZED")


def _listed_items(call: ast.Call) -> list[ast.expr]:
    """The items of the list literals a call is given (``Wrapper(checks=[A(), B()])``)."""
    values = [*call.args, *(kw.value for kw in call.keywords)]
    return [item for value in values if isinstance(value, (ast.List, ast.Tuple)) for item in value.elts]


def _refuses(function: FunctionNode) -> bool:
    """Whether a function ends some requests with an error (``if key is None: raise ...``)."""
    return any(isinstance(s, ast.If) and (_ends_with_error(s.body) or _ends_with_error(s.orelse)) for s in _top_level(function.body))


def _only_login_scope(call: ast.Call) -> bool:
    """Scopes that ask for nothing but a login: ``requires("authenticated")``."""
    values = [item for argument in (*call.args, *(kw.value for kw in call.keywords if kw.arg == "scopes")) for item in sequence_items(argument)]
    scopes = {string_value(item) for item in values}
    return scopes == {"authenticated"}


def _is_presence_test(node: ast.AST) -> bool:
    """``x is None``, ``x is not None``, ``not x`` on a bare variable."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        node = node.operand
        return isinstance(node, ast.Name) and not node.id.startswith(("is_", "has_", "can_"))
    return (
        isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and len(node.ops) == 1
        and isinstance(node.ops[0], (ast.Is, ast.IsNot)) and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value is None
    )


def _brief(source: str, limit: int = 80) -> str:
    """Source text of a check, shortened visibly (``…``) when it is long."""
    return source if len(source) <= limit else source[: limit - 1] + "…"
