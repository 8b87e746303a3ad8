"""Judge a guard by what it refuses: conditions about the caller, and the paths that end the request.

A condition is read as a ``Truth``: what a caller must have for it to come out true, and for it
to come out false. ``request.user.is_staff`` needs an authorized caller to be true and nothing to
be false; ``report.is_private`` is not about the caller at all, so anyone may find it either way.
Walking a body path by path, the refusals (``raise``, ``abort``, an early ``return``) add up to
the condition under which the request is refused, and what a caller needs to get past them is
what that condition needs to be false. So ``if report.is_private and not is_admin(): abort(404)``
lets everyone through for the public rows (the endpoint keeps its weaker level), an inverse check
(``if user.is_authenticated: return redirect("home")``) refuses only signed-in callers, and a
validation (``if group_id is None: raise ValidationError``) refuses nobody in particular.

Project functions (predicates, helpers that raise, decorators' wrappers) are judged by their
bodies, read through the project model; only callables out of reach count by their names.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from rosterguard.analysis.knowledge import Knowledge
from rosterguard.analysis.model import ClassModel, ModuleModel, ProjectModel
from rosterguard.concepts import AccessLevel
from rosterguard.syntax.names import (
    FunctionNode,
    dotted_name,
    last_name,
    string_value,
    walk_without_nested_scopes,
)
from rosterguard.words import split_words

_MAX_DEPTH = 4


class Need(enum.IntEnum):
    """What a caller must have; ``NEVER``: no caller can (a branch that is never taken)."""

    PUBLIC = 0
    AUTHENTICATED = 1
    AUTHORIZED = 2
    NEVER = 3

    @classmethod
    def of(cls, level: AccessLevel) -> Need:
        return cls(int(level))

    def level(self) -> AccessLevel:
        return AccessLevel(min(int(self), int(AccessLevel.AUTHORIZED)))


@dataclass(frozen=True, slots=True)
class Truth:
    """What a caller needs for a condition to be true, and for it to be false."""

    true: Need
    false: Need

    def __invert__(self) -> Truth:
        return Truth(self.false, self.true)

    def __and__(self, other: Truth) -> Truth:
        return Truth(max(self.true, other.true), min(self.false, other.false))

    def __or__(self, other: Truth) -> Truth:
        return Truth(min(self.true, other.true), max(self.false, other.false))


ANYONE = Truth(Need.PUBLIC, Need.PUBLIC)  # not about the caller: anyone may find it either way
ALWAYS = Truth(Need.PUBLIC, Need.NEVER)
NEVER = Truth(Need.NEVER, Need.PUBLIC)


def holds_for(level: AccessLevel) -> Truth:
    """A test that a caller has ``level`` (true only for such callers)."""
    return Truth(Need.of(level), Need.PUBLIC) if level > AccessLevel.PUBLIC else ANYONE


# A caller's attributes that answer "is anyone signed in", and the one that answers the reverse.
_IDENTITY_ATTRIBUTES = frozenset(
    {"is_authenticated", "is_active", "id", "pk", "username", "email", "is_verified"}
)
_ANONYMOUS_ATTRIBUTES = frozenset({"is_anonymous"})
_PREDICATE_PREFIXES = frozenset({"has", "can", "is", "may", "check", "in"})
# Queries over a caller's relations: "has any", "has one such".
_RELATION_QUERIES = frozenset(
    {"exists", "filter", "count", "first", "get", "filter_by", "one_or_none", "scalar"}
)
# Parameters through which middleware and hooks see the endpoint being called.
_ENDPOINT_OBJECTS = frozenset({"resource", "view", "handler", "view_func", "endpoint", "controller"})
# Names of the request (or connection) and of the credentials a caller presents.
_REQUEST_NAMES = frozenset({"request", "req", "session", "connection", "conn", "websocket", "scope", "g"})
_CREDENTIAL_WORDS = frozenset(
    {
        "token",
        "key",
        "credential",
        "auth",
        "password",
        "username",
        "jwt",
        "secret",
        "header",
        "cookie",
        "sid",
        "login",
        "email",
        "identity",
    }
)
# Words of the calls that look a record (or a token's payload) up.
_LOOKUP_WORDS = frozenset(
    {
        "get",
        "first",
        "one",
        "filter",
        "find",
        "load",
        "lookup",
        "fetch",
        "decode",
        "authenticate",
        "verify",
        "scalar",
        "select",
        "where",
        "query",
        "execute",
        "none",
        "by",
        "user",
    }
)
# What a request hook attaches per-request state to.
_HOOK_ROOTS = frozenset({"request", "req", "g", "flask.g"})
# What names the caller on a request object, in the frameworks modelled.
_REQUEST_CALLERS = ("user", "auth", "identity", "context.user", "state.user", "ctx.user")
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_ABORTING = frozenset(
    {
        "abort",
        "deny",
        "forbid",
        "forbidden",
        "unauthorized",
        "send_error",
        "redirect_to_login",
        "handle_no_permission",
        "permission_denied",
    }
)
_GUARD_VERBS = frozenset(
    {
        "require",
        "ensure",
        "check",
        "verify",
        "assert",
        "enforce",
        "validate",
        "authorize",
        "authenticate",
        "protect",
    }
)


class Mode(enum.Enum):
    """What ends a request in the body being walked, besides ``raise`` and ``abort()``."""

    HANDLER = "every return before the data is read ends the request without it"
    HOOK = "a hook or middleware refuses by returning a response; returning nothing lets the request on"
    WRAPPER = "a decorator's wrapper refuses by returning anything but the wrapped view's result"
    RAISES = "a helper refuses only by raising or aborting; what it returns is its caller's business"


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a condition is read: its module, the names denoting the caller, the local values."""

    module: ModuleModel
    callers: frozenset[str]
    bindings: tuple[tuple[str, ast.expr], ...] = ()
    read: bool | None = None  # the request is a read (GET): ``request.method in SAFE_METHODS`` holds
    passes_through: frozenset[str] = frozenset()  # the wrapped view / next handler
    instance: ClassModel | None = None  # the class of ``self``
    defining: ClassModel | None = None  # the class that defines the function (for ``super()``)
    # In an authentication component (a hook, a wrapper, a credentials check), what is looked up
    # with these (the request, the credentials given) identifies the caller.
    credentials: frozenset[str] = frozenset()

    def bound(self, name: str) -> ast.expr | None:
        for local, value in reversed(self.bindings):
            if local == name:
                return value
        return None

    def before(self, name: str) -> Scope:
        """The scope in which the latest value of ``name`` was computed (``qs = qs.filter(...)``
        reads the earlier ``qs``)."""
        for index in range(len(self.bindings) - 1, -1, -1):
            if self.bindings[index][0] == name:
                return replace(self, bindings=self.bindings[:index])
        return self

    def bind(self, name: str, value: ast.expr) -> Scope:
        return replace(self, bindings=(*self.bindings, (name, value)))


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a body demands of the caller before the data, and the check that says so."""

    level: AccessLevel
    source: str
    line: int


@dataclass
class _Walk:
    reached: Truth = NEVER  # the paths that get to the data
    reasons: list[tuple[str, int]] = field(default_factory=list)  # the checks met on the way
    stopped: bool = False
    swallowing: bool = False  # inside a ``try`` whose handler lets a refusal go


# ``(qualified class, method, read)`` → what calling that method of a framework class needs.
ExternalMethod = Callable[[str, str, "bool | None"], "Truth | None"]
# A function read in one scope: module, line, caller names, read or write, class of ``self``.
_Key = tuple[str, int, frozenset[str], bool | None, str]


@dataclass
class GuardReader:
    """Reads conditions and bodies of one project with one configuration."""

    project: ProjectModel
    knowledge: Knowledge
    # What methods of classes out of the project answer (a framework's permission classes).
    external_method: ExternalMethod = lambda qualified, method, read: None
    # Names an authentication hook attaches the caller to (``request.ctx.account = ...``).
    attached_callers: set[str] = field(default_factory=set)
    _functions: dict[_Key, Truth] = field(default_factory=dict)
    _guards: dict[_Key, Verdict | None] = field(default_factory=dict)
    _callers: dict[_Key, bool] = field(default_factory=dict)
    _decorators: dict[_Key, Verdict | None] = field(default_factory=dict)

    # -- conditions ------------------------------------------------------------------------
    def truth(self, node: ast.expr, scope: Scope, depth: int = 0) -> Truth:
        """What a caller needs for ``node`` to be true, and to be false."""
        if isinstance(node, ast.BoolOp):
            parts = [self.truth(value, scope, depth) for value in node.values]
            result = parts[0]
            for part in parts[1:]:
                result = result & part if isinstance(node.op, ast.And) else result | part
            return result
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ~self.truth(node.operand, scope, depth)
        if isinstance(node, ast.Constant):
            return ALWAYS if node.value else NEVER
        if isinstance(node, ast.Await):
            return self.truth(node.value, scope, depth)
        if isinstance(node, ast.NamedExpr):
            return self.truth(node.value, scope, depth)
        if isinstance(node, ast.Compare):
            return self._comparison(node, scope, depth)
        if isinstance(node, ast.Call):
            return self._call_truth(node, scope, depth)
        if isinstance(node, ast.BinOp):  # ``set(roles) & set(claims["roles"])``
            paths = [
                p
                for child in ast.walk(node)
                if isinstance(child, ast.expr) and (p := self._caller_path(child, scope))
            ]
            if paths:
                words = any(self.knowledge.authorization.match(part) for path in paths for part in path)
                return holds_for(AccessLevel.AUTHORIZED if words else AccessLevel.AUTHENTICATED)
            return ANYONE
        if (
            isinstance(node, ast.Name)
            and (value := scope.bound(node.id)) is not None
            and not self.is_caller(node, scope)
        ):
            return self.truth(value, scope.before(node.id), depth)
        return self._term(node, scope)

    def is_caller(self, node: ast.AST, scope: Scope) -> bool:
        """Whether ``node`` is the caller, or something the caller's identity gives directly."""
        dotted = dotted_name(node)
        if dotted is not None and dotted in scope.callers:
            return True
        if isinstance(node, ast.Name) and (value := scope.bound(node.id)) is not None:
            earlier = scope.before(node.id)
            return self.is_caller(value, earlier) or self._identified_by(value, earlier)
        if isinstance(node, ast.Call):
            return self._returns_caller(node, scope)
        if isinstance(
            node, ast.IfExp
        ):  # ``request.auth if isinstance(request.auth, Token) else request.user``
            return self.is_caller(node.body, scope) and self.is_caller(node.orelse, scope)
        return False

    def _identified_by(self, value: ast.expr, scope: Scope) -> bool:
        """In an authentication component, a lookup made with the request or the credentials
        (``User.get_or_none(User.api_key == request.headers["X-Key"])``) finds the caller."""
        if isinstance(value, ast.Await):
            value = value.value
        if not scope.credentials or not isinstance(value, (ast.Call, ast.Subscript)) or not _is_lookup(value):
            return False
        for child in ast.walk(value):
            if not isinstance(child, ast.Name):
                continue
            if child.id in scope.credentials:
                return True
            bound = scope.bound(child.id)
            if bound is not None and (
                _mentions(bound, scope.credentials) or self._identified_by(bound, scope.before(child.id))
            ):
                return True  # ``payload = decode(token)`` with ``token`` read from the request
        return False

    def _returns_caller(self, call: ast.Call, scope: Scope) -> bool:
        """A project function that returns the caller (``current_user()`` reading a cookie):
        it is given nothing, or only the request, to find the caller in."""
        if not all(_is_request(argument) for argument in (*call.args, *(k.value for k in call.keywords))):
            return False
        qualified = self.project.qualify(scope.module, call.func) if not _is_method_call(call) else None
        if qualified is None or not self.project.is_function(qualified):
            return False  # only a module function can be such a helper (known without reading it)
        function = self._project_function(call, scope)
        if function is None:
            return False
        node, inner, _ = function
        key = _memo_key(node, inner)
        if key not in self._callers:
            self._callers[key] = False  # recursion ends here
            # a helper that returns the caller reads it from the request, not from what it is given
            callee = replace(self.entry_scope(inner, request_parameters(node)), credentials=_REQUEST_NAMES)
            for statement in walk_without_nested_scopes(node):
                if isinstance(statement, ast.stmt) and (binding := _binding(statement)) is not None:
                    callee = callee.bind(*binding)
            returned = [r.value for r in _own_returns(node) if r.value is not None and not _is_none(r.value)]
            self._callers[key] = bool(returned) and all(
                self._returned_caller(value, callee) for value in returned
            )
        return self._callers[key]

    def _returned_caller(self, value: ast.expr, scope: Scope) -> bool:
        """A returned value that identifies the caller: the caller, something of the caller's
        (``int(request.session["tenant_id"])``), or what the request's credentials look up."""
        if isinstance(value, ast.IfExp):
            return all(_is_none(v) or self._returned_caller(v, scope) for v in (value.body, value.orelse))
        if isinstance(value, ast.Call) and last_name(value.func) in ("int", "str", "UUID") and value.args:
            value = value.args[0]
        return (
            self.is_caller(value, scope)
            or self._caller_path(value, scope) is not None
            or self._identified_by(value, scope)
        )

    def _caller_path(self, node: ast.AST, scope: Scope) -> list[str] | None:
        """``request.user.profile.is_admin`` → ``["profile", "is_admin"]`` (``[]``: the caller);
        method calls on the way give their name and the names of their keywords
        (``request.user.memberships.filter(role="admin")`` → ``["memberships", "filter", "role"]``)."""
        path: list[str] = []
        while True:
            if self.is_caller(node, scope):
                return list(reversed(path))
            if isinstance(node, ast.Attribute):
                path.append(node.attr)
                node = node.value
            elif isinstance(node, ast.Subscript) and (key := string_value(node.slice)) is not None:
                path.append(key)
                node = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "get" and node.args and (key := string_value(node.args[0])) is not None:
                    path.append(key)  # ``claims.get("is_admin")`` reads a key, as ``claims["is_admin"]``
                    node = node.func.value
                    continue
                path += [k.arg for k in node.keywords if k.arg]
                node = node.func
            else:
                return None

    def _term(self, node: ast.AST, scope: Scope) -> Truth:
        """A bare value as a condition: the caller (signed in?), one of its attributes, or data."""
        path = self._caller_path(node, scope)
        if path is None and scope.credentials and _reads_credential(node):
            return holds_for(AccessLevel.AUTHENTICATED)  # ``request.headers.get("Authorization")``
        if path is None:
            return self._caller_relation(node, scope)
        if not path:
            return holds_for(self._identity_level(node, scope))
        last = path[-1]
        if last in _ANONYMOUS_ATTRIBUTES:
            return ~holds_for(AccessLevel.AUTHENTICATED)
        if any(self.knowledge.authorization.match(part) for part in path):
            return holds_for(AccessLevel.AUTHORIZED)
        return holds_for(AccessLevel.AUTHENTICATED)

    def _identity_level(self, node: ast.AST, scope: Scope) -> AccessLevel:
        """Finding the caller at all: signed in; found with a role in the lookup (an auth class
        returning ``ApiKey.objects.filter(key=key, is_admin=True).first()``): authorized."""
        value = scope.bound(node.id) if isinstance(node, ast.Name) else node
        if (
            isinstance(value, ast.expr)
            and self._identified_by(value, scope)
            and _filters_on_role(value, self.knowledge)
        ):
            return AccessLevel.AUTHORIZED
        return AccessLevel.AUTHENTICATED

    def _caller_relation(self, node: ast.AST, scope: Scope) -> Truth:
        """A local value looked up with the caller (``Membership.objects.filter(user=request.user)``):
        finding one is a relation between the caller and something, an authorization."""
        value = scope.bound(node.id) if isinstance(node, ast.Name) else None
        if value is not None and any(
            self.is_caller(child, scope) for child in ast.walk(value) if child is not value
        ):
            return holds_for(AccessLevel.AUTHORIZED)
        return ANYONE

    def _comparison(self, node: ast.Compare, scope: Scope, depth: int) -> Truth:
        if len(node.ops) != 1:
            return ANYONE
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if _is_endpoint_test(left):
            # ``request.endpoint in PUBLIC_ENDPOINTS``: an allowlist names a few endpoints; the one
            # judged is taken to be none of them
            return NEVER if isinstance(op, (ast.In, ast.Eq, ast.Is)) else ALWAYS
        if _subscript_key(left) == "type" and string_value(right) is not None:
            # ASGI ``scope["type"] == "http"``: what every HTTP endpoint is called with
            return ALWAYS if (string_value(right) == "http") == isinstance(op, (ast.Eq, ast.Is)) else NEVER
        read_test = _read_test(left, op, right)
        if read_test is not None:
            if scope.read is None:
                return ANYONE
            return ALWAYS if read_test == scope.read else NEVER
        if isinstance(op, (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)) and _is_none(right):
            presence = self.truth(left, scope, depth)
            return presence if isinstance(op, (ast.IsNot, ast.NotEq)) else ~presence
        left_path, right_path = self._caller_path(left, scope), self._caller_path(right, scope)
        if left_path is None and right_path is None:
            return ANYONE
        if left_path is not None and right_path is not None:
            return ANYONE  # the caller compared with itself
        # the caller's role, group or flag against a constant (``user.role == "admin"``,
        # ``"admin" in user.roles``) restricts who passes; against a record's field
        # (``customer.owner_id == user.id``) it ties that one record to its owner
        # the caller's role, group or flag against a constant (``user.role == "admin"``), or the
        # caller against a record's owner (``customer.owner_id == user.id``): a rule restricting
        # which identified callers pass
        equal = holds_for(AccessLevel.AUTHORIZED)
        if isinstance(op, (ast.NotEq, ast.IsNot, ast.NotIn)):
            return ~equal
        return equal

    def _call_truth(self, call: ast.Call, scope: Scope, depth: int) -> Truth:
        """A predicate call: the project's own (read through), the framework's, or by name."""
        if (
            isinstance(call.func, ast.Attribute)
            and call.func.attr == "get"
            and call.args
            and string_value(call.args[0])
        ):
            return self._term(call, scope)  # ``claims.get("is_admin")``
        if (
            isinstance(call.func, ast.Attribute)
            and (path := self._caller_path(call.func.value, scope)) is not None
        ):
            return self._caller_method(call.func.attr, path)
        if self.is_caller(call, scope) or self._identified_by(call, scope):
            return holds_for(self._identity_level(call, scope))
        if (
            last_name(call.func) in ("getattr", "hasattr")
            and len(call.args) >= 2
            and _is_endpoint_object(call.args[0])
        ):
            # ``getattr(resource, "auth_exempt", False)``: what endpoints that do not say give
            return self.truth(call.args[2], scope, depth) if len(call.args) > 2 else NEVER
        function = self._project_function(call, scope)
        if function is not None:
            node, inner, skip_self = function
            return self.returns(node, self._callee_scope(node, call, scope, inner, skip_self), depth + 1)
        external = self._external_call(call, scope)
        if external is not None:
            return external
        known = self.knowledge.predicate_call(self.project.qualify(scope.module, call.func))
        if known is not None:
            return holds_for(known)
        name = last_name(call.func) or ""
        level = self._level_by_name(call.func)
        if level is not None:
            return holds_for(level)
        about_caller = any(
            self.is_caller(argument, scope) or self._caller_path(argument, scope) is not None
            for argument in call.args
        )
        if about_caller and split_words(name)[:1] and split_words(name)[0] in _PREDICATE_PREFIXES:
            return holds_for(AccessLevel.AUTHORIZED)  # ``can_view(request.user, event)``
        if name in ("bool", "all", "any") and call.args:
            return self.truth(call.args[0], scope, depth)
        if name == "isinstance" and call.args and self._caller_path(call.args[0], scope) == []:
            return holds_for(
                AccessLevel.AUTHENTICATED
            )  # ``isinstance(request.auth, TeamAPIToken)``: a kind of caller
        return self._term(call, scope)

    def _external_call(self, call: ast.Call, scope: Scope) -> Truth | None:
        """A method of a framework class: ``super().has_permission(...)`` reaching one,
        ``IsAuthenticatedOrReadOnly().has_permission(request, view)``, ``self.x()`` inherited."""
        func = call.func
        if not isinstance(func, ast.Attribute):
            return None
        owners: tuple[str, ...] = ()
        if (
            isinstance(func.value, ast.Call)
            and last_name(func.value.func) == "super"
            and scope.instance is not None
        ):
            found = self.project.next_external(scope.instance, scope.defining or scope.instance)
            owners = (found,) if found else ()
        elif isinstance(func.value, ast.Call):
            cls = self.project.class_of(scope.module, func.value.func)
            owners = (
                self.project.external_bases(cls)
                if cls
                else (self.project.qualify(scope.module, func.value.func) or "",)
            )
        elif isinstance(func.value, ast.Name) and func.value.id == "self" and scope.instance is not None:
            owners = self.project.external_bases(scope.instance)
        for owner in owners:
            answer = self.external_method(owner, func.attr, scope.read)
            if answer is not None:
                return answer
        # a framework class's method out of reach (``Permission(RoleNeed("admin")).can()``): its name
        levels = [
            self.knowledge.level_by_name(part)
            for owner in owners[:1]
            for part in (*owner.split("."), func.attr)
        ]
        level = max((lv for lv in levels if lv is not None), default=None)
        return holds_for(level) if level is not None else None

    def _may_refuse(self, call: ast.Call, scope: Scope) -> bool:
        """A call of a module function the outlines say refuses nobody is no guard (and its
        module is not read to find out)."""
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        if isinstance(receiver, ast.Call) or (isinstance(receiver, ast.Name) and receiver.id == "self"):
            return True  # a method: read through the class
        qualified = self.project.qualify(scope.module, call.func)
        return qualified is None or self.project.may_refuse(qualified)

    def _caller_method(self, name: str, path: list[str]) -> Truth:
        """``request.user.has_perm("x")``, ``current_user.is_admin()``, ``user.is_authenticated()``;
        a query over the caller's relations (``request.user.memberships.filter(...).exists()``)
        restricts which callers pass: an authorization."""
        words = split_words(name)
        if path and name in _RELATION_QUERIES:
            return holds_for(AccessLevel.AUTHORIZED)
        if name in _IDENTITY_ATTRIBUTES or (
            self.knowledge.authentication.match(name) and not self.knowledge.authorization.match(name)
        ):
            return holds_for(AccessLevel.AUTHENTICATED)
        if self.knowledge.authorization.match(name) or any(
            self.knowledge.authorization.match(p) for p in path
        ):
            return holds_for(AccessLevel.AUTHORIZED)
        if words[:1] and words[0] in _PREDICATE_PREFIXES:
            return holds_for(AccessLevel.AUTHORIZED)
        return holds_for(AccessLevel.AUTHENTICATED)

    def _level_by_name(self, node: ast.expr) -> AccessLevel | None:
        """Third-party callables out of reach: the whole words of their dotted name."""
        dotted = dotted_name(node) or ""
        levels = [
            self.knowledge.level_by_name(part) for part in dotted.split(".") if part and "(" not in part
        ]
        return max((level for level in levels if level is not None), default=None)

    # -- project functions ------------------------------------------------------------------
    def _project_function(self, call: ast.Call, scope: Scope) -> tuple[FunctionNode, Scope, bool] | None:
        """The project function a call reaches, with the scope it runs in (``self.method()``,
        ``super().method()`` and module functions), and whether ``self`` is its first parameter."""
        func = call.func
        if isinstance(func, ast.Attribute) and scope.instance is not None:
            if isinstance(func.value, ast.Name) and func.value.id == "self":
                found = self.project.method(scope.instance, func.attr)
            elif isinstance(func.value, ast.Call) and last_name(func.value.func) == "super":
                found = self.project.method_after(scope.instance, scope.defining or scope.instance, func.attr)
            else:
                found = None
            if found is not None:
                inner = replace(scope, module=found.owner.module, defining=found.owner)
                return found.function, inner, True
        if isinstance(func, ast.Attribute) and isinstance(
            func.value, ast.Call
        ):  # ``Perm().has_permission(...)``
            cls = self.project.class_of(scope.module, func.value.func)
            method = self.project.method(cls, func.attr) if cls is not None else None
            if method is not None:
                return (
                    method.function,
                    replace(scope, module=method.owner.module, instance=cls, defining=method.owner),
                    True,
                )
        symbol = self.project.lookup(scope.module, func)
        if symbol is not None and isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return symbol.node, replace(scope, module=symbol.module, instance=None, defining=None), False
        return None

    def _callee_scope(
        self, function: FunctionNode, call: ast.Call, scope: Scope, inner: Scope, skip_self: bool
    ) -> Scope:
        """The callee's scope: the configured caller names, and its parameters that receive the
        caller (``user``) or the request carrying it (``request.user``)."""
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        if skip_self and parameters:
            parameters = parameters[1:]
        passed = [
            *zip(parameters, call.args, strict=False),
            *((k.arg, k.value) for k in call.keywords if k.arg in parameters),
        ]
        callers = [name for name, argument in passed if self.is_caller(argument, scope)]
        # ``ensure_allowed("x", AccessContext(user=current_user))``: ``ctx.user`` is the caller
        callers += [
            f"{name}.{k.arg}"
            for name, argument in passed
            if isinstance(argument, ast.Call)
            for k in argument.keywords
            if k.arg and self.is_caller(k.value, scope)
        ]
        requests = [name for name, argument in passed if _is_request(argument)]
        return self.entry_scope(inner, requests, callers)

    def entry_scope(self, scope: Scope, requests: Sequence[str] = (), callers: Sequence[str] = ()) -> Scope:
        """A fresh scope for a function whose parameters ``requests`` hold the request and
        ``callers`` the caller itself."""
        names = {*self.knowledge.caller_names, *self.attached_callers, *callers}
        for name in requests:
            names.update(f"{name}.{attribute}" for attribute in _REQUEST_CALLERS)
        return replace(scope, callers=frozenset(names), bindings=(), passes_through=frozenset())

    def returns(self, function: FunctionNode, scope: Scope, depth: int = 0) -> Truth:
        """When a function returns a true value, and when a false one, over all its paths."""
        key = _memo_key(function, scope)
        if key in self._functions:
            return self._functions[key]
        if depth > _MAX_DEPTH:
            return ANYONE
        self._functions[key] = ANYONE  # recursion ends here
        outcomes: list[tuple[Truth, Truth]] = []
        end, _ = self._returned(function.body, scope, ALWAYS, outcomes, depth)
        outcomes.append((end, NEVER))  # falling off the end returns None
        truthy, falsy = NEVER, NEVER
        for path, value in outcomes:
            truthy, falsy = truthy | (path & value), falsy | (path & ~value)
        result = Truth(truthy.true, falsy.true)
        self._functions[key] = result
        return result

    def _returned(
        self,
        body: Sequence[ast.stmt],
        scope: Scope,
        path: Truth,
        outcomes: list[tuple[Truth, Truth]],
        depth: int,
    ) -> tuple[Truth, Scope]:
        """Collect (path, value) of every return in ``body``; the path left after it."""
        for statement in body:
            if isinstance(statement, ast.Return):
                value = (
                    self.value_truth(statement.value, scope, depth) if statement.value is not None else NEVER
                )
                outcomes.append((path, value))
                return NEVER, scope
            if isinstance(statement, ast.Raise):
                return NEVER, scope
            if isinstance(statement, ast.If):
                test = self.truth(statement.test, scope, depth)
                after_body, _ = self._returned(statement.body, scope, path & test, outcomes, depth)
                after_else, _ = self._returned(statement.orelse, scope, path & ~test, outcomes, depth)
                path = after_body | after_else
            elif (binding := _binding(statement)) is not None:
                scope = scope.bind(*binding)
            elif isinstance(statement, (ast.With, ast.AsyncWith, ast.Try)):
                path, scope = self._returned(statement.body, scope, path, outcomes, depth)
        return path, scope

    def value_truth(self, node: ast.expr, scope: Scope, depth: int = 0) -> Truth:
        """A returned value as a condition: a response object is always true, None never."""
        if _is_none(node):
            return NEVER
        if isinstance(node, ast.Call) and _is_response(node):
            return ALWAYS
        return self.truth(node, scope, depth)

    # -- bodies ------------------------------------------------------------------------------
    def body(
        self,
        statements: Sequence[ast.stmt],
        scope: Scope,
        mode: Mode = Mode.HANDLER,
        until_line: int | None = None,
        depth: int = 0,
    ) -> Verdict | None:
        """What a caller needs to get past the refusals of ``statements`` to the data (at
        ``until_line``), the wrapped view, or the end of a hook: the condition of every path that
        gets there, so checks that follow one another add up (``if user is None: raise``, then
        ``if "admin" not in user.scopes: raise``) while a check of some rows only does not."""
        walk = _Walk()
        end, _ = self._walk(statements, scope, ALWAYS, walk, mode, until_line, depth, None)
        if not walk.stopped:
            walk.reached = walk.reached | end
        need = walk.reached.true
        if need <= Need.PUBLIC or need is Need.NEVER or not walk.reasons:
            return None
        source = "; ".join(dict.fromkeys(text for text, _ in walk.reasons[:2]))
        return Verdict(need.level(), source, walk.reasons[0][1])

    def _walk(
        self,
        statements: Sequence[ast.stmt],
        scope: Scope,
        path: Truth,
        walk: _Walk,
        mode: Mode,
        until: int | None,
        depth: int,
        why: tuple[str, int] | None,
    ) -> tuple[Truth, Scope]:
        """Walk ``statements`` under ``path`` (what a caller needs to be here); return the path
        after them. Paths that reach the data are added to ``walk.reached``."""
        for statement in statements:
            if walk.stopped:
                return NEVER, scope
            if (until is not None and statement.lineno >= until) or (
                mode is Mode.WRAPPER
                and _calls_any(statement, scope.passes_through)
                and not isinstance(statement, (ast.If, ast.Return))
            ):
                walk.reached = walk.reached | path  # the data is read, the wrapped view runs
                walk.stopped = True
                return NEVER, scope
            if isinstance(statement, ast.If):
                test = self.truth(statement.test, scope, depth)
                text = _brief(ast.unparse(statement.test))
                after_body, body_scope = self._walk(
                    statement.body, scope, path & test, walk, mode, until, depth, (text, statement.lineno)
                )
                after_else, else_scope = self._walk(
                    statement.orelse,
                    scope,
                    path & ~test,
                    walk,
                    mode,
                    until,
                    depth,
                    (f"not ({text})", statement.lineno),
                )
                path = after_body | after_else
                # what a branch that goes on binds is what later checks test (``if secret:
                # api_key = lookup(secret)`` then ``if api_key is None: abort(401)``)
                scope = body_scope if after_body != NEVER else else_scope
                continue
            ends = self._ends(statement, scope, mode, until)
            if ends is not None:
                if ends:
                    walk.reasons.append(why or (_brief(ast.unparse(statement)), statement.lineno))
                else:
                    walk.reached = walk.reached | path
                return NEVER, scope
            guard = self._guard_statement(statement, scope, depth) if not walk.swallowing else None
            if guard is not None:
                path = path & holds_for(guard.level)
                walk.reasons.append((guard.source, guard.line))
            if (binding := _binding(statement)) is not None:
                scope = scope.bind(*binding)
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                path, scope = self._walk(statement.body, scope, path, walk, mode, until, depth, why)
            elif isinstance(statement, ast.Try):
                # a refusal raised in the body stands only where no handler swallows it
                # (``except NotAllowed: abort(403)`` keeps it, ``except NotAllowed: log(...)`` drops it)
                swallowing = walk.swallowing
                walk.swallowing = swallowing or any(not _block_ends(h.body) for h in statement.handlers)
                path, scope = self._walk(statement.body, scope, path, walk, mode, until, depth, why)
                walk.swallowing = swallowing
        return path, scope

    def _ends(self, statement: ast.stmt, scope: Scope, mode: Mode, until: int | None) -> bool | None:
        """True: the statement ends the request, refusing it; False: it ends the walk and lets the
        request through; None: the walk goes on."""
        if isinstance(statement, ast.Raise):
            return True
        if isinstance(statement, ast.Return):
            value = statement.value
            if mode is Mode.HANDLER:
                # before the data is read, any return ends the request without it; where no
                # data was found, only a refusal (an error or a redirect) is one
                return until is not None or value is None or self._is_refusal(value, scope)
            if mode is Mode.RAISES or _calls_any(statement, scope.passes_through):
                return False
            return mode is Mode.WRAPPER or (value is not None and not _is_none(value))
        if isinstance(statement, ast.Expr):
            call = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
            if isinstance(call, ast.Call) and _ends_request(call, scope):
                return True
        return None

    def _is_refusal(self, value: ast.expr, scope: Scope) -> bool:
        """An error or redirect response, also through a local (``response = require_login()``)
        holding what a project function returns."""
        if isinstance(value, ast.Name) and (bound := scope.bound(value.id)) is not None:
            value = bound
        if _is_refusal(value):
            return True
        function = self._project_function(value, scope) if isinstance(value, ast.Call) else None
        returned = (
            [r.value for r in ast.walk(function[0]) if isinstance(r, ast.Return) and r.value is not None]
            if function
            else []
        )
        return any(_is_refusal(r) for r in returned)

    def _guard_statement(self, statement: ast.stmt, scope: Scope, depth: int) -> Verdict | None:
        """A statement whose call refuses unless the caller passes: a project helper that raises,
        a framework guard (``verify_jwt_in_request()``), a context manager that requires a
        permission (``with Permission.ADMIN.require(403):``)."""
        for call in _statement_calls(statement):
            found = self.guard_call(call, scope, depth)
            if found is not None:
                return found
        return None

    def guard_call(self, call: ast.Call, scope: Scope, depth: int = 0) -> Verdict | None:
        """What a function refuses when it is called for its effect: a project function by its
        body, a framework guard by its table, a third-party one by its name."""
        if any(
            k.arg == "optional" and isinstance(k.value, ast.Constant) and k.value.value is True
            for k in call.keywords
        ):
            return None  # ``verify_jwt_in_request(optional=True)`` refuses nobody
        known = self.knowledge.guard_call(self.project.qualify(scope.module, call.func))
        if known is not None:
            return Verdict(known, last_name(call.func) or "", call.lineno)
        if not self._may_refuse(call, scope):
            return None
        function = self._project_function(call, scope)
        if function is not None:
            node, inner, skip_self = function
            if depth >= _MAX_DEPTH:
                return None
            found = self.raises(node, self._callee_scope(node, call, scope, inner, skip_self), depth + 1)
            return (
                replace(found, source=last_name(call.func) or found.source, line=call.lineno)
                if found
                else None
            )
        if isinstance(call.func, ast.Attribute) and self._caller_path(call.func.value, scope) is not None:
            return None  # ``request.user.save()``
        words = split_words(last_name(call.func) or "")
        if words and (words[0] in _GUARD_VERBS or words[-1] in _GUARD_VERBS):
            level = self._level_by_name(call.func)
            if level is not None:
                return Verdict(level, last_name(call.func) or "", call.lineno)
        return None

    def raises(self, function: FunctionNode, scope: Scope, depth: int = 0) -> Verdict | None:
        """What a function refuses by raising or aborting (its return values are its caller's
        business: ``r = require_fresh_login(); if r: return r`` is read where it is tested)."""
        key = _memo_key(function, scope)
        if key not in self._guards:
            self._guards[key] = None  # recursion ends here
            self._guards[key] = self.body(function.body, scope, Mode.RAISES, depth=depth)
        return self._guards[key]

    def judge(self, function: FunctionNode, scope: Scope) -> Verdict | None:
        """A function the framework calls to judge a request (a before-request hook, a
        middleware, a credentials check given to ``auth_basic``): by the responses it refuses
        with, or, for a predicate, by when it returns a true value."""
        inner = replace(
            self.entry_scope(scope, request_parameters(function)),
            credentials=_credentials(function),
            passes_through=scope.passes_through,
        )
        returned = [r.value for r in _own_returns(function) if r.value is not None]
        if not any(
            not _is_none(v)
            and not (isinstance(v, ast.Call) and _is_response(v))
            and not _is_refusal(v)
            and not _calls_any(v, inner.passes_through)
            for v in returned
        ):
            return self.body(function.body, inner, Mode.HOOK)
        raised = self.body(function.body, inner, Mode.RAISES)
        need = self.returns(function, inner).true
        if need <= Need.PUBLIC:
            return raised
        found = Verdict(need.level(), function.name, function.lineno)
        return found if raised is None or found.level >= raised.level else raised

    def decorator(self, function: FunctionNode, scope: Scope) -> Verdict | None:
        """A project decorator by what its wrapper refuses before it calls the view."""
        key = _memo_key(function, scope)
        if key not in self._decorators:
            self._decorators[key] = None  # recursion ends here
            self._decorators[key] = self._decorator(function, scope)
        return self._decorators[key]

    def _decorator(self, function: FunctionNode, scope: Scope) -> Verdict | None:
        best: Verdict | None = None
        for wrapper, wrapped in _wrappers(function):
            inner = replace(
                self.entry_scope(scope, request_parameters(wrapper)),
                passes_through=frozenset(wrapped),
                credentials=_credentials(wrapper),
            )
            found = self.body(wrapper.body, inner, Mode.WRAPPER)
            if found is not None and (best is None or found.level > best.level):
                best = found
        return best


