"""Follow what a function returns back to the data reads it came from.

A small abstract interpreter over ``ast``: each expression evaluates to a set of ``Value``s
(model classes, collections of records, single records, aggregates, the caller). Local
variables are followed to their latest assignment before use, loops and appends and
``csv.writer`` rows are followed into the collection they fill, and helper functions of
the same module (or methods of the same class) are evaluated with their arguments bound.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from rosterguard.data_access import vocabulary as vocab
from rosterguard.data_access.raw_sql import read_sql
from rosterguard.syntax.names import (
    FunctionNode,
    ImportTable,
    dotted_name,
    last_name,
    walk_without_nested_scopes,
)
from rosterguard.words import singular, split_words

MAX_CALL_DEPTH = 4
# Bindings of one name beyond which uses are resolved bottom-up (see ``_resolve_name``).
_CHAIN = 16


class Kind(enum.Enum):
    MODEL = "model"
    COLUMN = "column"
    ROWS = "rows"
    ROW = "row"
    AGGREGATE = "aggregate"
    CALLER = "caller"
    INPUT = "input"  # a value the caller chooses (a path parameter, a query or body field); entity: its name


@dataclass(frozen=True, slots=True)
class Value:
    kind: Kind
    entity: str = ""
    line: int = 0
    scoped: bool = False
    counts: bool = False  # rows that carry aggregates (annotate/group_by)
    identifying: bool = True  # rows carry whole records or identifying fields
    counted: str = ""  # what an aggregate counts, when it says (Count("searches"))
    fields: tuple[str, ...] = ()  # fields plucked from the rows, when narrowed
    key: str = ""  # the caller-chosen value the rows (or the row) were selected by


Values = frozenset[Value]
NOTHING: Values = frozenset()
CALLER: Values = frozenset({Value(Kind.CALLER)})


@dataclass
class ClassContext:
    """The class a method belongs to: its methods and attributes, and what its bases provide."""

    node: ast.ClassDef
    methods: dict[str, FunctionNode]
    attributes: dict[str, ast.expr]
    lists_by_default: bool = False
    parent: ClassContext | None = None

    def method(self, name: str) -> tuple[ClassContext, FunctionNode] | None:
        context: ClassContext | None = self
        while context is not None:
            if name in context.methods:
                return context, context.methods[name]
            context = context.parent
        return None

    def attribute(self, name: str) -> ast.expr | None:
        context: ClassContext | None = self
        while context is not None:
            if name in context.attributes:
                return context.attributes[name]
            context = context.parent
        return None


@dataclass(frozen=True, slots=True)
class Helper:
    """What a function of another module returns: called plainly, and handed the caller."""

    values: tuple[Value, ...]
    values_for_caller: tuple[Value, ...]


def _no_helper(qualified: str) -> Helper | None:
    return None


def _no_caller_call(call: ast.Call) -> bool:
    return False


@dataclass
class ModuleScope:
    """Module-level names the interpreter can resolve: imports, functions, classes, constants,
    and (through ``helper``) the data functions of other project modules."""

    imports: ImportTable
    functions: dict[str, FunctionNode]
    classes: dict[str, ast.ClassDef]
    constants: dict[str, ast.expr]
    caller_names: tuple[str, ...]
    is_model: Callable[[str], bool]
    helper: Callable[[str], Helper | None] = _no_helper
    # Whether a call returns the caller (a project ``current_user()`` reading the session).
    caller_call: Callable[[ast.Call], bool] = _no_caller_call
    _flows: dict[ast.AST, FunctionFlow] = field(default_factory=dict)

    def flow_of(self, function: FunctionNode) -> FunctionFlow:
        """A function's bindings, collected once per module however often it is called."""
        flow = self._flows.get(function)
        if flow is None:
            flow = self._flows[function] = FunctionFlow.of(function)
        return flow.copy()


@dataclass
class _Binding:
    line: int
    value: ast.expr | None
    how: str  # "assign", "iter", "mutate", "bound"
    bound: Values = NOTHING


