"""Access layers (decorators, dependencies, permission classes, hooks, guards) and how they combine.

A layer defined in the project is judged by its body, through the project model and the guard
reader (``analysis.guards``); the framework tables decide for the frameworks' own callables, and
a third-party callable out of reach counts by the whole words of its name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rosterguard.analysis.crossfile import DefaultPermissions
from rosterguard.analysis.guards import (
    ALWAYS,
    ExternalMethod,
    GuardReader,
    Mode,
    Need,
    Scope,
    Truth,
    Verdict,
    holds_for,
    request_parameters,
)
from rosterguard.analysis.knowledge import Knowledge
from rosterguard.analysis.model import ClassModel, ModuleModel, ProjectModel
from rosterguard.concepts import AccessEvidence, AccessLevel, Layer
from rosterguard.frameworks import drf
from rosterguard.frameworks.base import FrameworkModel, KeywordAccess
from rosterguard.syntax.names import (
    FunctionNode,
    dotted_name,
    keyword,
    last_name,
    matches,
    sequence_items,
    string_value,
)

_OPTIONAL_KEYWORDS = ("optional",)
_ROLE_KEYWORDS = ("role", "roles", "permission", "permissions", "scopes", "scope")
_READ_ACTIONS = frozenset({"get", "list", "retrieve", "head", "options"})
_STRONGER_LAYERS = frozenset(Layer) - {Layer.DEFAULT, Layer.SETTINGS}
# Methods through which a component given to the framework (middleware, guard, auth class)
# judges the request, and the names through which it hands the request on.
_COMPONENT_METHODS = (
    "__call__",
    "dispatch",
    "process_request",
    "process_view",
    "process_resource",
    "authenticate",
    "authenticate_request",
    "has_permission",
    "__await__",
    "on_request",
    "before",
    "check",
)
_PASSES_THROUGH = frozenset(
    {
        "call_next",
        "self.app",
        "self.get_response",
        "handler",
        "self.handler",
        "app",
        "get_response",
        "self.application",
        "next",
        "await_",
    }
)
_BASE_PERMISSION = "rest_framework.permissions.BasePermission"


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
    """Reads access layers written in one module; names lead into the project model."""

    knowledge: Knowledge
    project: ProjectModel
    module: ModuleModel
    guards: GuardReader
    drf_settings_default: DefaultPermissions | None = None
    _readers: dict[str, AccessReader] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        knowledge: Knowledge,
        project: ProjectModel,
        module: ModuleModel,
        drf_default: DefaultPermissions | None = None,
    ) -> AccessReader:
        # one guard reader per project and configuration: what a decorator, permission class
        # or helper demands is read once for every module that uses it
        guards = project.shared.get(("guards", id(knowledge)))
        if not isinstance(guards, GuardReader) or guards.knowledge is not knowledge:
            guards = GuardReader(project, knowledge, external_method=_external_method(knowledge))
            project.shared[("guards", id(knowledge))] = guards
        guards.attached_callers = set()  # this module's hooks say which names hold the caller
        return cls(knowledge, project, module, guards, drf_default)

    def reader_for(self, module: ModuleModel) -> AccessReader:
        """The reader of another project module (names there resolve through its imports)."""
        if module.name == self.module.name:
            return self
        if module.name not in self._readers:
            self._readers[module.name] = AccessReader(
                self.knowledge, self.project, module, self.guards, self.drf_settings_default, self._readers
            )
        return self._readers[module.name]

    def scope(
        self, read: bool | None = None, requests: Sequence[str] = ("request",), callers: Sequence[str] = ()
    ) -> Scope:
        return self.guards.entry_scope(Scope(self.module, frozenset(), read=read), requests, callers)

    def qualify(self, node: ast.AST) -> str:
        return self.project.qualify(self.module, node) or ""

    # -- decorators ------------------------------------------------------------------
    def decorator(self, node: ast.expr, layer: Layer = Layer.DECORATOR) -> AccessEvidence | None:
        """What one decorator (or wrapper call) demands of the caller, if anything."""
        level, source = self._decorator_level(node, 0)
        if level is None:
            return None
        overrides = level is AccessLevel.PUBLIC and self._opens(node)
        return AccessEvidence(level, layer, source, node.lineno, overrides=overrides)

    def _opens(self, node: ast.expr) -> bool:
        return self.knowledge.is_public_marker(self.qualify(node)) or (
            isinstance(node, ast.Call) and _flag(node, _OPTIONAL_KEYWORDS)
        )

    def _decorator_level(self, node: ast.expr, depth: int) -> tuple[AccessLevel | None, str]:
        qualified = self.qualify(node)
        name = last_name(node) or ""
        if isinstance(node, ast.Call) and matches(qualified, ("django.utils.decorators.method_decorator",)):
            wrapped = node.args[0] if node.args else None
            found = [e for item in sequence_items(wrapped) if (e := self.decorator(item)) is not None]
            best = max(found, key=lambda e: e.level, default=None)
            return (best.level, best.source) if best else (None, name)
        if matches(qualified, (drf.PERMISSION_CLASSES_DECORATOR,)) and isinstance(node, ast.Call):
            return self.permission_list(
                node.args[0] if node.args else None, "get", node.lineno, Layer.DECORATOR
            ).level, name
        if self.knowledge.is_public_marker(qualified):
            return AccessLevel.PUBLIC, name
        hook_default = self.knowledge.hook_decorator(qualified)
        if hook_default is not None:
            judged = self.function_level(node.args[0]) if isinstance(node, ast.Call) and node.args else None
            hook_level = judged if judged is not None else hook_default
            return (hook_level, name) if hook_level > AccessLevel.PUBLIC else (None, name)
        optional = isinstance(node, ast.Call) and _flag(node, _OPTIONAL_KEYWORDS)
        target = node.func if isinstance(node, ast.Call) else node
        if optional and (
            self.knowledge.access_decorator(qualified) or self._level_by_name(target) is not None
        ):
            return AccessLevel.PUBLIC, f"{name}(optional=True)"
        if name == "user_passes_test" and isinstance(node, ast.Call):
            tested = self.predicate(node.args[0]) if node.args else None
            return tested or AccessLevel.AUTHENTICATED, name
        if self.knowledge.is_inert(qualified):
            return None, name
        level = self.knowledge.documented_decorator(qualified)
        if level is None:
            symbol = self.project.lookup(self.module, node.func if isinstance(node, ast.Call) else node)
            if symbol is not None and isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                reader = self.reader_for(symbol.module)
                verdict = self.guards.decorator(symbol.node, reader.scope())
                return (verdict.level if verdict else None), name
            if symbol is not None and isinstance(symbol.node, ast.expr) and depth < 4:
                # ``admin_required = user_passes_test(lambda u: u.is_superuser)``: the decorator it names
                return self.reader_for(symbol.module)._decorator_level(symbol.node, depth + 1)[0], name
            if symbol is not None:
                return None, name  # a project class used as a decorator: not modelled
            level = self.knowledge.access_decorator(qualified)
        if level is None:
            level = self._level_by_name(node.func if isinstance(node, ast.Call) else node)
        if level is None:
            return None, name
        if isinstance(node, ast.Call) and any(keyword(node, k) is not None for k in _ROLE_KEYWORDS):
            level = AccessLevel.AUTHORIZED
        if isinstance(node, ast.Call) and _only_login_scope(node):
            level = AccessLevel.AUTHENTICATED  # Starlette ``@requires("authenticated")``
        return level, name

    def _level_by_name(self, node: ast.AST) -> AccessLevel | None:
        """A third-party callable out of reach: the whole words of its dotted name."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        levels = [self.knowledge.level_by_name(part) for part in dotted.split(".") if "(" not in part]
        return max((level for level in levels if level is not None), default=None)

    def custom_decorator(self, function: FunctionNode) -> AccessLevel | None:
        """A project decorator of this module by what its wrapper refuses."""
        verdict = self.guards.decorator(function, self.scope())
        return verdict.level if verdict else None

    # -- functions and components handed to the framework -------------------------------
    def function_level(self, node: ast.expr) -> AccessLevel | None:
        """What a function handed to the framework (a hook, a guard, a check) refuses.

        ``require_role("admin")`` (a factory) is judged by the function it builds.
        """
        verdict = self.hook_verdict(node)
        if verdict is not None:
            return verdict.level
        target = node.func if isinstance(node, ast.Call) else node
        symbol = self.project.lookup(self.module, target)
        if symbol is not None:
            return None  # project code that refuses nobody
        return self.knowledge.guard_call(self.qualify(target)) or self._level_by_name(target)

    def hook_verdict(self, node: ast.expr) -> Verdict | None:
        """A project hook (or hook factory) by what its body refuses."""
        target = node.func if isinstance(node, ast.Call) else node
        symbol = self.project.lookup(self.module, target)
        if symbol is None or not isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        reader = self.reader_for(symbol.module)
        if isinstance(node, ast.Call):  # a factory: the function it builds refuses
            built = _built_function(symbol.node)
            if built is not None:
                return reader.hook_body(built)
            return self.guards.decorator(symbol.node, reader.scope())
        return reader.hook_body(symbol.node)

    def hook_body(self, function: FunctionNode) -> Verdict | None:
        """A before-request hook, middleware or credentials check, by what it refuses."""
        parameters = [
            a.arg for a in (*function.args.posonlyargs, *function.args.args) if a.arg not in ("self", "cls")
        ]
        requests = request_parameters(function) or parameters[:1]
        scope = replace(
            self.scope(requests=requests), passes_through=frozenset(_PASSES_THROUGH | set(parameters[1:]))
        )
        return self.guards.judge(function, scope)

    def keyword_access(self, call: ast.Call, model: FrameworkModel, layer: Layer) -> list[AccessEvidence]:
        """``auth=`` / ``guards=`` / ``permission=`` of a route, router or app."""
        return self.access_settings(
            [(kw.arg or "", kw.value) for kw in call.keywords], model, layer, call.lineno
        )

    def access_settings(
        self, settings: Iterable[tuple[str, ast.expr]], model: FrameworkModel, layer: Layer, line: int
    ) -> list[AccessEvidence]:
        """Access keywords however they are given: as arguments, as class attributes
        (``guards = [...]`` on a controller), or appended later (``app.middlewares.append``)."""
        evidence = []
        for name, value in settings:
            how = model.access_keywords.get(name)
            if how is None:
                continue
            if how is KeywordAccess.OPENS:
                if isinstance(value, ast.Constant) and value.value is True:
                    evidence.append(
                        AccessEvidence(AccessLevel.PUBLIC, layer, f"{name}=True", line, overrides=True)
                    )
                continue
            if how is KeywordAccess.BACKEND:
                layer = Layer.SETTINGS  # a default that ``exclude_from_auth=True`` replaces
            if isinstance(value, ast.Constant) and value.value is None:
                evidence.append(
                    AccessEvidence(
                        AccessLevel.PUBLIC,
                        layer,
                        f"{name}=None",
                        line,
                        overrides=how is KeywordAccess.NEAREST,
                    )
                )
                continue
            items = sequence_items(value) if isinstance(value, (ast.List, ast.Tuple)) else [value]
            assumed = AccessLevel.PUBLIC if how is KeywordAccess.COMPONENTS else AccessLevel.AUTHENTICATED
            levels = [self._access_value(item, assumed) for item in items]
            # Any one of several auth schemes lets the caller in; every guard must pass.
            level = (
                min(levels, default=AccessLevel.PUBLIC)
                if how is KeywordAccess.NEAREST
                else max(levels, default=AccessLevel.PUBLIC)
            )
            evidence.append(
                AccessEvidence(
                    level,
                    layer,
                    f"{name}={_brief(ast.unparse(value))}",
                    line,
                    overrides=how is KeywordAccess.NEAREST,
                )
            )
        return evidence

    def _access_value(self, node: ast.expr, assumed: AccessLevel) -> AccessLevel:
        """One entry of an access keyword: a permission name, a known scheme, a guard, a class;
        ``assumed`` when nothing in it says more (an auth scheme authenticates by definition)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return AccessLevel.AUTHORIZED  # a named permission or scope
        qualified = self.qualify(node)
        if self.knowledge.is_public_marker(qualified):
            return AccessLevel.PUBLIC
        known = self.knowledge.access_decorator(qualified)
        if known is not None:
            return known
        symbol = self.project.lookup(self.module, node)
        if symbol is not None and isinstance(symbol.node, ast.Call):
            # ``api_key_auth = DefineMiddleware(ApiKeyAuth)``: what the name is bound to
            return self.reader_for(symbol.module)._access_value(symbol.node, assumed)
        if isinstance(node, ast.Call):
            component = self._component_class(node)
            if component is not None:
                return self._class_level(component, assumed)
            listed = _listed_items(node)
            if listed:  # ``PermissionExtension(permissions=[IsStaff()])``: all of them apply
                return max(self._access_value(item, assumed) for item in listed)
        cls = self.project.class_of(self.module, node.func if isinstance(node, ast.Call) else node)
        if cls is not None:
            return self._class_level(cls, assumed)
        level = self.function_level(node)
        return level if level is not None else assumed

    def _component_class(self, call: ast.Call) -> ClassModel | None:
        """``Middleware(RequireStaff)``: a framework wrapper around a project class."""
        if self.project.class_of(self.module, call.func) is not None:
            return None
        for argument in call.args[:1]:
            found = self.project.class_of(self.module, argument)
            if found is not None:
                return found
        return None

    def _class_level(self, cls: ClassModel, assumed: AccessLevel) -> AccessLevel:
        """A project component class by what its methods refuse (middleware, guards, auth
        classes, permission classes); ``assumed`` when they refuse nobody in particular."""
        levels = []
        for name in _COMPONENT_METHODS:
            method = self.project.method(cls, name)
            if method is None:
                continue
            reader = self.reader_for(method.owner.module)
            if name == "has_permission":
                levels.append(reader._returned_level(method.function, cls, method.owner, read=True))
                continue
            verdict = reader.hook_body(method.function)
            if verdict is not None:
                levels.append(verdict.level)
        return max(levels, default=assumed)

    def _returned_level(
        self,
        function: FunctionNode,
        instance: ClassModel | None,
        defining: ClassModel | None,
        read: bool | None,
    ) -> AccessLevel:
        """What a caller needs for a predicate method to return a true value."""
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        requests = request_parameters(function) or parameters[1:2]
        scope = replace(self.scope(read=read, requests=requests), instance=instance, defining=defining)
        return self.guards.returns(function, scope).true.level()

    # -- predicates and guards ---------------------------------------------------------
    def predicate(self, node: ast.AST, callers: Sequence[str] = ()) -> AccessLevel | None:
        """The access a predicate over the caller demands to be true (``lambda u: u.is_staff``)."""
        if isinstance(node, ast.Lambda):
            parameters = [a.arg for a in node.args.args]
            truth = self.guards.truth(node.body, self.scope(callers=[*parameters[:1], *callers]))
            return _level_of(truth)
        symbol = (
            self.project.lookup(self.module, node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        )
        if symbol is not None and isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parameters = [a.arg for a in (*symbol.node.args.posonlyargs, *symbol.node.args.args)]
            scope = self.reader_for(symbol.module).scope(callers=parameters[:1])
            return _level_of(self.guards.returns(symbol.node, scope))
        if isinstance(node, ast.expr):
            return _level_of(self.guards.truth(node, self.scope(callers=callers)))
        return None

    def method_predicate(
        self, method: FunctionNode, owner: ClassModel | None, instance: ClassModel | None
    ) -> AccessLevel | None:
        """A class's predicate method (``test_func``, ``has_permission``) by when it returns true."""
        parameters = [a.arg for a in (*method.args.posonlyargs, *method.args.args)]
        scope = replace(
            self.scope(requests=[p for p in parameters if p in ("request", "req")]),
            instance=instance,
            defining=owner,
        )
        return _level_of(self.guards.returns(method, scope))

    def body_guards(
        self,
        body: Sequence[ast.stmt],
        callers: Sequence[str] = (),
        until: int | None = None,
        instance: ClassModel | None = None,
    ) -> list[AccessEvidence]:
        """What a handler's body refuses before the data is read (at ``until``)."""
        scope = replace(self.scope(callers=callers), instance=instance, defining=instance)
        verdict = self.guards.body(body, scope, Mode.HANDLER, until)
        return (
            [AccessEvidence(verdict.level, Layer.BODY_GUARD, verdict.source, verdict.line)] if verdict else []
        )

    def class_guard(
        self, method: FunctionNode, owner: ClassModel | None, instance: ClassModel | None
    ) -> list[AccessEvidence]:
        """A method the framework or a base class runs before every handler (``dispatch``,
        ``prepare``, ``initial``, ``get_object``): what it refuses before handing on."""
        scope = replace(self.scope(), instance=instance, defining=owner, passes_through=frozenset({"super"}))
        verdict = self.guards.body(method.body, scope, Mode.HOOK)
        return (
            [AccessEvidence(verdict.level, Layer.BODY_GUARD, verdict.source, verdict.line)] if verdict else []
        )

    # -- permission classes (DRF) ------------------------------------------------------
    def permission_list(self, node: ast.AST | None, action: str, line: int, layer: Layer) -> AccessEvidence:
        """``[IsAuthenticated, IsAdminUser]`` must all pass, so the strongest decides."""
        items = self._permission_items(node)
        levels = [self.permission(item, action) for item in items]
        known = [lv for lv in levels if lv is not None]
        level = max(known, default=AccessLevel.PUBLIC)
        source = ", ".join(_brief(ast.unparse(item), 40) for item in items) or "[]"
        return AccessEvidence(level, layer, source, line, overrides=True)

    def _permission_items(self, node: ast.AST | None, depth: int = 0) -> list[ast.expr]:
        """The classes of a permission list, with ``api_settings.DEFAULT_PERMISSION_CLASSES +
        [X]``, ``[*base, X]`` and names of module constants evaluated."""
        if node is None or depth > 4:
            return []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._permission_items(node.left, depth + 1) + self._permission_items(
                node.right, depth + 1
            )
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items: list[ast.expr] = []
            for element in node.elts:
                items += (
                    self._permission_items(element.value, depth + 1)
                    if isinstance(element, ast.Starred)
                    else [element]
                )
            return items
        if isinstance(node, ast.Call) and last_name(node.func) in ("list", "tuple") and node.args:
            return self._permission_items(node.args[0], depth + 1)
        if (dotted_name(node) or "").endswith("DEFAULT_PERMISSION_CLASSES"):
            return [_DEFAULT_PERMISSIONS]
        symbol = self.project.lookup(self.module, node) if isinstance(node, ast.Name) else None
        if symbol is not None and isinstance(symbol.node, (ast.List, ast.Tuple, ast.BinOp)):
            return self.reader_for(symbol.module)._permission_items(symbol.node, depth + 1)
        return [node] if isinstance(node, ast.expr) else []

    def permission(self, node: ast.AST, action: str) -> AccessLevel | None:
        read = is_read(action)
        if node is _DEFAULT_PERMISSIONS:
            return self.drf_default(0, action).level
        if isinstance(node, ast.Call):
            return self.permission(node.func, action)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            left, right = self.permission(node.left, action), self.permission(node.right, action)
            if left is None or right is None:
                return left if right is None else right
            return max(left, right) if isinstance(node.op, ast.BitAnd) else min(left, right)
        if isinstance(node, ast.UnaryOp):
            return None
        qualified = self.qualify(node)
        if self.knowledge.is_public_marker(qualified):
            return AccessLevel.PUBLIC
        cls = self.project.class_of(self.module, node)
        if cls is not None:
            return self.permission_class(cls, read)
        known = self.knowledge.permission_class(qualified)
        if known is not None:
            return known.read if read else known.write
        return self._level_by_name(node)

    def permission_class(self, cls: ClassModel, read: bool) -> AccessLevel | None:
        """A project permission class: what ``has_permission`` (the one DRF calls on every
        request) returns true for, through overrides, ``super()`` and delegation. A class that
        only defines ``has_object_permission`` protects nothing on a list."""
        method = self.project.method(cls, "has_permission")
        if method is not None:
            return self.reader_for(method.owner.module)._returned_level(
                method.function, cls, method.owner, read
            )
        for base in self.project.external_bases(cls):
            truth = _external_method(self.knowledge)(base, "has_permission", read)
            if truth is not None:
                return _level_of(truth) or AccessLevel.PUBLIC
        return self._level_by_name(ast.Name(cls.name))

    def drf_default(self, line: int, action: str = "list") -> AccessEvidence:
        """The configured default, else the project settings' ``DEFAULT_PERMISSION_CLASSES``
        (its classes judged like any permission class); settings that a project function
        builds without a literal result are an *unknown* default, taken as authenticated."""
        configured = self.knowledge.drf_default
        if configured:
            level = self._named_permission(configured, action)
            return AccessEvidence(level or AccessLevel.PUBLIC, Layer.SETTINGS, configured, line)
        found = self.drf_settings_default
        if found is None:
            return AccessEvidence(AccessLevel.PUBLIC, Layer.DEFAULT, "DRF default AllowAny", line)
        classes = found.classes if not found.builder else self._built_permissions(found.builder)
        if classes is None:
            source = f"unknown default (REST_FRAMEWORK = {found.builder.rsplit('.', 1)[-1]}(...))"
            return AccessEvidence(
                AccessLevel.AUTHENTICATED, Layer.SETTINGS, source, found.line, path=found.path
            )
        level = max(
            (self._named_permission(name, action) or AccessLevel.PUBLIC for name in classes),
            default=AccessLevel.PUBLIC,
        )
        source = "DEFAULT_PERMISSION_CLASSES = " + (", ".join(n.rsplit(".", 1)[-1] for n in classes) or "[]")
        return AccessEvidence(level, Layer.SETTINGS, source, found.line, path=found.path)

    def _named_permission(self, qualified: str, action: str) -> AccessLevel | None:
        """A permission class named in settings (``"shop.permissions.IsStaff"``)."""
        if self.knowledge.is_public_marker(qualified):
            return AccessLevel.PUBLIC
        cls = self.project.class_named(qualified)
        if cls is not None:
            return self.permission_class(cls, is_read(action))
        known = self.knowledge.permission_class(qualified)
        if known is not None:
            return known.read if is_read(action) else known.write
        return self.knowledge.level_by_name(qualified.rsplit(".", 1)[-1])

    def _built_permissions(self, builder: str) -> tuple[str, ...] | None:
        """``REST_FRAMEWORK = build_settings(...)``: the permission classes of the dict literal the
        function returns, None when what it returns is not a literal."""
        symbol = self.project.resolve(builder)
        if symbol is None or not isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        reader = self.reader_for(symbol.module)
        for statement in ast.walk(symbol.node):
            if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Dict):
                entries = {
                    string_value(k): v
                    for k, v in zip(statement.value.keys, statement.value.values, strict=True)
                    if k is not None
                }
                if "DEFAULT_PERMISSION_CLASSES" not in entries:
                    return ()
                items = sequence_items(entries["DEFAULT_PERMISSION_CLASSES"])
                return tuple(string_value(item) or reader.qualify(item) for item in items)
        return None

    # -- dependencies (FastAPI) ----------------------------------------------------------
    def dependency(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> AccessEvidence | None:
        """``Depends(fn)``/``Security(fn, scopes=[...])``, or anything wrapping one (``Annotated``)."""
        call = self._dependency_call(node)
        if call is None:
            return None
        target = call.args[0] if call.args else keyword(call, "dependency")
        scopes = keyword(call, "scopes")
        if scopes is not None and sequence_items(scopes):
            return AccessEvidence(
                AccessLevel.AUTHORIZED, Layer.DEPENDENCY, _brief(ast.unparse(call)), call.lineno
            )
        level = self._dependency_target(target, seen) if target is not None else None
        if level is None:
            return None
        return AccessEvidence(
            level, Layer.DEPENDENCY, _brief(ast.unparse(target)) if target else "", call.lineno
        )

    def _dependency_call(self, node: ast.AST) -> ast.Call | None:
        if isinstance(node, ast.Name):
            symbol = self.project.lookup(self.module, node)
            if symbol is not None and isinstance(symbol.node, ast.expr) and symbol.node is not node:
                return self.reader_for(symbol.module)._dependency_call(symbol.node)
        if isinstance(node, ast.Call) and matches(self.qualify(node), self._dependency_markers()):
            return node
        if isinstance(node, ast.Subscript):
            for element in sequence_items(node.slice):
                found = self._dependency_call(element)
                if found is not None:
                    return found
        return None

    def _dependency_markers(self) -> tuple[str, ...]:
        return tuple(marker for model in self.knowledge.frameworks for marker in model.dependency_markers)

    def _security_scheme(self, target: ast.expr) -> ast.Call | None:
        """``oauth2 = OAuth2PasswordBearer(tokenUrl="token")``: the scheme a dependency names."""
        symbol = self.project.lookup(self.module, target)
        if symbol is None or not isinstance(symbol.node, ast.Call):
            return None
        schemes = tuple(s for model in self.knowledge.frameworks for s in model.security_schemes)
        return symbol.node if matches(self.reader_for(symbol.module).qualify(symbol.node), schemes) else None

    def _scheme_dependency(self, node: ast.AST) -> bool:
        call = self._dependency_call(node)
        target = (call.args[0] if call.args else keyword(call, "dependency")) if call is not None else None
        return target is not None and self._security_scheme(target) is not None

    def _dependency_target(self, target: ast.expr, seen: frozenset[str]) -> AccessLevel | None:
        symbol = self.project.lookup(self.module, target)
        scheme = self._security_scheme(target)
        if scheme is not None:
            optional = any(
                kw.arg == "auto_error" and isinstance(kw.value, ast.Constant) and kw.value.value is False
                for kw in scheme.keywords
            )
            return AccessLevel.PUBLIC if optional else AccessLevel.AUTHENTICATED
        if (
            symbol is not None
            and isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and symbol.qualified not in seen
        ):
            reader = self.reader_for(symbol.module)
            function = symbol.node
            levels = [e.level for e in reader.parameter_dependencies(function, seen | {symbol.qualified})]
            callers = [
                p.arg
                for p, _ in _parameters_with_defaults(function)
                if reader.dependency(_default_or_annotation(p, function)) is not None
            ]
            verdict = self.guards.raises(function, reader.scope(callers=callers))
            if verdict is not None:
                levels.append(verdict.level)
            return max(levels, default=None)
        if symbol is not None:
            return None
        return self._level_by_name(target)

    def parameter_dependencies(
        self, function: FunctionNode, seen: frozenset[str] = frozenset()
    ) -> list[AccessEvidence]:
        evidence = []
        for parameter, default in _parameters_with_defaults(function):
            for candidate in (default, parameter.annotation):
                found = self.dependency(candidate, seen) if candidate is not None else None
                if found is not None:
                    evidence.append(found)
                    break
        return evidence

    def authenticated_parameters(self, function: FunctionNode) -> tuple[str, ...]:
        """Parameters bound to an auth dependency or a security scheme (optional ones too, whose
        absence the endpoint may refuse itself): they denote the caller."""
        names = []
        for parameter, default in _parameters_with_defaults(function):
            for candidate in (default, parameter.annotation):
                found = self.dependency(candidate) if candidate is not None else None
                if found is not None and (
                    found.level >= AccessLevel.AUTHENTICATED
                    or (candidate is not None and self._scheme_dependency(candidate))
                ):
                    names.append(parameter.arg)
                    break
        return tuple(names)

    def dependency_list(self, node: ast.AST | None, layer: Layer) -> list[AccessEvidence]:
        found = [self.dependency(item) for item in sequence_items(node)]
        return [replace(e, layer=layer) for e in found if e is not None]


# Stands for ``api_settings.DEFAULT_PERMISSION_CLASSES`` inside a permission list.
_DEFAULT_PERMISSIONS = ast.Name("DEFAULT_PERMISSION_CLASSES")


def _external_method(knowledge: Knowledge) -> ExternalMethod:
    """What the frameworks' own permission classes answer: ``has_permission`` of a DRF class."""

    def answer(qualified: str, method: str, read: bool | None) -> Truth | None:
        if method != "has_permission":
            return None
        if matches(qualified, (_BASE_PERMISSION,)):
            return ALWAYS
        known = knowledge.permission_class(qualified)
        if known is None:
            return None
        if read is None:
            return holds_for(min(known.read, known.write))
        return holds_for(known.read if read else known.write)

    return answer


def _level_of(truth: Truth) -> AccessLevel | None:
    """What a caller needs for a predicate to hold; None when it says nothing of the caller."""
    if truth.true is Need.PUBLIC:
        return None
    return truth.true.level()


def _built_function(factory: FunctionNode) -> FunctionNode | None:
    """The function a factory defines and returns (``def requires_role(role): def guard...;
    return guard``)."""
    nested = {
        s.name: s
        for s in ast.walk(factory)
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s is not factory
    }
    for statement in factory.body:
        if (
            isinstance(statement, ast.Return)
            and isinstance(statement.value, ast.Name)
            and statement.value.id in nested
        ):
            return nested[statement.value.id]
    return None


def _parameters_with_defaults(function: FunctionNode) -> list[tuple[ast.arg, ast.expr | None]]:
    positional = [*function.args.posonlyargs, *function.args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(function.args.defaults)) + list(
        function.args.defaults
    )
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True))
    return pairs


