"""One module's statements about the rest of the project, extracted from its tree alone.

A summary depends only on the file's contents (and the settings), so it is cached per file
and recomputed only when that file changes; joining summaries is the index's job.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from rosterguard.analysis.crossfile import CrossFile, DefaultPermissions
from rosterguard.analysis.dataflow import CALLER, Helper, Interpreter, Kind, Value
from rosterguard.analysis.knowledge import Knowledge
from rosterguard.analysis.module import ModuleAnalysis
from rosterguard.concepts import AccessEvidence, AccessLevel, Layer, Route
from rosterguard.syntax.names import (
    concatenated_parts,
    dotted_name,
    keyword,
    last_name,
    sequence_items,
    string_value,
    walk_statements,
)

_URL_FUNCTIONS = ("path", "re_path", "url")
_ROUTER_CLASSES = (
    "DefaultRouter",
    "SimpleRouter",
    "ExtendedDefaultRouter",
    "NestedSimpleRouter",
    "NestedDefaultRouter",
)
_DATA_PARAMETERS = frozenset(
    {"db", "session", "conn", "connection", "cursor", "engine", "database", "self", "cls"}
)
_LOGIN_REQUIRED_MIDDLEWARE = "LoginRequiredMiddleware"


@dataclass(frozen=True, slots=True)
class UrlEntry:
    """A URL table entry that names a view, by its qualified name."""

    view: str
    framework: str
    route: Route
    evidence: tuple[AccessEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class UrlInclude:
    """``path("crm/", include("crm.urls"))``: the included URL module's routes start with ``prefix``."""

    prefix: str
    module: str