@dataclass
class FunctionFlow:
    """The local bindings of one function body, collected in a single walk."""

    node: ast.AST  # the function (or, for class attributes, the class) being read
    bindings: dict[str, list[_Binding]] = field(default_factory=dict)
    local_functions: dict[str, FunctionNode] = field(default_factory=dict)
    sinks: list[tuple[int, ast.expr]] = field(default_factory=list)

    @classmethod
    def of(cls, node: FunctionNode) -> FunctionFlow:
        flow = cls(node)
        nodes = list(walk_without_nested_scopes(node))
        writers = _writer_aliases(nodes)
        for child in nodes:
            flow._collect(child, writers)
        for stmt in node.body:
            flow._collect_nested_functions(stmt)
        flow.sinks.sort(key=lambda sink: sink[0])
        return flow

    def _collect_nested_functions(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.local_functions[stmt.name] = stmt
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.stmt) and not isinstance(child, ast.ClassDef):
                if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self._collect_nested_functions(child)
                else:
                    self.local_functions[child.name] = child

    def _bind(self, target: ast.AST, line: int, value: ast.expr | None, how: str) -> None:
        if isinstance(target, ast.Name):
            self.bindings.setdefault(target.id, []).append(_Binding(line, value, how))
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element.value if isinstance(element, ast.Starred) else element, line, value, how)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            self._bind(target.value, line, value, "mutate")

    def _collect(self, node: ast.AST, writers: dict[str, str]) -> None:
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind(target, line, node.value, "assign")
                if _is_response_attribute(target):
                    self.sinks.append((line, node.value))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._bind(
                node.target, line, node.value, "assign" if isinstance(node, ast.AnnAssign) else "aggregate"
            )
        elif isinstance(node, ast.NamedExpr):
            self._bind(node.target, line, node.value, "assign")
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._bind(node.target, line, node.iter, "iter")
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._bind(item.optional_vars, line, item.context_expr, "assign")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and _writes_response(node.func)
        ):
            for argument in (*node.args, *(kw.value for kw in node.keywords)):
                self.sinks.append((line, argument))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and node.func.attr in vocab.RUNNERS:
                # ``cursor.execute(sql, [request.user.org_id])``: the call as a whole, so that
                # parameters taken from the caller scope the query they are bound into.
                self._bind(receiver, line, node, "mutate")
            elif isinstance(receiver, ast.Name) and node.func.attr in vocab.MUTATING_METHODS:
                for argument in (*node.args, *(kw.value for kw in node.keywords)):
                    self._bind(receiver, line, argument, "mutate")
                    if receiver.id in writers:
                        self._bind(ast.Name(writers[receiver.id]), line, argument, "mutate")
        elif (
            isinstance(node, ast.Return)
            and node.value is not None
            or isinstance(node, (ast.Yield, ast.YieldFrom))
            and node.value is not None
        ):
            self.sinks.append((line, node.value))

    def copy(self) -> FunctionFlow:
        """A copy whose parameters can be bound without touching the original."""
        return FunctionFlow(
            self.node,
            {name: list(found) for name, found in self.bindings.items()},
            self.local_functions,
            self.sinks,
        )

    def bind_parameter(self, name: str, values: Values) -> None:
        self.bindings.setdefault(name, []).insert(0, _Binding(0, None, "bound", values))