def _read_test(left: ast.expr, op: ast.cmpop, right: ast.expr) -> bool | None:
    """``request.method in SAFE_METHODS`` / ``request.method == "GET"``: True when the test holds
    exactly for reads, False when it holds exactly for writes, None when it is no method test."""
    if not (isinstance(left, ast.Attribute) and left.attr == "method"):
        return None
    items = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
    names = {string_value(item) for item in items}
    reads = (dotted_name(right) or "").endswith("SAFE_METHODS") or (
        bool(names) and None not in names and names <= _READ_METHODS
    )
    if not reads and (None in names or not names):
        return None
    return isinstance(op, (ast.In, ast.Eq)) == reads


def _memo_key(function: FunctionNode, scope: Scope) -> _Key:
    instance = scope.instance.qualified if scope.instance else ""
    return (scope.module.name, function.lineno, scope.callers, scope.read, instance)


def _binding(statement: ast.stmt) -> tuple[str, ast.expr] | None:
    """``name = value`` (or ``name: T = value``): a local the following statements may test;
    ``user, password = request.auth`` binds the first name to what it unpacks."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name):
            target = target.elts[0]
        if isinstance(target, ast.Name):
            return target.id, statement.value
    if (
        isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and statement.value is not None
    ):
        return statement.target.id, statement.value
    return None


def request_parameters(function: FunctionNode) -> list[str]:
    """Parameters of a handler, wrapper or hook that receive the request."""
    names = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    return [name for name in names if name in ("request", "req")]


def _is_request(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("request", "req") or dotted_name(node) == "self.request"


def _is_none(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _statement_calls(statement: ast.stmt) -> Iterator[ast.Call]:
    """Calls a simple statement makes for their effect or their value (not nested functions)."""
    if (
        isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign, ast.AugAssign))
        and statement.value is not None
    ):
        value = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
        if isinstance(value, ast.Call):
            yield value
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        for item in statement.items:
            if isinstance(item.context_expr, ast.Call):
                yield item.context_expr


def _calls_any(node: ast.AST, names: frozenset[str]) -> bool:
    """Whether ``node`` calls one of ``names`` (``super`` stands for any ``super().method()``)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            called = dotted_name(child.func) or ""
            if called in names or ("super" in names and called.startswith("super().")):
                return True
    return False