def _default_or_annotation(parameter: ast.arg, function: FunctionNode) -> ast.AST:
    for candidate, default in _parameters_with_defaults(function):
        if candidate is parameter and default is not None:
            return default
    return parameter.annotation or ast.Constant(None)


def _flag(call: ast.Call, names: tuple[str, ...]) -> bool:
    return any(isinstance(v, ast.Constant) and v.value is True for v in (keyword(call, n) for n in names))


def _listed_items(call: ast.Call) -> list[ast.expr]:
    """The items of the list literals a call is given (``Wrapper(checks=[A(), B()])``)."""
    values = [*call.args, *(kw.value for kw in call.keywords)]
    return [item for value in values if isinstance(value, (ast.List, ast.Tuple)) for item in value.elts]


def _only_login_scope(call: ast.Call) -> bool:
    """Scopes that ask for nothing but a login: ``requires("authenticated")``."""
    values = [
        item
        for argument in (*call.args, *(kw.value for kw in call.keywords if kw.arg == "scopes"))
        for item in sequence_items(argument)
    ]
    scopes = {string_value(item) for item in values}
    return scopes == {"authenticated"}


def _brief(source: str, limit: int = 80) -> str:
    """Source text of a check, shortened visibly (``…``) when it is long."""
    source = " ".join(source.split())
    return source if len(source) <= limit else source[: limit - 1] + "…"