@dataclass
class Interpreter:
    """Evaluates expressions of one function to the data they carry."""

    module: ModuleScope
    flow: FunctionFlow
    owner: ClassContext | None = None
    depth: int = 0
    extra_callers: frozenset[str] = frozenset()
    enclosing: Interpreter | None = None
    _memo: dict[tuple[str, int], Values] = field(default_factory=dict)
    _warmed: set[str] = field(default_factory=set)
    _active: set[tuple[str, int]] = field(default_factory=set)
    _comprehension: list[dict[str, Values]] = field(default_factory=list)

    @cached_property
    def _callers(self) -> frozenset[str]:
        return frozenset((*self.module.caller_names, *self.extra_callers))

    # -- entry points -------------------------------------------------------------
    def results(self) -> list[tuple[int, Values]]:
        """Each return/yield of the function with the values it hands out."""
        return [(line, self.evaluate(expr)) for line, expr in self.flow.sinks]

    def results_union(self) -> Values:
        """Everything the function hands out, wherever it does."""
        return frozenset(value for _, values in self.results() for value in values)

    def is_caller(self, node: ast.AST) -> bool:
        """Whether an expression denotes the caller or something derived from the caller."""
        dotted = dotted_name(node)
        if dotted is not None and is_caller_text(dotted, self._callers):
            return True
        if isinstance(node, ast.Name):
            # Anything computed from the caller (their record, the events they may see) scopes a filter.
            return any(v.kind is Kind.CALLER or v.scoped for v in self._name(node))
        return isinstance(node, ast.Call) and self.module.caller_call(node)

    def references_caller(self, node: ast.AST) -> bool:
        return any(
            self.is_caller(child)
            for child in ast.walk(node)
            if isinstance(child, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
        )

    # -- evaluation -----------------------------------------------------------------
    def evaluate(self, node: ast.AST | None) -> Values:
        if node is None:
            return NOTHING
        method = getattr(self, "_eval_" + type(node).__name__, None)
        if method is not None:
            result: Values = method(node)
            return result
        return self._union(ast.iter_child_nodes(node))

    def _union(self, nodes: Iterable[ast.AST]) -> Values:
        result: set[Value] = set()
        for node in nodes:
            result |= self.evaluate(node)
        return frozenset(result)

    def _eval_Constant(self, node: ast.Constant) -> Values:
        return self._sql(node.value, node.lineno) if isinstance(node.value, str) else NOTHING

    def _eval_JoinedStr(self, node: ast.JoinedStr) -> Values:
        text = "".join(
            part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else "?"
            for part in node.values
        )
        return self._sql(text, node.lineno) | self._union(node.values)

    def _eval_Lambda(self, node: ast.Lambda) -> Values:
        return NOTHING

    def _eval_Compare(self, node: ast.Compare) -> Values:
        return NOTHING

    def _eval_IfExp(self, node: ast.IfExp) -> Values:
        """Either branch's value; the test only chooses (``Org.name if token else Org.id``)."""
        return self._union((node.body, node.orelse))

    def _eval_BoolOp(self, node: ast.BoolOp) -> Values:
        return self._union(node.values)

    def _eval_Name(self, node: ast.Name) -> Values:
        return self._name(node)

    def _name(self, node: ast.Name) -> Values:
        for scope in reversed(self._comprehension):
            if node.id in scope:
                return scope[node.id]
        if any(node.id == name for name in self.extra_callers) or node.id in self.module.caller_names:
            return CALLER
        key = (node.id, node.lineno)
        if key in self._memo:
            return self._memo[key]
        if key in self._active:
            return NOTHING
        self._active.add(key)
        try:
            result = self._resolve_name(node)
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def _resolve_name(self, node: ast.Name) -> Values:
        bindings = self.flow.bindings.get(node.id)
        if bindings and len(bindings) > _CHAIN and node.id not in self._warmed:
            # ``rows = rows.filter(...)`` a hundred times: resolve the uses in line order, so
            # each finds the one before it already known instead of recursing down the chain.
            self._warmed.add(node.id)
            for line in sorted({b.line for b in bindings if 0 < b.line < node.lineno}):
                self._name(ast.Name(node.id, lineno=line))
        if bindings:
            return self._from_bindings(bindings, node.lineno)
        if self.enclosing is not None and node.id in self.enclosing.flow.bindings:
            end = getattr(self.enclosing.flow.node, "end_lineno", None) or node.lineno
            return self.enclosing.evaluate(ast.Name(node.id, lineno=end + 1))
        if self.module.is_model(node.id):
            return frozenset({Value(Kind.MODEL, node.id, node.lineno)})
        if node.id in self.module.constants:
            return self.evaluate(self.module.constants[node.id])
        return NOTHING

    def _from_bindings(self, bindings: list[_Binding], line: int) -> Values:
        earlier = [b for b in bindings if b.line < line or b.how == "bound"]
        assigns = [b for b in earlier if b.how in ("assign", "bound")]
        chosen = [max(assigns, key=lambda b: b.line)] if assigns else []
        chosen += [b for b in earlier if b.how in ("iter", "mutate", "aggregate")]
        result: set[Value] = set()
        for binding in chosen:
            values = binding.bound if binding.how == "bound" else self.evaluate(binding.value)
            if binding.how == "aggregate":
                values = frozenset(_as_aggregate(v) for v in values if v.kind is Kind.ROWS)
            result |= values
        return frozenset(result)

    def _eval_Attribute(self, node: ast.Attribute) -> Values:
        if self.is_caller(node):
            return CALLER
        if isinstance(node.value, ast.Name) and node.value.id == "self" and self.owner is not None:
            return self._class_attribute(node.attr, node.lineno)
        result: set[Value] = set()
        for value in self.evaluate(node.value):
            if value.kind is Kind.MODEL:
                if node.attr in vocab.MANAGER_ATTRIBUTES:
                    result.add(replace(value, kind=Kind.ROWS, line=node.lineno))
                else:
                    result.add(Value(Kind.COLUMN, value.entity, node.lineno, counted=node.attr))
            elif value.kind is Kind.ROW and _relation(node.attr):
                # ``group.users``: the records a relationship of one record holds (SQLAlchemy
                # gives the list itself), selected by what selected the record
                result.add(Value(Kind.ROWS, node.attr, node.lineno, value.scoped, key=value.key))
            else:  # an attribute of the caller's record is the caller's too (``caller().company_id``)
                result.add(value)
        return frozenset(result)

    def _class_attribute(self, name: str, line: int) -> Values:
        assert self.owner is not None
        if name == "model":
            expression = self.owner.attribute("model")
            return frozenset(
                replace(v, kind=Kind.ROWS) for v in self.evaluate(expression) if v.kind is Kind.MODEL
            )
        return self.evaluate(self.owner.attribute(name))

    def _eval_Subscript(self, node: ast.Subscript) -> Values:
        if not isinstance(node.slice, (ast.Constant, ast.Slice)) and self.references_caller(node.slice):
            return CALLER  # ``ACCOUNTS[login]``: what is looked up by the caller's identity
        if _is_request_input(node.value):
            return frozenset(
                {Value(Kind.INPUT, _string(node.slice) or "?", node.lineno)}
            )  # ``request.GET["id"]``
        values = self.evaluate(node.value)
        if isinstance(node.slice, ast.Slice):
            return values
        single = isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int)
        return frozenset(replace(v, kind=Kind.ROW) if single and v.kind is Kind.ROWS else v for v in values)

    def _eval_Await(self, node: ast.Await) -> Values:
        return self.evaluate(node.value)

    def _eval_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> Values:
        return self._comprehension_values(node.generators, [node.elt])

    _eval_SetComp = _eval_ListComp
    _eval_GeneratorExp = _eval_ListComp

    def _eval_DictComp(self, node: ast.DictComp) -> Values:
        return self._comprehension_values(node.generators, [node.key, node.value])

    def _comprehension_values(self, generators: list[ast.comprehension], elements: list[ast.expr]) -> Values:
        scope: dict[str, Values] = {}
        self._comprehension.append(scope)
        try:
            sources: set[Value] = set()
            for generator in generators:
                iterated = self.evaluate(generator.iter)
                sources |= iterated
                for target in ast.walk(generator.target):
                    if isinstance(target, ast.Name):
                        scope[target.id] = iterated
            produced = self._union(elements)
        finally:
            self._comprehension.pop()
        if any(v.kind is Kind.ROWS for v in sources):
            return frozenset(v for v in sources | produced if v.kind is not Kind.ROW)
        return produced

    # -- calls -----------------------------------------------------------------------
    def _eval_Call(self, node: ast.Call) -> Values:
        name = last_name(node.func)
        dotted = dotted_name(node.func) or ""
        if self.is_caller(node):
            return CALLER
        if name in vocab.CONVERSIONS and self._args_scope(node):
            return CALLER  # ``int(get_jwt_identity())``: the caller's id, converted
        if name in vocab.CONVERSIONS and (
            chosen := frozenset(v for v in self._arguments(node) if v.kind is Kind.INPUT)
        ):
            return chosen  # ``int(request.GET["id"])``: still what the caller chose
        if name in vocab.NON_PROPAGATING_CALLS or set(split_words(name or "")) & vocab.OPAQUE_RESULT_WORDS:
            return NOTHING
        external = self._project_helper(node)
        if external is not None:
            return external
        if isinstance(node.func, ast.Attribute):
            return self._method_call(node, node.func)
        if name is not None and self._is_aggregate_function(name, dotted):
            return self._aggregate_function(node)
        if name in vocab.COUNTING_CALLS:
            return frozenset(
                _as_aggregate(v) for v in self._arguments(node) if v.kind in (Kind.ROWS, Kind.AGGREGATE)
            )
        if name in vocab.QUERY_BUILDERS:
            return self._query_builder(node)
        if name in vocab.SINGLE_LOOKUPS | vocab.LIST_LOOKUPS:
            kind = Kind.ROW if name in vocab.SINGLE_LOOKUPS else Kind.ROWS
            key = self._chosen_key(node)
            return frozenset(
                replace(v, kind=kind, scoped=v.scoped or self._args_scope(node), key=v.key or key)
                for v in self.evaluate(node.args[0] if node.args else None)
                if v.kind in (Kind.MODEL, Kind.ROWS)
            )
        if name is not None and name.endswith(vocab.SERIALIZER_SUFFIXES):
            return self._serializer(node, name)
        if isinstance(node.func, ast.Name):
            if node.func.id in self.flow.local_functions:
                return self._call_function(
                    self.flow.local_functions[node.func.id], node, self.owner, enclosing=self
                )
            if node.func.id in self.module.functions:
                return self._call_function(self.module.functions[node.func.id], node, self.owner)
            if self.module.is_model(node.func.id):
                return NOTHING  # constructing a model instance reads nothing
        return self._arguments(node)

    def _project_helper(self, node: ast.Call) -> Values | None:
        """A call of another project module's data function (``services.all_customers()``)."""
        qualified = self.module.imports.qualify(node.func)
        if qualified is None or "." not in qualified or qualified.startswith("self."):
            return None
        helper = self.module.helper(qualified)
        if helper is None:
            return None
        for_caller = self._args_scope(node)
        values = frozenset(
            replace(v, line=node.lineno) for v in (helper.values_for_caller if for_caller else helper.values)
        )
        return values | CALLER if for_caller else values

    def _is_imported_module(self, name: str) -> bool:
        """``web`` in ``from aiohttp import web``, ``json`` in ``import json``: not a value."""
        target = self.module.imports.names.get(name)
        return (
            target is not None
            and not self.module.is_model(name)
            and name[:1].islower()
            and name not in self.flow.bindings
        )

    def _arguments(self, node: ast.Call) -> Values:
        return self._union([*node.args, *(kw.value for kw in node.keywords)])

    def _args_scope(self, node: ast.Call) -> bool:
        return any(
            self.references_caller(argument) for argument in (*node.args, *(kw.value for kw in node.keywords))
        )

    def _chosen_key(self, node: ast.Call) -> str:
        """The caller-chosen value a lookup selects by (``pk=pk``, ``id=request.GET["id"]``);
        "" when none, or when one of them is a secret the caller presents (a reset token)."""
        keys = [v.entity for v in self._arguments(node) if v.kind is Kind.INPUT]
        if any(_is_secret(key) for key in keys):
            return ""
        return keys[0] if keys else ""

    def _call_function(
        self,
        function: FunctionNode,
        call: ast.Call,
        owner: ClassContext | None,
        skip_self: bool = False,
        enclosing: Interpreter | None = None,
    ) -> Values:
        if self.depth >= MAX_CALL_DEPTH:
            return NOTHING
        flow = self.module.flow_of(function)
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        if skip_self and parameters:
            parameters = parameters[1:]
        for parameter, argument in zip(parameters, call.args, strict=False):
            flow.bind_parameter(parameter, self.evaluate(argument))
        for kw in call.keywords:
            if kw.arg is not None:
                flow.bind_parameter(kw.arg, self.evaluate(kw.value))
        callee = Interpreter(self.module, flow, owner, self.depth + 1, self.extra_callers, enclosing)
        returned = frozenset(v for _, values in callee.results() for v in values)
        # What a helper computes from the caller (``events_for(user=request.user)``) is caller-derived.
        return returned | CALLER if self._args_scope(call) else returned

    def _is_aggregate_function(self, name: str, dotted: str) -> bool:
        if name not in vocab.AGGREGATE_FUNCTIONS:
            return False
        namespace = dotted.rpartition(".")[0]
        return not namespace and name[0].isupper() or namespace in vocab.AGGREGATE_NAMESPACES

    def _aggregate_function(self, node: ast.Call) -> Values:
        counted = ""
        argument = node.args[0] if node.args else None
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            counted = argument.value.split("__")[0]
        values = self.evaluate(argument)
        entity = next((v.entity for v in values if v.kind in (Kind.MODEL, Kind.COLUMN, Kind.ROWS)), "")
        return frozenset({Value(Kind.AGGREGATE, entity, node.lineno, counted=counted)})

    def _query_builder(self, node: ast.Call) -> Values:
        """``session.query(A, func.count(B.id))`` / ``select(...)``: rows, or per-group counts."""
        columns = self._arguments(node)
        models = [v for v in columns if v.kind in (Kind.MODEL, Kind.COLUMN)]
        aggregates = [v for v in columns if v.kind is Kind.AGGREGATE]
        scoped = self._args_scope(node)
        if not models and not aggregates:
            return frozenset(v for v in columns if v.kind is Kind.ROWS)
        if not models:
            return frozenset(replace(a, line=node.lineno, scoped=scoped) for a in aggregates)
        identifying = any(v.kind is Kind.MODEL or _identifying(v.counted) for v in models)
        head = models[0]
        counted = aggregates[0].counted or aggregates[0].entity if aggregates else ""
        fields = tuple(f"{v.entity}.{v.counted}" for v in models if v.kind is Kind.COLUMN)
        return frozenset(
            {
                Value(
                    Kind.ROWS,
                    head.entity,
                    node.lineno,
                    scoped,
                    bool(aggregates),
                    identifying,
                    counted,
                    fields,
                )
            }
        )

    def _documents(self, node: ast.Call, method: str, collection: str) -> Value:
        """What a document-store read returns; a filter built from the caller scopes it."""
        scoped = self._args_scope(node)
        if method in vocab.DOCUMENT_COUNTS:
            return Value(Kind.AGGREGATE, collection, node.lineno, scoped, counted=collection)
        if method in vocab.DOCUMENT_SINGLE:
            return Value(Kind.ROW, collection, node.lineno, scoped)
        if method == "aggregate":
            stages = {s for n in ast.walk(node) if (s := _string(n)) is not None}
            grouped = any(stage in stages for stage in vocab.DOCUMENT_GROUPING)
            return Value(
                Kind.ROWS,
                collection,
                node.lineno,
                scoped,
                counts=grouped,
                identifying=not grouped,
                counted=collection if grouped else "",
            )
        fields = tuple(s for s in (_string(a) for a in node.args[:1]) if s) if method == "distinct" else ()
        return Value(
            Kind.ROWS,
            collection,
            node.lineno,
            scoped,
            identifying=not fields or any(_identifying(f) for f in fields),
            fields=fields,
        )

    def _serializer(self, node: ast.Call, name: str) -> Values:
        data = (
            node.args[0]
            if node.args
            else next((kw.value for kw in node.keywords if kw.arg == "instance"), None)
        )
        many = any(
            kw.arg == "many" and isinstance(kw.value, ast.Constant) and kw.value.value is True
            for kw in node.keywords
        )
        values = self.evaluate(data)
        if values or not many:
            return values
        entity = name[: -len("Serializer")] if name.endswith("Serializer") else name[: -len("Schema")]
        return frozenset({Value(Kind.ROWS, entity, node.lineno)})

    def _method_call(self, node: ast.Call, func: ast.Attribute) -> Values:
        method = func.attr
        receiver = func.value
        if isinstance(receiver, ast.Name) and receiver.id == "self" and self.owner is not None:
            return self._self_call(node, method)
        if (
            isinstance(receiver, ast.Call)
            and isinstance(receiver.func, ast.Name)
            and receiver.func.id == "super"
            and self.owner is not None
        ):
            return self._super_call(node, method)
        collection = (
            _document_collection(receiver)
            if method in vocab.DOCUMENT_LISTS | vocab.DOCUMENT_SINGLE | vocab.DOCUMENT_COUNTS
            else None
        )
        if collection is not None and not self.evaluate(receiver):  # not an ORM query: a document collection
            return frozenset({self._documents(node, method, collection)})
        if method == "join" and isinstance(receiver, ast.Constant):  # ", ".join(emails) keeps the records
            return self._arguments(node)
        if (
            method in vocab.RESPONSE_HELPERS
            and isinstance(receiver, ast.Name)
            and self._is_imported_module(receiver.id)
        ):
            return self._arguments(node)  # ``web.json_response(rows)``: a response built from its arguments
        if method in vocab.QUERY_BUILDERS and (node.args or method == "select"):
            built = self._query_builder(node)
            if built or method == "query":
                return built
        if method in vocab.RUNNERS:
            ran = self._arguments(node)
            if self._args_scope(node):
                ran = frozenset(replace(v, scoped=True) for v in ran)
            if ran or method in ("scalars", "scalar"):
                return (
                    self._apply(method, node, self.evaluate(receiver) | ran, receiver)
                    if method in ("scalars", "scalar")
                    else ran
                )
        if method in vocab.INPUT_READERS and _is_request_input(receiver, method):
            name = (_string(node.args[0]) if node.args else None) or "?"
            return frozenset({Value(Kind.INPUT, name, node.lineno)})
        if method == "get" and node.args and any(v.kind is Kind.MODEL for v in self.evaluate(node.args[0])):
            if self._args_scope(node):
                return CALLER  # ``db.session.get(User, int(get_jwt_identity()))``: the caller's own record
            key = self._chosen_key(node)
            return frozenset(
                replace(v, kind=Kind.ROW, line=node.lineno, key=key)
                for v in self.evaluate(node.args[0])
                if v.kind is Kind.MODEL
            )
        if self._is_aggregate_function(method, dotted_name(func) or ""):
            return self._aggregate_function(node)
        return self._apply(method, node, self.evaluate(receiver), receiver)

    def _apply(self, method: str, node: ast.Call, receivers: Values, receiver: ast.expr) -> Values:
        """What calling ``method`` on each receiver value yields."""
        scoped = self._args_scope(node)
        result: set[Value] = set()
        for value in receivers:
            collection = _collection_of(value, receiver, method)
            if collection is None:
                if value.kind in (Kind.ROW, Kind.AGGREGATE) and method not in vocab.OPAQUE_METHODS:
                    result.add(value)
                continue
            collection = replace(
                collection,
                scoped=collection.scoped or scoped,
                line=collection.line or node.lineno,
                key=collection.key or self._chosen_key(node),
            )
            if not collection.entity and method in ("select_from", "join"):
                model = next((v.entity for v in self._arguments(node) if v.kind is Kind.MODEL), "")
                collection = replace(collection, entity=model)
            transformed = self._transform(collection, method, node)
            if transformed is not None:
                result.add(transformed)
        return frozenset(result)

    def _transform(self, rows: Value, method: str, node: ast.Call) -> Value | None:
        if method in vocab.OPAQUE_METHODS:
            return None
        if rows.kind is Kind.AGGREGATE:
            return rows
        if method in vocab.SINGLE_METHODS:
            return replace(rows, kind=Kind.ROW)
        if method in vocab.AGGREGATE_METHODS:
            return _as_aggregate(rows, self._counted_in(node))
        if method == "scalar":
            return rows if rows.counts else replace(rows, kind=Kind.ROW)
        if method in vocab.FIELD_METHODS:
            fields = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            fields += [dotted_name(a) or "" for a in node.args if not isinstance(a, ast.Constant)]
            return replace(
                rows, identifying=not fields or any(_identifying(f) for f in fields), fields=tuple(fields)
            )
        if method in vocab.GROUPING_METHODS:
            aggregates = [v for v in self._arguments(node) if v.kind is Kind.AGGREGATE]
            if method == "group_by" or aggregates:
                counted = aggregates[0].counted if aggregates else rows.counted
                return replace(rows, counts=True, counted=counted or rows.counted)
            return rows
        return rows

    def _counted_in(self, node: ast.Call) -> str:
        return next((v.counted for v in self._arguments(node) if v.kind is Kind.AGGREGATE and v.counted), "")

    def _self_call(self, node: ast.Call, method: str) -> Values:
        assert self.owner is not None
        found = self.owner.method(method)
        if found is not None:
            owner, function = found
            return self._call_function(function, node, owner, skip_self=True)
        if method in ("get_object",):
            return NOTHING
        if method == "get_queryset":
            return self.default_queryset()
        if method in ("get_serializer",):
            return self._serializer(node, "Serializer")
        return self._arguments(node)

    def _super_call(self, node: ast.Call, method: str) -> Values:
        if method == "get_queryset":
            return self.default_queryset()
        if method == "get_context_data" and self.owner is not None and self.owner.lists_by_default:
            return self.default_queryset()
        return NOTHING

    def default_queryset(self) -> Values:
        """What a generic view's ``queryset``/``model`` attributes give."""
        assert self.owner is not None
        queryset = self.owner.attribute("queryset")
        if queryset is not None:
            return self.evaluate(queryset)
        return self._class_attribute("model", 0)

    def _sql(self, text: str, line: int) -> Values:
        read = read_sql(text)
        if read is None or not read.tables:
            return NOTHING
        identifying = _identifying(read.columns) or read.selects_all
        kind = Kind.ROWS
        return frozenset(
            Value(
                kind,
                table,
                line,
                counts=read.aggregates,
                identifying=identifying,
                counted=table,
                fields=(read.columns,),
            )
            for table in read.tables
        )