def _credentials(function: FunctionNode) -> frozenset[str]:
    """What an authentication component identifies the caller with: the request (or ASGI
    connection), the session, and the credentials it is given (``check(username, password)``,
    ``authenticate(request, key)``, ``get_current_user(token)``), not a database handle."""
    parameters = (a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs))
    given = {
        name for name in parameters if name in _REQUEST_NAMES or set(split_words(name)) & _CREDENTIAL_WORDS
    }
    return frozenset({*_REQUEST_NAMES, *given})


def _ends_request(call: ast.Call, scope: Scope) -> bool:
    """``abort(403)``, ``self.send_error(401)``, ``self.redirect(login_url)`` (Tornado: the
    response is finished), ``await Response(status_code=401)(scope, receive, send)`` (ASGI)."""
    name = last_name(call.func) or ""
    if name in _ABORTING:
        return True
    if (
        isinstance(call.func, ast.Attribute)
        and dotted_name(call.func.value) == "self"
        and name in ("redirect", "finish", "send_error")
    ):
        return True
    sent = call.func
    if isinstance(sent, ast.Name) and (bound := scope.bound(sent.id)) is not None:
        sent = bound
    return isinstance(sent, ast.Call) and _is_refusal(sent)


def _is_constant(node: ast.expr) -> bool:
    """A literal, a tuple of literals, or a module-level CONSTANT name."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_constant(item) for item in node.elts)
    name = dotted_name(node) or ""
    return name.rsplit(".", 1)[-1].isupper()


def _is_endpoint_test(node: ast.expr) -> bool:
    """``request.endpoint``, ``request.url_rule``, ``request.blueprint``: which endpoint is called."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ("endpoint", "url_rule", "blueprint")
        and dotted_name(node.value) in ("request", "req")
    )