@dataclass(frozen=True, slots=True)
class Registrar:
    """A blueprint, router or app declared in this module (qualified name)."""

    name: str
    prefix: str
    is_app: bool
    prefix_replaced_on_mount: bool  # Flask's ``url_prefix=`` replaces, FastAPI's ``prefix=`` prepends
    evidence: tuple[AccessEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Hook:
    """A ``before_request`` hook registered on ``target`` (app-wide: on the app it is mounted on).

    A hook imported from another module carries its qualified ``function`` instead of evidence.
    """

    target: str
    app_wide: bool
    evidence: AccessEvidence | None
    function: str = ""


@dataclass(frozen=True, slots=True)
class Mount:
    """``parent.register_blueprint(child)`` / ``parent.include_router(child)``."""

    parent: str
    child: str
    prefix: str | None
    evidence: tuple[AccessEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ModuleSummary:
    module: str
    path: str
    aliases: dict[str, str] = field(default_factory=dict)
    urls: tuple[UrlEntry, ...] = ()
    includes: tuple[UrlInclude, ...] = ()
    registrars: tuple[Registrar, ...] = ()
    hooks: tuple[Hook, ...] = ()
    mounts: tuple[Mount, ...] = ()
    # Django settings: REST_FRAMEWORK (and its default permission), site-wide login.
    configures_drf: bool = False
    drf_default: DefaultPermissions | None = None
    site_wide: tuple[AccessEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class DataSummary:
    """What a module's functions return and demand, read when another module calls them."""

    helpers: dict[str, Helper] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)


def summarize(
    tree: ast.Module, module: str, package: str, path: str, knowledge: Knowledge, settings_module: bool
) -> ModuleSummary:
    """What this module says about the routes and access of others (and its own)."""
    exporter = _Exporter.of(tree, module, package, path, knowledge)
    analysis = exporter.analysis
    drf_default, configures_drf = exporter.drf_settings() if settings_module else (None, False)
    return ModuleSummary(
        module=module,
        path=path,
        aliases={f"{module}.{local}": target for local, target in analysis.imports.names.items()},
        urls=tuple(exporter.url_entries()),
        includes=tuple(exporter.url_includes()),
        registrars=tuple(exporter.registrars()),
        hooks=tuple(exporter.hooks()),
        mounts=tuple(exporter.mounts()),
        configures_drf=configures_drf,
        drf_default=drf_default,
        site_wide=tuple(exporter.site_wide()) if settings_module else (),
    )


def summarize_data(
    tree: ast.Module, module: str, package: str, path: str, knowledge: Knowledge
) -> DataSummary:
    """The data helpers and access decorators a module defines, for modules that call them."""
    exporter = _Exporter.of(tree, module, package, path, knowledge)
    aliases = {f"{module}.{local}": target for local, target in exporter.analysis.imports.names.items()}
    return DataSummary(dict(exporter.helpers()), aliases)


@dataclass
class _Exporter:
    analysis: ModuleAnalysis
    path: str

    @classmethod
    def of(cls, tree: ast.Module, module: str, package: str, path: str, knowledge: Knowledge) -> _Exporter:
        analysis = ModuleAnalysis(tree, knowledge, CrossFile(module=module, package=package, path=path))
        analysis.collect_registrars()
        analysis.collect_wiring()
        analysis.collect_hooks()
        return cls(analysis, path)

    def _stamp(
        self, evidence: tuple[AccessEvidence, ...] | list[AccessEvidence]
    ) -> tuple[AccessEvidence, ...]:
        return tuple(replace(e, path=self.path) for e in evidence)

    def _qualify(self, node: ast.AST) -> str | None:
        """A name of this module, or an imported one, as the whole project spells it."""
        dotted = dotted_name(node)
        if dotted is None or "(" in dotted or "[" in dotted:
            return None
        return self.analysis.project_name(dotted)

    # -- Django URL tables and DRF routers ------------------------------------------------
    def _url_items(self) -> Iterator[tuple[str, ast.Call]]:
        """``path()`` entries with the prefix of the ``include([...])`` around them: those of
        ``urlpatterns``, then those built elsewhere (``get_urls()`` of app configs, URL hooks)."""
        seen: set[ast.Call] = set()
        for _, value in self._setting("urlpatterns"):
            for part in concatenated_parts(value):
                for prefix, call in _url_calls("", part):
                    seen.add(call)
                    yield prefix, call
        if not any(
            target.startswith(("django.urls.", "django.conf.urls."))
            for target in self.analysis.imports.names.values()
        ):
            return
        for node in ast.walk(self.analysis.tree):
            if isinstance(node, (ast.List, ast.Tuple)):
                for prefix, call in _url_calls("", node):
                    if call not in seen:
                        seen.add(call)
                        yield prefix, call

    def url_entries(self) -> Iterator[UrlEntry]:
        for prefix, item in self._url_items():
            if last_name(item.args[1]) == "include":
                continue
            view, evidence = self.analysis.unwrap_view(item.args[1], Layer.URLCONF)
            qualified = self._qualify(view) if view is not None else None
            if qualified:
                yield UrlEntry(
                    qualified,
                    "django",
                    Route((), prefix + (string_value(item.args[0]) or "")),
                    self._stamp(evidence),
                )
        for qualified, wiring in self.analysis.exported_routes().items():
            yield UrlEntry(qualified, wiring.framework, wiring.route, self._stamp(wiring.evidence))
        for call in self.analysis.module_calls():
            if (
                isinstance(call.func, ast.Attribute)
                and call.func.attr == "register"
                and len(call.args) > 1
                and self._is_router(call.func.value)
            ):
                qualified = self._qualify(call.args[1])
                if qualified:
                    yield UrlEntry(qualified, "drf", Route((), string_value(call.args[0])))

    def _is_router(self, receiver: ast.expr) -> bool:
        value = self.analysis.constants.get(dotted_name(receiver) or "")
        return isinstance(value, ast.Call) and last_name(value) in _ROUTER_CLASSES

    def url_includes(self) -> Iterator[UrlInclude]:
        for prefix, item in self._url_items():
            target = item.args[1]
            if last_name(target) != "include" or not isinstance(target, ast.Call) or not target.args:
                continue
            included = target.args[0]
            if isinstance(included, ast.Tuple) and included.elts:
                included = included.elts[0]
            module = string_value(included) or self._qualify(included)
            if module:
                yield UrlInclude(prefix + (string_value(item.args[0]) or ""), module)

    # -- blueprints, routers, hooks ---------------------------------------------------------
    def registrars(self) -> Iterator[Registrar]:
        for name, registrar in self.analysis.registrars.items():
            flask = registrar.framework.name == "flask"
            yield Registrar(
                self.analysis.cross.own(name),
                registrar.prefix,
                registrar.is_app,
                flask,
                self._stamp(registrar.evidence),
            )

    def hooks(self) -> Iterator[Hook]:
        for site in self.analysis.hook_sites:
            plain = site.receiver and "(" not in site.receiver and "[" not in site.receiver
            target = self.analysis.project_name(site.receiver) if plain else None
            if target and (site.evidence is not None or site.function):
                evidence = replace(site.evidence, path=self.path) if site.evidence else None
                yield Hook(target, site.app_wide, evidence, site.function)

    def mounts(self) -> Iterator[Mount]:
        for call in self.analysis.module_calls():
            if not (
                isinstance(call.func, ast.Attribute)
                and call.func.attr in ("register_blueprint", "include_router")
                and call.args
            ):
                continue
            parent, child = self._qualify(call.func.value), self._qualify(call.args[0])
            if parent and child:
                prefix = string_value(keyword(call, "url_prefix") or keyword(call, "prefix"))
                evidence = self.analysis.access.dependency_list(keyword(call, "dependencies"), Layer.ROUTER)
                yield Mount(parent, child, prefix, self._stamp(evidence))

    # -- data helpers and decorators ----------------------------------------------------
    def helpers(self) -> Iterator[tuple[str, Helper]]:
        scope = self.analysis.scope
        for name, function in self.analysis.functions.items():
            if not any(
                isinstance(node, ast.Return) and node.value is not None for node in walk_statements(function)
            ):
                continue
            plain = _data_values(Interpreter(scope, scope.flow_of(function)))
            flow = scope.flow_of(function)
            for parameter in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs):
                if parameter.arg not in _DATA_PARAMETERS:
                    flow.bind_parameter(parameter.arg, CALLER)
            for_caller = _data_values(Interpreter(scope, flow))
            if plain or for_caller:
                yield self.analysis.cross.own(name), Helper(plain, for_caller)

    # -- settings ----------------------------------------------------------------------------
    def _setting(self, name: str) -> Iterator[tuple[ast.stmt, ast.expr]]:
        for statement in self.analysis.tree.body:
            if (
                isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                and statement.value is not None
            ):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    yield statement, statement.value

    def drf_settings(self) -> tuple[DefaultPermissions | None, bool]:
        """``REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]``: the default every API view inherits,
        as written (judged where it is used, through the project model), or the project
        function that builds ``REST_FRAMEWORK``."""
        configured = False
        for statement, value in self._setting("REST_FRAMEWORK"):
            configured = True
            if (
                isinstance(value, ast.Call)
                and last_name(value.func) != "dict"
                and (builder := self._qualify(value.func))
            ):
                return DefaultPermissions((), statement.lineno, self.path, builder), True
            entries = _dict_entries(value)
            if "DEFAULT_PERMISSION_CLASSES" in entries:
                items = sequence_items(entries["DEFAULT_PERMISSION_CLASSES"])
                names = tuple(string_value(item) or self._qualify(item) or "" for item in items)
                return DefaultPermissions(names, statement.lineno, self.path), True
        return None, configured

    def site_wide(self) -> Iterator[AccessEvidence]:
        for _, value in self._setting("MIDDLEWARE"):
            for item in sequence_items(value) if isinstance(value, (ast.List, ast.Tuple)) else []:
                text = string_value(item) or ""
                if text.endswith(_LOGIN_REQUIRED_MIDDLEWARE):
                    yield AccessEvidence(
                        AccessLevel.AUTHENTICATED,
                        Layer.SETTINGS,
                        _LOGIN_REQUIRED_MIDDLEWARE,
                        item.lineno,
                        path=self.path,
                    )


def _dict_entries(value: ast.expr) -> dict[str, ast.expr]:
    """String keys of a dict literal (``{"A": 1}``) or a ``dict(A=1)`` call."""
    if isinstance(value, ast.Dict):
        return {
            key: entry
            for k, entry in zip(value.keys, value.values, strict=True)
            if (key := string_value(k)) is not None
        }
    if isinstance(value, ast.Call) and last_name(value.func) == "dict":
        return {k.arg: k.value for k in value.keywords if k.arg}
    return {}


def _url_calls(prefix: str, patterns: ast.expr) -> Iterator[tuple[str, ast.Call]]:
    """URL entries of a pattern list, looking into ``include([...])`` of inline lists."""
    for item in sequence_items(patterns) if isinstance(patterns, (ast.List, ast.Tuple)) else []:
        if not (isinstance(item, ast.Call) and last_name(item) in _URL_FUNCTIONS and len(item.args) > 1):
            continue
        target = item.args[1]
        if (
            isinstance(target, ast.Call)
            and last_name(target) == "include"
            and target.args
            and isinstance(target.args[0], (ast.List, ast.Tuple))
        ):
            yield from _url_calls(prefix + (string_value(item.args[0]) or ""), target.args[0])
        else:
            yield prefix, item


def _data_values(interpreter: Interpreter) -> tuple[Value, ...]:
    values = {
        replace(v, line=0)
        for _, found in interpreter.results()
        for v in found
        if v.kind in (Kind.ROWS, Kind.AGGREGATE)
    }
    return tuple(sorted(values, key=repr))