def is_caller_text(dotted: str, callers: Iterable[str]) -> bool:
    """``request.user.org`` is derived from ``request.user``; any ``<auth>.current_user()`` is the caller."""
    names = callers if isinstance(callers, frozenset) else frozenset(callers)
    for index, character in enumerate(dotted):
        if character in ".[" and dotted[:index] in names:
            return True
    if dotted in names:
        return True
    return any(part in ("current_user", "current_user()") for part in dotted.split(".")[1:])


def _writer_aliases(nodes: Iterable[ast.AST]) -> dict[str, str]:
    """``writer = csv.writer(response)``: rows written to ``writer`` end up in ``response``."""
    aliases = {}
    for node in nodes:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and last_name(node.value) in vocab.WRITER_FACTORIES
        ):
            first = node.value.args[0] if node.value.args else None
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(first, ast.Name):
                    aliases[target.id] = first.id
    return aliases


def _writes_response(func: ast.Attribute) -> bool:
    """``self.write(rows)`` / ``self.render("t.html", customers=rows)`` in a handler class."""
    return (
        func.attr in vocab.RESPONSE_WRITERS and isinstance(func.value, ast.Name) and func.value.id == "self"
    )


def _is_response_attribute(target: ast.expr) -> bool:
    """``resp.media = rows`` (Falcon) and the like."""
    return (
        isinstance(target, ast.Attribute)
        and target.attr in vocab.RESPONSE_ATTRIBUTES
        and isinstance(target.value, ast.Name)
        and target.value.id in vocab.RESPONSE_OBJECTS
    )