def _subscript_key(node: ast.expr) -> str | None:
    return string_value(node.slice) if isinstance(node, ast.Subscript) else None


def _reads_credential(node: ast.AST) -> bool:
    """A credential read off the request: ``request.headers.get("Authorization")``,
    ``request.cookies["session"]``, ``request.authorization``, ``req.get_header("X-Api-Key")``."""
    names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
    if not any(name in _REQUEST_NAMES for name in names):
        return False
    words = {w for n in ast.walk(node) for text in _texts(n) for w in split_words(text)}
    return bool(words & _CREDENTIAL_WORDS) or "authorization" in words


def _texts(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Attribute):
        yield node.attr
    elif (text := string_value(node)) is not None:
        yield text


def _is_endpoint_object(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in _ENDPOINT_OBJECTS


def _filters_on_role(lookup: ast.AST, knowledge: Knowledge) -> bool:
    """A lookup restricted by a role, flag or permission in what it is given:
    ``filter(key=k, is_admin=True)``, ``where(User.role == "admin")``, ``(username, role)``
    bound into ``"... WHERE username = ? AND role = ?"`` (not the name of the table it reads)."""
    for call in (node for node in ast.walk(lookup) if isinstance(node, ast.Call)):
        if any(k.arg and knowledge.authorization.match(k.arg) for k in call.keywords):
            return True
        for argument in [*call.args, *(k.value for k in call.keywords)]:
            for child in ast.walk(argument):
                if isinstance(child, ast.Attribute) and knowledge.authorization.match(child.attr):
                    return True
                if isinstance(child, ast.Name) and knowledge.authorization.match(child.id):
                    return True
                if (text := string_value(child)) is not None and any(
                    knowledge.authorization.match(w) for w in text.split()
                ):
                    return True
    return False


def _block_ends(body: Sequence[ast.stmt]) -> bool:
    """Whether a block ends the request: it raises, aborts or returns."""
    for statement in body:
        if isinstance(statement, (ast.Raise, ast.Return)):
            return True
        if (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and (last_name(statement.value.func) or "") in _ABORTING
        ):
            return True
    return False


def _is_lookup(value: ast.Call | ast.Subscript) -> bool:
    """A lookup (``User.objects.filter(key=k).first()``, ``KEYS.get(k)``, ``decode(token)``,
    ``KEYS[k]``), not a response built from the request (``redirect(url_for(...))``)."""
    if isinstance(value, ast.Subscript):
        return True
    if _is_response(value):
        return False
    names = [last_name(call.func) or "" for call in ast.walk(value) if isinstance(call, ast.Call)]
    return any(set(split_words(name)) & _LOOKUP_WORDS for name in names)


def _is_method_call(call: ast.Call) -> bool:
    """``x.y()`` on a value (not a module): ``Event.objects.all()``, ``self.get_object()``."""
    func = call.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return not isinstance(func, ast.Name) or func.id == "self"


def _mentions(node: ast.AST, names: frozenset[str]) -> bool:
    return any(isinstance(child, ast.Name) and child.id in names for child in ast.walk(node))


def _own_returns(function: FunctionNode) -> Iterator[ast.Return]:
    """Return statements of ``function`` itself, not of functions nested in it."""
    for node in walk_without_nested_scopes(function):
        if isinstance(node, ast.Return):
            yield node


def attached_callers(function: FunctionNode) -> set[str]:
    """What an authentication hook stores the caller in: ``g.user = User.query.get(uid)``,
    ``request.ctx.account = KEYS.get(request.headers["x-api-key"])``, ``request.member = ...``:
    an attribute of the request (or Flask's ``g``) set from what the request carries."""
    found = set()
    for node in walk_without_nested_scopes(function):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            dotted = dotted_name(target) if isinstance(target, ast.Attribute) else None
            if dotted and dotted.split(".")[0] in _HOOK_ROOTS and _from_request(node.value, function):
                found.add(dotted)
    return found


def _from_request(value: ast.expr, function: FunctionNode) -> bool:
    """A value computed from what the request carries (headers, session, cookies, parameters)."""
    names = {"request", "req", "session", *(a.arg for a in function.args.args)}
    return any(isinstance(child, ast.Name) and child.id in names for child in ast.walk(value))


def _wrappers(function: FunctionNode) -> Iterator[tuple[FunctionNode, tuple[str, ...]]]:
    """Inner functions of a decorator (or decorator factory) that call a parameter of an
    enclosing function: the wrapped view."""

    def visit(
        node: FunctionNode, enclosing: tuple[str, ...]
    ) -> Iterator[tuple[FunctionNode, tuple[str, ...]]]:
        names = (*enclosing, *(a.arg for a in (*node.args.posonlyargs, *node.args.args)))
        for child in ast.walk(node):
            if child is node or not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            calls = {dotted_name(c.func) for c in ast.walk(child) if isinstance(c, ast.Call)}
            wrapped = tuple(name for name in names if name in calls)
            if wrapped:
                yield child, wrapped
            yield from visit(child, names)

    seen: set[int] = set()
    for wrapper, wrapped in visit(function, ()):
        if id(wrapper) not in seen:
            seen.add(id(wrapper))
            yield wrapper, wrapped


def _brief(text: str, limit: int = 80) -> str:
    """Source text of a check, shortened visibly (``…``) when it is long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ERROR_WORDS = frozenset(
    {
        "forbidden",
        "unauthorized",
        "unauthorised",
        "denied",
        "deny",
        "redirect",
        "login",
        "abort",
        "error",
        "unauthenticated",
        "reject",
        "not",
        "allowed",
    }
)
_ERROR_STATUS = frozenset({301, 302, 303, 307, 308, 401, 403, 404})
_RESPONSE_WORDS = frozenset(
    {"response", "redirect", "render", "jsonify", "json", "template", "abort", "error"}
)


def _is_refusal(node: ast.expr) -> bool:
    """An error or redirect response: ``redirect("login")``, ``HttpResponseForbidden()``,
    ``Response(status=401)``, ``("denied", 403)``, ``self.handle_no_permission()``."""
    if isinstance(node, ast.Await):
        return _is_refusal(node.value)
    if isinstance(node, ast.Tuple):
        return any(_is_status(element) for element in node.elts[1:])
    if isinstance(node, ast.Call):
        name = last_name(node.func) or ""
        if name in _ABORTING or set(split_words(name)) & _ERROR_WORDS:
            return True
        statuses = [k.value for k in node.keywords if k.arg in ("status", "status_code", "code")]
        return any(_is_status(s) for s in (*statuses, *node.args[1:2]))
    return False


def _is_status(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value in _ERROR_STATUS
    name = last_name(node) or ""
    return any(str(code) in name for code in _ERROR_STATUS) or name.upper() in (
        "FORBIDDEN",
        "UNAUTHORIZED",
        "NOT_FOUND",
    )


def _is_response(call: ast.Call) -> bool:
    """A call that builds a response object (always a true value)."""
    return _is_refusal(call) or bool(set(split_words(last_name(call.func) or "")) & _RESPONSE_WORDS)