def _relation(attribute: str) -> bool:
    """A plural attribute name (``users``, ``members``): a relationship to many records."""
    words = attribute.split("_")
    return not attribute.startswith("_") and singular(words[-1]) != words[-1]


def _is_request_input(node: ast.expr, method: str = "") -> bool:
    """What the caller sends: ``request.GET``, ``request.args``, ``request.json``,
    ``request.query_params``, ``self.kwargs`` (Django's URL keywords), ``req.params``, or, for
    methods that read parameters themselves (Falcon ``req.get_param``, Tornado
    ``self.get_argument``), the request (or handler) itself."""
    dotted = dotted_name(node) or ""
    parts = dotted.split(".")
    if method in vocab.PARAMETER_READERS:
        return parts[0] in ("request", "req", "self")
    return (
        len(parts) >= 2
        and parts[-1] in vocab.INPUT_CONTAINERS
        and parts[0] in ("request", "req", "self", "kwargs")
    )


def _is_secret(key: str) -> bool:
    """A key the caller must have been given (``token``, ``secret``, ``signature``): no walk."""
    return bool(set(split_words(key)) & vocab.SECRET_WORDS)


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _document_collection(receiver: ast.expr) -> str | None:
    """``db.customers`` / ``db["customers"]`` / ``db.get_collection("customers")``: the collection's name."""
    if isinstance(receiver, ast.Attribute) and isinstance(
        receiver.value, (ast.Name, ast.Attribute, ast.Subscript)
    ):
        return receiver.attr
    if (
        isinstance(receiver, ast.Subscript)
        and isinstance(receiver.slice, ast.Constant)
        and isinstance(receiver.slice.value, str)
    ):
        return receiver.slice.value
    if isinstance(receiver, ast.Call) and last_name(receiver) == "get_collection" and receiver.args:
        name = receiver.args[0]
        return name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else None
    return None


def _collection_of(value: Value, receiver: ast.expr, method: str) -> Value | None:
    """The collection a method is called on: query rows, a model's records, or a related manager."""
    if value.kind is Kind.ROWS or value.kind is Kind.AGGREGATE:
        return value
    if (
        value.kind is Kind.MODEL
        and method
        in vocab.COLLECTION_METHODS | vocab.SINGLE_METHODS | vocab.AGGREGATE_METHODS | vocab.FIELD_METHODS
    ):
        return replace(value, kind=Kind.ROWS)
    queried = (
        method
        in vocab.COLLECTION_METHODS | vocab.AGGREGATE_METHODS | vocab.FIELD_METHODS | vocab.SINGLE_METHODS
    )
    if value.kind in (Kind.CALLER, Kind.ROW) and isinstance(receiver, ast.Attribute) and queried:
        scoped = value.kind is Kind.CALLER or value.scoped
        return Value(Kind.ROWS, receiver.attr, receiver.lineno, scoped=scoped)
    return None


def _as_aggregate(value: Value, counted: str = "") -> Value:
    return replace(value, kind=Kind.AGGREGATE, counted=counted or value.counted)


def _identifying(field_name: str) -> bool:
    """``company_name`` names a customer; ``company_id`` is only a key to group by."""
    words = split_words(field_name)
    return (
        bool(words)
        and words[-1] not in vocab.KEY_WORDS
        and any(word in vocab.IDENTIFYING_WORDS for word in words)
    )


def class_context(
    node: ast.ClassDef, classes: Mapping[str, ast.ClassDef], lists_by_default: bool
) -> ClassContext:
    """A class with its same-module base classes chained as parents."""
    parent = None
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in classes and base.id != node.name:
            parent = class_context(classes[base.id], classes, False)
            break
    methods = {s.name: s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    attributes: dict[str, ast.expr] = {}
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    attributes[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value
        ):
            attributes[statement.target.id] = statement.value
    return ClassContext(node, methods, attributes, lists_by_default, parent)
