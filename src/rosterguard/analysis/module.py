"""One module → its facts: endpoints with access and exposures, misplaced guards, open defaults."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from rosterguard.analysis.access import AccessReader, combine, is_read
from rosterguard.analysis.crossfile import NO_PROJECT, CrossFile, RegistrarLayers, Wiring
from rosterguard.analysis.dataflow import (
    ClassContext,
    FunctionFlow,
    Interpreter,
    Kind,
    ModuleScope,
    Value,
    class_context,
)
from rosterguard.analysis.exposure import exposures_of
from rosterguard.analysis.guards import attached_callers
from rosterguard.analysis.knowledge import Knowledge
from rosterguard.analysis.model import CHECKED_MODULE, ClassModel, ProjectModel, Source
from rosterguard.concepts import (
    AccessEvidence,
    AccessLevel,
    Endpoint,
    Exposure,
    Layer,
    MisplacedGuard,
    ModuleFacts,
    OpenDefault,
    Route,
)
from rosterguard.frameworks import drf
from rosterguard.frameworks.base import FrameworkModel, RouteCall
from rosterguard.syntax.names import (
    FunctionNode,
    argument,
    concatenated_parts,
    dotted_name,
    keyword,
    last_name,
    matches,
    sequence_items,
    string_value,
    walk_statements,
)

# Registrar classes that group routes inside an app rather than being the app.
_NOT_APPS = ("Router", "Blueprint", "Namespace", "RouteTableDef", "Controller", "Group", "Api")
# Base classes of ORM models (Django ``models.Model``, SQLAlchemy's declarative bases,
# Flask-SQLAlchemy ``db.Model``, SQLModel, Peewee, Tortoise, MongoEngine).
_MODEL_BASES = frozenset(
    {
        "Model",
        "Base",
        "DeclarativeBase",
        "SQLModel",
        "Document",
        "AbstractUser",
        "AbstractBaseUser",
        "DynamicDocument",
    }
)
_NOT_MODELS = (
    "Serializer",
    "Schema",
    "Form",
    "View",
    "Response",
    "Error",
    "Exception",
    "Manager",
    "Mixin",
    "Permission",
)


@dataclass
class Registrar:
    """An object whose methods register routes: ``app = Flask(...)``, ``router = APIRouter(...)``."""

    framework: FrameworkModel
    prefix: str = ""
    is_app: bool = False
    evidence: list[AccessEvidence] = field(default_factory=list)
    # ``auth=`` / ``guards=`` given to the registrar itself or where it is mounted.
    keyword_evidence: list[AccessEvidence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HookSite:
    """A ``before_request`` registration: the receiver as written, and what the hook demands
    (``None`` with ``function`` set when the hook lives in a module not read yet)."""

    receiver: str
    app_wide: bool
    evidence: AccessEvidence | None
    function: str = ""


@dataclass
class ModuleAnalysis:
    tree: ast.Module
    knowledge: Knowledge
    cross: CrossFile = NO_PROJECT
    # Rules never report authorized endpoints, so by default their data flow is not read.
    exposures_when_authorized: bool = False
    registrars: dict[str, Registrar] = field(default_factory=dict)
    hooks: dict[str, list[AccessEvidence]] = field(default_factory=dict)
    hook_sites: list[HookSite] = field(default_factory=list)
    models_by_bases: dict[str, bool] = field(default_factory=dict)
    wiring: dict[str, Wiring] = field(default_factory=dict)
    # Handlers of other modules wired here (``app.add_route("/x", handlers.Directory())``),
    # by qualified name: the project index carries them to their modules.
    exported_wiring: dict[str, Wiring] = field(default_factory=dict)
    endpoints: list[Endpoint] = field(default_factory=list)
    misplaced: list[MisplacedGuard] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.project = self.cross.project or ProjectModel()
        name = self.cross.module or CHECKED_MODULE
        self.model = self.project.add(Source(name, self.cross.package, self.cross.path, self.tree))
        self.imports = self.model.imports
        self.functions = self.model.functions
        self.classes = self.model.classes
        self.constants = self.model.constants
        self.access = AccessReader.of(self.knowledge, self.project, self.model, self.cross.drf_default)
        self.scope = ModuleScope(
            self.imports,
            self.functions,
            self.classes,
            self.constants,
            self.knowledge.caller_names,
            self._is_model,
            self.cross.helper,
            self._returns_caller,
        )

    def _returns_caller(self, call: ast.Call) -> bool:
        return self.access.guards.is_caller(call, self.access.scope())

    def _is_model(self, name: str) -> bool:
        """A model class: a project class whose bases are an ORM's model base (whatever its
        name says, ``UserPermissionGroupEnvironmentPermission`` too), else by its name."""
        if not name[:1].isupper() or name.isupper():
            return False
        if name not in self.models_by_bases:
            qualified = self.model.project_name(ast.Name(name)) or name
            lineage = self.project.lineage(self.project.canonical(qualified))
            self.models_by_bases[name] = any(base.rsplit(".", 1)[-1] in _MODEL_BASES for base in lineage)
        if self.models_by_bases[name]:
            return True
        if name.endswith(_NOT_MODELS):
            return False
        constant = self.constants.get(name)
        if isinstance(constant, ast.Call):
            return last_name(constant) == "get_user_model"
        return name in self.classes or name in self.imports.names

    # -- the whole module ------------------------------------------------------------------
    def facts(self) -> ModuleFacts:
        self.collect_registrars()
        self.collect_wiring()
        self.collect_hooks()
        for function in self.all_functions():
            self._function_endpoint(function)
        for node in self.classes.values():
            self._class_endpoints(node)
        endpoints = tuple(sorted(self.endpoints, key=lambda e: (e.line, e.name)))
        return ModuleFacts(endpoints, tuple(self.misplaced), tuple(self._open_defaults()))

    def all_functions(self) -> Iterator[FunctionNode]:
        """Module functions and decorated functions defined inside them (app factories)."""
        top_level = set(self.functions.values())
        for statement in self.statements:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                statement in top_level or statement.decorator_list
            ):
                yield statement

    def _framework_of_module(self) -> FrameworkModel | None:
        for model in self.knowledge.frameworks:
            if model.route_decorators and self.imports.imports_from(model.import_roots):
                return model
        return None

    # -- registration sites ------------------------------------------------------------
    def collect_registrars(self) -> None:
        for node in self.statements:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1:
                name = dotted_name(node.targets[0]) or ""
                qualified = self.imports.qualify(node.value)
                for model in self.knowledge.frameworks:
                    found = matches(qualified, model.route_registrars)
                    if name and found:
                        call = node.value
                        prefix = string_value(keyword(call, "url_prefix") or keyword(call, "prefix")) or ""
                        is_app = not any(word in found for word in _NOT_APPS)
                        layer = Layer.APP_HOOK if is_app else Layer.ROUTER
                        evidence = self.access.dependency_list(keyword(call, "dependencies"), Layer.ROUTER)
                        self.registrars[name] = Registrar(
                            model, prefix, is_app, evidence, self.access.keyword_access(call, model, layer)
                        )
        for call in self.module_calls():
            if isinstance(call.func, ast.Attribute) and call.func.attr == "include_router" and call.args:
                router = self.registrars.get(dotted_name(call.args[0]) or "")
                if router is not None:
                    router.evidence += self.access.dependency_list(
                        keyword(call, "dependencies"), Layer.ROUTER
                    )
                    router.prefix = (string_value(keyword(call, "prefix")) or "") + router.prefix
            if (
                isinstance(call.func, ast.Attribute)
                and call.func.attr in ("append", "extend")
                and isinstance(call.func.value, ast.Attribute)
            ):
                # ``app.middlewares.append(require_login)``: an access keyword filled in later
                owner = self.registrars.get(dotted_name(call.func.value.value) or "")
                attribute = call.func.value.attr
                if owner is not None and attribute in owner.framework.access_keywords and call.args:
                    value = call.args[0] if call.func.attr == "extend" else ast.List([call.args[0]])
                    owner.keyword_evidence += self.access.access_settings(
                        [(attribute, value)], owner.framework, Layer.APP_HOOK, call.lineno
                    )
            if isinstance(call.func, ast.Attribute) and call.func.attr == "add_router" and len(call.args) > 1:
                # django-ninja: ``api.add_router("/crm/", router, auth=...)``
                router = self.registrars.get(dotted_name(call.args[1]) or "")
                if router is not None:
                    router.prefix = (string_value(call.args[0]) or "") + router.prefix
                    router.keyword_evidence = (
                        self.access.keyword_access(call, router.framework, Layer.ROUTER)
                        or router.keyword_evidence
                    )
            if isinstance(call.func, ast.Attribute) and call.func.attr == "register_blueprint" and call.args:
                blueprint = self.registrars.get(dotted_name(call.args[0]) or "")
                url_prefix = string_value(keyword(call, "url_prefix"))
                if blueprint is not None and url_prefix:
                    blueprint.prefix = url_prefix

    @cached_property
    def statements(self) -> list[ast.stmt]:
        return list(walk_statements(self.tree))

    def module_calls(self) -> Iterator[ast.Call]:
        """Calls made as statements anywhere in the module (``app.register_blueprint(bp)``)."""
        for node in self.statements:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                yield node.value

    def collect_hooks(self) -> None:
        """Before-request hooks by receiver. What they attach the caller to (``g.user``,
        ``request.ctx.account``) names the caller everywhere in the module."""
        local = [
            (registration, hook) for registration, hook in self._hook_functions() if not isinstance(hook, str)
        ]
        for _, hook in local:
            self.access.guards.attached_callers |= attached_callers(hook)
        self.scope.caller_names = tuple(
            dict.fromkeys((*self.scope.caller_names, *sorted(self.access.guards.attached_callers)))
        )
        for registration, found in self._hook_functions():
            if isinstance(found, str):
                self._add_imported_hook(registration, found)
            else:
                self._add_hook(registration, found)

    def _hook_functions(self) -> Iterator[tuple[ast.Attribute, FunctionNode | str]]:
        """Before-request hooks (``@bp.before_request``, ``@app.on_request``,
        ``@app.middleware("request")``, ``@app.hook("before_request")``, ``app.before_request(f)``):
        the registration and the function (its qualified name when another module defines it)."""
        names = self._hook_registrations
        for function in self.all_functions():
            for decorator in function.decorator_list:
                if isinstance(decorator, ast.Attribute) and decorator.attr in names:
                    yield decorator, function
                elif (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in names
                ):
                    stage = string_value(decorator.args[0]) if decorator.args else None
                    if stage in (None, "request", "before_request"):
                        yield decorator.func, function
        for call in self.module_calls():
            if isinstance(call.func, ast.Attribute) and call.func.attr in names and call.args:
                hook = self.functions.get(last_name(call.args[0]) or "")
                if hook is not None:
                    yield call.func, hook
                elif (qualified := self.imports.qualify(call.args[0])) is not None:
                    yield call.func, qualified

    @cached_property
    def _hook_registrations(self) -> frozenset[str]:
        """Hook-installing methods of the frameworks this module uses (aiohttp's
        ``@web.middleware`` is not Sanic's ``@app.middleware``)."""
        return frozenset(
            name
            for model in self.knowledge.frameworks
            if self.imports.imports_from(model.import_roots)
            for name in model.hook_registrations
        )

    def _hook_site(
        self, registration: ast.Attribute, evidence: AccessEvidence | None, function: str = ""
    ) -> HookSite:
        receiver = dotted_name(registration.value) or ""
        registrar = self.registrars.get(receiver)
        # An app's hook guards the whole module only where the module builds one app.
        single_app = sum(r.is_app for r in self.registrars.values()) == 1
        app_wide = registration.attr == "before_app_request" or (
            registrar is not None and registrar.is_app and single_app
        )
        site = HookSite(receiver, app_wide, evidence, function)
        self.hook_sites.append(site)
        if evidence is not None:
            self.hooks.setdefault("*" if app_wide else receiver, []).append(evidence)
        return site

    def _add_hook(self, registration: ast.Attribute, hook: FunctionNode) -> None:
        verdict = self.access.hook_body(hook)
        self._hook_site(
            registration,
            None
            if verdict is None
            else AccessEvidence(verdict.level, Layer.APP_HOOK, hook.name, hook.lineno),
        )

    def _add_imported_hook(self, registration: ast.Attribute, qualified: str) -> None:
        """A hook defined in another module: judged by its body there, through the project model."""
        symbol = self.project.resolve(self.cross.resolve(qualified))
        evidence = None
        if symbol is not None and isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            verdict = self.access.reader_for(symbol.module).hook_body(symbol.node)
            if verdict is not None:
                evidence = AccessEvidence(
                    verdict.level, Layer.APP_HOOK, symbol.name, symbol.node.lineno, path=symbol.module.path
                )
        self._hook_site(registration, evidence, qualified)

    def collect_wiring(self) -> None:
        """``add_url_rule`` calls and Django ``urlpatterns`` that name views of this module."""
        for call in self.module_calls():
            if isinstance(call.func, ast.Attribute) and call.func.attr == "add_url_rule":
                view = keyword(call, "view_func") or (call.args[2] if len(call.args) > 2 else None)
                rule = string_value(argument(call, 0, "rule"))
                receiver = dotted_name(call.func.value) or ""
                registrar = self.registrars.get(receiver)
                prefix = registrar.prefix if registrar else ""
                methods = tuple(s for s in map(string_value, sequence_items(keyword(call, "methods"))) if s)
                framework = registrar.framework.name if registrar else "flask"
                self._wire(
                    view,
                    framework,
                    Route(methods, prefix + rule if rule else None),
                    Layer.DECORATOR,
                    receiver,
                )
        if any(
            model.route_calls and self.imports.imports_from(model.import_roots)
            for model in self.knowledge.frameworks
        ):
            calls = [
                (node, found)
                for node in ast.walk(self.tree)
                if isinstance(node, ast.Call) and (found := self._route_call(node)) is not None
            ]
            # Tables first (``Starlette(routes=ROUTES, middleware=...)``), so that the routes
            # inside them are wired with the table's layers, not on their own.
            tables_first = sorted(
                calls, key=lambda pair: not isinstance(self._route_arguments(*pair)[0], (ast.List, ast.Tuple))
            )
            for call, found in tables_first:
                self._wire_route_call(call, found)
        patterns = self.constants.get("urlpatterns")
        for item in sequence_items(patterns) if isinstance(patterns, (ast.List, ast.Tuple)) else []:
            if (
                isinstance(item, ast.Call)
                and last_name(item) in ("path", "re_path", "url")
                and len(item.args) > 1
            ):
                self._wire(item.args[1], "django", Route((), string_value(item.args[0])), Layer.URLCONF)

    def _route_arguments(
        self, call: ast.Call, found: tuple[FrameworkModel, RouteCall]
    ) -> tuple[ast.expr | None, ast.expr | None]:
        """The handler (a table when it names a module constant list) and the path of a wiring call."""
        spec = found[1]
        handler = (
            argument(call, spec.handler, spec.handler_keyword)
            if spec.handler is not None
            else keyword(call, spec.handler_keyword or "")
        )
        path = (
            argument(call, spec.path, spec.path_keyword)
            if spec.path is not None
            else keyword(call, spec.path_keyword or "")
        )
        if isinstance(handler, ast.Name) and isinstance(
            self.constants.get(handler.id), (ast.List, ast.Tuple)
        ):
            handler = self.constants[handler.id]  # ``Application(HANDLERS)``
        return handler, path

    def _route_call(self, call: ast.Call) -> tuple[FrameworkModel, RouteCall] | None:
        name = call.func.attr if isinstance(call.func, ast.Attribute) else last_name(call.func) or ""
        return self.knowledge.route_call(name, self.imports.qualify(call.func), self.imports.imports_from)

    def _wire_route_call(
        self,
        call: ast.Call,
        found: tuple[FrameworkModel, RouteCall],
        outer: str = "",
        enclosing: tuple[AccessEvidence, ...] = (),
    ) -> None:
        """``app.add_route("/x", Resource())``, ``Route("/x", f)``, ``Application([(r"/", H)])``,
        ``app.add_routes([web.get("/x", f)])`` (wired on ``app``)."""
        model, spec = found
        handler, path_node = self._route_arguments(call, found)
        route = Route(spec.methods or _methods(call), string_value(path_node))
        evidence = enclosing + tuple(self.access.keyword_access(call, model, Layer.ROUTER))
        # ``app.add_route(...)`` is wired on ``app``; ``web.get(...)`` is a function of a module.
        is_method = (
            isinstance(call.func, ast.Attribute)
            and (dotted_name(call.func.value) or "").split(".")[0] not in self.imports.names
        )
        receiver = (
            (dotted_name(call.func.value) or "")
            if is_method and isinstance(call.func, ast.Attribute)
            else outer
        )
        items = sequence_items(handler) if isinstance(handler, (ast.List, ast.Tuple)) else [handler]
        for item in items:
            if isinstance(item, ast.Tuple) and len(item.elts) >= 2:
                self._wire_handler(
                    item.elts[1],
                    Wiring(model.name, Route(route.methods, string_value(item.elts[0])), evidence, receiver),
                )
            elif isinstance(item, ast.Call) and (nested := self._route_call(item)) is not None:
                self._wire_route_call(
                    item, nested, receiver, evidence
                )  # ``Mount("/admin", routes=[Route(...)])``
            elif isinstance(item, (ast.Name, ast.Attribute, ast.Call)):
                self._wire_handler(item, Wiring(model.name, route, evidence, receiver))

    def _wire_handler(self, handler: ast.expr, wiring: Wiring) -> None:
        """A function, a class, or an instance of a class (``Resource()``, or a name bound to
        one: ``directory = Directory(); app.add_route("/d", directory)``) wired to a route;
        one of another module (``handlers.Directory()``) is exported to the project index."""
        if isinstance(handler, ast.Name) and handler.id in self.instances:
            handler = ast.Name(self.instances[handler.id])
        if isinstance(handler, ast.Call) and (last_name(handler.func) or "")[:1].isupper():
            handler = handler.func  # an instance: the class is the handler
        target, wrappers = self.unwrap_view(handler, Layer.ROUTER)
        found = Wiring(wiring.framework, wiring.route, wiring.evidence + wrappers, wiring.registrar)
        if isinstance(target, ast.Name) and (target.id in self.functions or target.id in self.classes):
            self.wiring.setdefault(target.id, found)
        elif target is not None and (qualified := self.imports.qualify(target)) and "." in qualified:
            self.exported_wiring.setdefault(qualified, found)

    def exported_routes(self) -> dict[str, Wiring]:
        """Handlers of other modules wired here, with the layers of what they were wired on."""
        return {
            qualified: Wiring(
                w.framework,
                w.route,
                w.evidence + tuple(self._wired_layers(w, self.knowledge.framework(w.framework))),
                w.registrar,
            )
            for qualified, w in self.exported_wiring.items()
        }

    @cached_property
    def instances(self) -> dict[str, str]:
        """Names bound to an instance of a class of this module (``directory = Directory()``)."""
        bound = {}
        for statement in self.statements:
            if (
                isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Call)
                and isinstance(statement.value.func, ast.Name)
                and statement.value.func.id in self.classes
            ):
                bound.update(
                    {t.id: statement.value.func.id for t in statement.targets if isinstance(t, ast.Name)}
                )
        return bound

    def _wire(
        self, view: ast.expr | None, framework: str, route: Route, layer: Layer, registrar: str = ""
    ) -> None:
        target, evidence = self.unwrap_view(view, layer)
        if isinstance(target, ast.Name):
            self.wiring[target.id] = Wiring(framework, route, evidence, registrar)

    def unwrap_view(
        self, view: ast.expr | None, layer: Layer
    ) -> tuple[ast.expr | None, tuple[AccessEvidence, ...]]:
        """``login_required(CustomerList.as_view())`` → ``CustomerList`` and the wrappers' say."""
        evidence: list[AccessEvidence] = []
        while isinstance(view, ast.Call):
            if isinstance(view.func, ast.Attribute) and view.func.attr == "as_view":
                view = view.func.value
                continue
            wrapper = self.access.decorator(view.func, layer)
            if wrapper is not None:
                evidence.append(wrapper)
            view = view.args[0] if view.args else None
        return view, tuple(evidence)

    # -- function endpoints ----------------------------------------------------------
    def _function_endpoint(self, function: FunctionNode) -> None:
        route_index, registrar_name, model, route = self._route_decorator(function)
        wiring = self._wiring_of(function.name) if function in self.functions.values() else None
        evidence: list[AccessEvidence] = []
        callers: tuple[str, ...] = ()
        if route_index is not None and model is not None:
            evidence += self._decorators(function.decorator_list[route_index + 1 :])
            for decorator in function.decorator_list[:route_index]:
                misplaced = self.access.decorator(decorator)
                if misplaced is not None and model.registers_at_decoration:
                    self.misplaced.append(
                        MisplacedGuard(
                            decorator.lineno,
                            decorator.col_offset,
                            misplaced.source,
                            function.name,
                            "above the route decorator, so the route registers the undecorated function",
                        )
                    )
            evidence += self._registrar_layers(registrar_name, model, function)
            evidence += self._keyword_layers(function.decorator_list[route_index], registrar_name, model)
            callers = self.access.authenticated_parameters(function)
            framework = model.name
        elif (drf_view := self._api_view(function)) is not None:
            framework, route = "drf", drf_view
            evidence += self._decorators(function.decorator_list)
            if not any(
                matches(self.imports.qualify(d), (drf.PERMISSION_CLASSES_DECORATOR,))
                for d in function.decorator_list
            ):
                evidence.append(self.access.drf_default(function.lineno))
        elif wiring is not None or self._is_django_view(function):
            framework = wiring.framework if wiring else "django"
            evidence += self._decorators(function.decorator_list)
            evidence += self._site_wide(framework)
        else:
            return
        if wiring is not None:
            route = route if route.path else wiring.route
            evidence += wiring.evidence
            if route_index is None:
                evidence += self._wired_layers(wiring, self.knowledge.framework(wiring.framework))
        self._add_endpoint(
            function.name,
            framework,
            route,
            function,
            function,
            evidence,
            callers + self._request_callers(function),
        )

    def _route_decorator(
        self, function: FunctionNode
    ) -> tuple[int | None, str, FrameworkModel | None, Route]:
        for index, decorator in enumerate(function.decorator_list):
            bare = (
                self.knowledge.bare_route(self.imports.qualify(decorator))
                if isinstance(decorator, ast.Call)
                else None
            )
            if bare is not None and isinstance(decorator, ast.Call):
                bare_model, default_methods = bare
                return (
                    index,
                    "",
                    bare_model,
                    Route(
                        _methods(decorator) or default_methods or ("GET",),
                        string_value(argument(decorator, 0, "path")),
                    ),
                )
            if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                continue
            receiver = dotted_name(decorator.func.value) or ""
            registrar = self.registrars.get(receiver)
            model = registrar.framework if registrar else self._framework_of_module()
            if model is None or decorator.func.attr not in model.route_decorators:
                continue
            path = string_value(argument(decorator, 0, "rule") or keyword(decorator, "path"))
            if (
                registrar is None
                and decorator.func.attr != "route"
                and (path is None or not path.startswith("/"))
            ):
                continue
            methods = _methods(decorator) or model.route_decorators[decorator.func.attr] or ("GET",)
            prefix = self._project_layers(receiver).prefix or (registrar.prefix if registrar else "")
            return index, receiver, model, Route(methods, prefix + path if path is not None else None)
        return None, "", None, Route()

    def _keyword_layers(self, route: ast.expr, receiver: str, model: FrameworkModel) -> list[AccessEvidence]:
        """``auth=``/``guards=``/``permission=`` of the route, its router and its app: the
        nearest one where the framework says so (django-ninja), all of them where they stack."""
        if not model.access_keywords or not isinstance(route, ast.Call):
            return []
        registrar = self.registrars.get(receiver)
        apps = self._enclosing_apps(registrar, model)
        levels = [
            self.access.keyword_access(route, model, Layer.DECORATOR),
            registrar.keyword_evidence if registrar else [],
            *(app.keyword_evidence for app in apps),
        ]
        stacked = [e for level in levels for e in level if not e.overrides]
        nearest = next((level for level in ([e for e in lv if e.overrides] for lv in levels) if level), [])
        return stacked + nearest

    def _receiver_layers(self, receiver: str, model: FrameworkModel) -> list[AccessEvidence]:
        """Hooks and dependencies that wrap every route of a registrar (or of the whole app)."""
        evidence = list(self.hooks.get(receiver, [])) + list(self.hooks.get("*", []))
        evidence += [e for e in self._project_layers(receiver).evidence if e.path != self.cross.path]
        registrar = self.registrars.get(receiver)
        if registrar is not None:
            evidence += registrar.evidence
        evidence += [e for app in self._enclosing_apps(registrar, model) for e in app.evidence]
        return evidence

    def _enclosing_apps(self, registrar: Registrar | None, model: FrameworkModel) -> list[Registrar]:
        """The app whose app-wide layers also wrap a router's routes: none for an app itself,
        and none where the module builds several apps (which one is not known)."""
        if registrar is not None and registrar.is_app:
            return []
        apps = [r for r in self.registrars.values() if r.is_app and r.framework is model]
        return apps if len(apps) == 1 else []

    def _wired_layers(self, wiring: Wiring, model: FrameworkModel) -> list[AccessEvidence]:
        """What wraps a view wired by a call on an app or blueprint (``app.add_route(...)``)."""
        if not wiring.registrar:
            return []
        # ``app.router.add_get(...)`` is wired on ``app``
        registrar = self.registrars.get(wiring.registrar) or self.registrars.get(
            wiring.registrar.split(".")[0]
        )
        apps = self._enclosing_apps(registrar, model)
        keywords = [e for r in ([registrar] if registrar else []) + apps for e in r.keyword_evidence]
        return (
            self._receiver_layers(wiring.registrar.split(".")[0] if registrar else wiring.registrar, model)
            + keywords
        )

    def _registrar_layers(
        self, receiver: str, model: FrameworkModel, function: FunctionNode
    ) -> list[AccessEvidence]:
        """The registrar's layers, and the dependencies the route itself declares (FastAPI)."""
        evidence = self._receiver_layers(receiver, model)
        for decorator in function.decorator_list:
            if isinstance(decorator, ast.Call):
                evidence += self.access.dependency_list(keyword(decorator, "dependencies"), Layer.DEPENDENCY)
        evidence += self.access.parameter_dependencies(function)
        return evidence

    def _wiring_of(self, name: str) -> Wiring | None:
        """How a URL table of this module, or else of another one, wires a view."""
        return self.wiring.get(name) or self.cross.wiring.get(name)

    def _site_wide(self, framework: str) -> list[AccessEvidence]:
        """``LoginRequiredMiddleware`` in the project's settings guards every Django view."""
        return list(self.cross.site_wide) if framework == "django" else []

    def _project_layers(self, receiver: str) -> RegistrarLayers:
        """Hooks, dependencies and prefixes other modules put on a blueprint or router."""
        if not receiver or not self.cross.registrars:
            return RegistrarLayers()
        return self.cross.registrars.get(self.cross.resolve(self.project_name(receiver)), RegistrarLayers())

    def project_name(self, dotted: str) -> str:
        """A name of this module, or an imported one, as the whole project spells it."""
        head, _, rest = dotted.partition(".")
        imported = self.imports.names.get(head)
        if imported is None:
            return self.cross.own(dotted)
        return f"{imported}.{rest}" if rest else imported

    def _decorators(self, decorators: Iterable[ast.expr]) -> list[AccessEvidence]:
        found = [self.access.decorator(d) for d in decorators]
        return [e for e in found if e is not None]

    def _api_view(self, function: FunctionNode) -> Route | None:
        for decorator in function.decorator_list:
            if matches(self.imports.qualify(decorator), (drf.API_VIEW,)):
                methods = (
                    sequence_items(argument(decorator, 0, "http_method_names"))
                    if isinstance(decorator, ast.Call)
                    else []
                )
                return Route(tuple(s.upper() for s in map(string_value, methods) if s) or ("GET",))
        return None

    def _is_django_view(self, function: FunctionNode) -> bool:
        """A module function taking ``request`` first; a private one (``_rows(request)``) is a
        helper, and so is an undecorated one that URL tables never name while they do name
        other views of this module."""
        arguments = function.args.args
        unrouted_helper = bool(self.wiring or self.cross.wiring) and not function.decorator_list
        return (
            bool(arguments)
            and arguments[0].arg == "request"
            and not function.name.startswith("_")
            and not unrouted_helper
            and self.imports.imports_from(("django",))
            and function in self.functions.values()
        )

    def _request_callers(self, function: FunctionNode) -> tuple[str, ...]:
        arguments = function.args.args
        if arguments and arguments[0].arg not in ("request", "self"):
            return (f"{arguments[0].arg}.user",)
        return ()

    # -- class-based endpoints --------------------------------------------------------
    def _class_endpoints(self, node: ast.ClassDef) -> None:
        bases = self._base_names(node)
        matched = [
            found
            for base in self._view_base_names(node)
            if (found := self.knowledge.view_base(base)) is not None
        ]
        wiring = self._wiring_of(node.name)
        methods = [m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
        # methods carrying route decorators (Litestar controllers, ``@strawberry.field`` methods)
        declared = {m: d for m in methods if (d := self._bare_route(m)) is not None}
        routed = next(
            (by for d in declared.values() if (by := self.knowledge.bare_route(self.imports.qualify(d)))),
            None,
        )
        if not matched and wiring is None and routed is None:
            return
        fallback = wiring.framework if wiring else routed[0].name if routed else "django"
        model = matched[0][0] if matched else self.knowledge.framework(fallback)
        if any(m.name == "drf" for m, _ in matched):
            model = self.knowledge.framework("drf")
        lists = any(base.lists for _, base in matched)
        context = class_context(node, self.classes, lists)
        route = wiring.route if wiring else Route()
        class_evidence = (
            self._class_layers(node, model, bases, context)
            + list(wiring.evidence if wiring else ())
            + self._site_wide(model.name)
        )
        class_evidence += self._wired_layers(wiring, model) if wiring else []
        handlers = [
            m
            for m in methods
            if m.name in model.handler_methods
            or m.name.startswith(model.handler_prefixes)
            or self._action(m) is not None
            or m in declared
        ]
        for method in handlers:
            action = self._action(method)
            name = method.name
            read = is_read(name) or (action is not None and self._action_is_read(action))
            evidence = [
                e
                for e in class_evidence
                if e.layer is not Layer.CLASS_ATTRIBUTE
                or not (action is not None and keyword(action, "permission_classes"))
            ]
            evidence += self._permission_layers(
                node, context, model, name if action is None else ("get" if read else "post"), action
            )
            misplaced = self._misplaced_in_class(method, model)
            bare = declared.get(method)
            if isinstance(bare, ast.Call):  # ``@get("/mine", guards=[...])`` on a controller method
                own = self.access.keyword_access(bare, model, Layer.DECORATOR)
                if any(
                    e.overrides for e in own
                ):  # the method's own ``permission=`` replaces the class default
                    evidence = [e for e in evidence if not (e.overrides and e.layer is Layer.CLASS_ATTRIBUTE)]
                evidence += own
            if bare is not None:
                misplaced = [*misplaced, bare]
            evidence += self._decorators(
                [d for d in method.decorator_list if d is not action and d not in misplaced]
            )
            evidence += self._per_method_decorators(context, model, name)
            method_route = route
            if bare is not None:
                prefix = string_value(context.attribute("path")) or ""
                path = string_value(argument(bare, 0, "path")) if isinstance(bare, ast.Call) else None
                default_methods = (self.knowledge.bare_route(self.imports.qualify(bare)) or (model, ()))[1]
                method_route = Route(
                    (_methods(bare) if isinstance(bare, ast.Call) else ()) or default_methods,
                    prefix + (path or "") if prefix or path else None,
                )
            self._add_endpoint(
                f"{node.name}.{name}", model.name, method_route, node, method, evidence, (), context
            )
        served = {m.name for m in handlers}
        if (
            (not handlers and (model.inherited_handlers or lists))
            or (lists and not served & {"get", "list"})
            or ("get_context_data" in context.methods and "get" not in served)
        ):
            evidence = class_evidence + self._permission_layers(node, context, model, "list", None)
            evidence += self._inherited_handler_layers(node)
            self._add_class_endpoint(node, model, route, context, evidence)
        if lists and "retrieve" not in served and self._retrieves(node):
            # a viewset's inherited ``retrieve``: its own permissions (``get_permissions`` per
            # action), one record by the lookup keyword; reported at the class line too
            evidence = class_evidence + self._permission_layers(node, context, model, "retrieve", None)
            exposures = (
                []
                if self._skips_data_flow(evidence)
                else exposures_of(self._retrieved(node, context), self.knowledge)
            )
            self.endpoints.append(
                self._endpoint(f"{node.name}.retrieve", model.name, route, node, evidence, exposures)
            )

    def class_model(self, node: ast.ClassDef) -> ClassModel:
        return ClassModel(self.model, node)

    def _inherited_handler_layers(self, node: ast.ClassDef) -> list[AccessEvidence]:
        """The decorators of the read handler a class inherits from a project base
        (``@expose("/list/") @has_access def list(self)`` of a base view), read where it is
        defined: they wrap the handler whatever class serves it."""
        cls = self.class_model(node)
        for name in _READ_HANDLERS:
            method = self.project.method(cls, name)
            if method is not None and method.owner.qualified != cls.qualified:
                reader = self.access.reader_for(method.owner.module)
                return self._stamped(
                    method.owner,
                    [e for d in method.function.decorator_list if (e := reader.decorator(d)) is not None],
                )
        # handlers of a framework base out of reach, as its documentation says they are guarded
        for base in self._view_base_names(node):
            level = self.knowledge.protected_base(base)
            if level is not None:
                source = f"{base.rsplit('.', 1)[-1]}'s own handlers"
                return [AccessEvidence(level, Layer.MIXIN, source, node.lineno)]
        return []

    def _view_base_names(self, node: ast.ClassDef) -> list[str]:
        """The names a framework's view bases are matched against: the classes out of the
        project, and the project's own bases by their qualified names (a framework's table
        names its own classes, also where its source is the code being checked). Read from
        the modules' outlines: telling a view from a form or a model parses nothing."""
        return list(self.project.lineage(self.model.qualified(node.name)))

    def _base_names(self, node: ast.ClassDef) -> list[str]:
        """Qualified names of the classes out of the project that a class inherits, through
        project bases of this module and of others."""
        return [base for base in self._view_base_names(node) if not self.project.is_project_class(base)]

    def _class_layers(
        self, node: ast.ClassDef, model: FrameworkModel, bases: list[str], context: ClassContext
    ) -> list[AccessEvidence]:
        """What a class and every class it inherits demand: mixins out of the project (by the
        framework's table), class decorators and access attributes wherever in the hierarchy they
        are written (read in their own module), and the methods the framework or a base class
        runs before every handler (``dispatch``, ``prepare``), judged by what they refuse."""
        cls = self.class_model(node)
        evidence: list[AccessEvidence] = []
        for base in bases:
            level = self._mixin_level(cls, base)
            if level is not None:
                evidence.append(AccessEvidence(level, Layer.MIXIN, base.rsplit(".", 1)[-1], node.lineno))
        evidence += self._class_decorators(cls, model, cls)
        for base in self.project.lineage(cls.qualified):
            owner = self.project.class_named(base) if self.project.is_decorated(base) else None
            if owner is not None:
                evidence += self._class_decorators(owner, model, cls)
        for attribute in model.access_keywords:
            found = self.project.attribute(cls, attribute)
            if found is not None:
                reader = self.access.reader_for(found[0].module)
                evidence += self._stamped(
                    found[0],
                    reader.access_settings(
                        [(attribute, found[1])], model, Layer.CLASS_ATTRIBUTE, found[1].lineno
                    ),
                )
        for guard_method in model.class_guard_methods:
            method = self.project.method(cls, guard_method)
            if method is not None:
                reader = self.access.reader_for(method.owner.module)
                layers = [e for d in method.function.decorator_list if (e := reader.decorator(d)) is not None]
                layers += reader.class_guard(method.function, method.owner, cls)
                evidence += self._stamped(method.owner, layers)
        evidence += self._as_view_wrappers(cls)
        for attribute in model.decorator_attributes:
            found = self.project.attribute(cls, attribute)
            if found is not None and not isinstance(found[1], ast.Dict):
                reader = self.access.reader_for(found[0].module)
                layers = [
                    e
                    for d in sequence_items(found[1])
                    if (e := reader.decorator(d, Layer.CLASS_ATTRIBUTE)) is not None
                ]
                evidence += self._stamped(found[0], layers)
        return evidence

    def _as_view_wrappers(self, cls: ClassModel) -> list[AccessEvidence]:
        """A project ``as_view()`` override that wraps the view it builds
        (``return event_permission_required(cls.permission)(view)``): the wrapper is a layer."""
        method = self.project.method(cls, "as_view")
        if method is None:
            return []
        reader = self.access.reader_for(method.owner.module)
        returned = [
            r.value
            for r in ast.walk(method.function)
            if isinstance(r, ast.Return) and isinstance(r.value, ast.Call)
        ]
        layers = [
            e
            for value in returned
            if len(value.args) == 1 and (e := reader.decorator(value.func)) is not None
        ]
        return self._stamped(method.owner, layers)

    def _mixin_level(self, cls: ClassModel, base: str) -> AccessLevel | None:
        """A framework mixin (``LoginRequiredMixin``), with the test a ``UserPassesTestMixin``
        subclass defines (``test_func``) and the permission check a ``PermissionRequiredMixin``
        subclass overrides (``has_permission``)."""
        level = self.knowledge.access_mixin(base)
        tested = base.endswith(("UserPassesTestMixin", "PermissionRequiredMixin"))
        for predicate in ("test_func", "has_permission") if tested else ():
            method = self.project.method(cls, predicate)
            if method is not None:
                judged = self.access.reader_for(method.owner.module).method_predicate(
                    method.function, method.owner, cls
                )
                return judged if judged is not None else AccessLevel.AUTHENTICATED
        if level is None and base.endswith("UserPassesTestMixin"):
            return AccessLevel.AUTHENTICATED
        if level is None and base.endswith("Mixin"):
            return self.knowledge.level_by_name(base.rsplit(".", 1)[-1])
        return level

    def _class_decorators(
        self, owner: ClassModel, model: FrameworkModel, cls: ClassModel
    ) -> list[AccessEvidence]:
        """``@method_decorator(login_required, name="dispatch")``, ``@view_defaults(permission=...)``.
        A base class's decorator reaches the endpoint class only where it wraps a method the
        class inherits from that base (``method_decorator(..., name="dispatch")``); others
        (``@falcon.before`` on a base) wrapped the base's own methods when it was defined."""
        reader = self.access.reader_for(owner.module)
        decorators = [
            d for d in owner.node.decorator_list if owner is cls or self._wraps_inherited(d, owner, cls)
        ]
        found = [e for d in decorators if (e := reader.decorator(d)) is not None]
        found += [
            e
            for d in decorators
            if isinstance(d, ast.Call)
            for e in reader.keyword_access(d, model, Layer.CLASS_ATTRIBUTE)
        ]
        return self._stamped(owner, found)

    def _wraps_inherited(self, decorator: ast.expr, owner: ClassModel, cls: ClassModel) -> bool:
        name = string_value(keyword(decorator, "name")) if isinstance(decorator, ast.Call) else None
        if name is None:
            return False
        method = self.project.method(cls, name)
        return method is None or method.owner.qualified == owner.qualified

    def _stamped(self, owner: ClassModel, evidence: list[AccessEvidence]) -> list[AccessEvidence]:
        """Layers read in another module name that module's file."""
        if owner.module.name == self.model.name:
            return evidence
        return [e if e.path else replace(e, path=owner.module.path) for e in evidence]

    def _per_method_decorators(
        self, context: ClassContext, model: FrameworkModel, method: str
    ) -> list[AccessEvidence]:
        """The dict form of ``method_decorators = {"get": [...]}``: only the named verbs."""
        evidence = []
        for attribute in model.decorator_attributes:
            value = context.attribute(attribute)
            if isinstance(value, ast.Dict):
                for key, decorators in zip(value.keys, value.values, strict=True):
                    if key is not None and (string_value(key) or "").lower() == method.lower():
                        evidence += [
                            e
                            for d in sequence_items(decorators)
                            if (e := self.access.decorator(d, Layer.CLASS_ATTRIBUTE)) is not None
                        ]
        return evidence

    def _permission_layers(
        self,
        node: ast.ClassDef,
        context: ClassContext,
        model: FrameworkModel,
        action: str,
        decorator: ast.Call | None,
    ) -> list[AccessEvidence]:
        """DRF: the action's own permission classes, else ``get_permissions``, else the class's, else the default."""
        if model.name != "drf":
            return []
        if decorator is not None and (own := keyword(decorator, "permission_classes")) is not None:
            return [self.access.permission_list(own, action, decorator.lineno, Layer.DECORATOR)]
        found = context.method("get_permissions")
        if found is not None:
            chosen = _branch_for_action(found[1], action)
            if chosen is not None:
                return [self.access.permission_list(chosen, action, chosen.lineno, Layer.CLASS_ATTRIBUTE)]
        attribute = context.attribute("permission_classes")
        if attribute is not None:
            return [self.access.permission_list(attribute, action, attribute.lineno, Layer.CLASS_ATTRIBUTE)]
        return [self.access.drf_default(node.lineno, action)]

    def _bare_route(self, method: FunctionNode) -> ast.expr | None:
        """A module-level route decorator on a method: Litestar controllers' ``@get("/x")``,
        Strawberry's ``@strawberry.field`` (with or without arguments)."""
        return next(
            (
                d
                for d in method.decorator_list
                if self.knowledge.bare_route(self.imports.qualify(d)) is not None
            ),
            None,
        )

    def _action(self, method: FunctionNode) -> ast.Call | None:
        for decorator in method.decorator_list:
            if isinstance(decorator, ast.Call) and matches(self.imports.qualify(decorator), (drf.ACTION,)):
                return decorator
        return None

    def _action_is_read(self, action: ast.Call) -> bool:
        methods = [s for s in map(string_value, sequence_items(keyword(action, "methods"))) if s]
        return not methods or any(is_read(m) for m in methods)

    def _misplaced_in_class(self, method: FunctionNode, model: FrameworkModel) -> list[ast.expr]:
        """DRF reads an action's permissions from ``@action(permission_classes=...)`` only."""
        if model.name != "drf" or self._action(method) is None:
            return []
        misplaced = [
            d
            for d in method.decorator_list
            if matches(self.imports.qualify(d), (drf.PERMISSION_CLASSES_DECORATOR,))
        ]
        for decorator in misplaced:
            self.misplaced.append(
                MisplacedGuard(
                    decorator.lineno,
                    decorator.col_offset,
                    "permission_classes",
                    method.name,
                    "on a viewset action, where DRF reads permissions only from @action(permission_classes=...)",
                )
            )
        return misplaced

    def _add_class_endpoint(
        self,
        node: ast.ClassDef,
        model: FrameworkModel,
        route: Route,
        context: ClassContext,
        evidence: list[AccessEvidence],
    ) -> None:
        # Outside list views, get_queryset only narrows the lookup of one object.
        if self._skips_data_flow(evidence):
            self.endpoints.append(self._endpoint(node.name, model.name, route, node, evidence, []))
            return
        hooks = ("get_queryset", "get_context_data") if context.lists_by_default else ("get_context_data",)
        hook_names = [n for n in hooks if context.method(n)]
        flows = []
        for hook in hook_names:
            found = context.method(hook)
            assert found is not None
            flows.append(Interpreter(self.scope, self.scope.flow_of(found[1]), found[0]))
        values: set[Value] = set()
        for interpreter in flows:
            for _, result in interpreter.results():
                values |= result
        if context.lists_by_default and "get_queryset" not in hook_names:
            values |= Interpreter(self.scope, FunctionFlow(node), context).default_queryset()
        if not context.lists_by_default:
            values |= self._retrieved(node, context)
        exposures = exposures_of(values, self.knowledge)
        self.endpoints.append(self._endpoint(node.name, model.name, route, node, evidence, exposures))

    def _retrieved(self, node: ast.ClassDef, context: ClassContext) -> set[Value]:
        """The record a generic single-object view or viewset hands out (``retrieve``,
        ``DetailView``): one of its queryset's records chosen by the URL keyword of its
        lookup; tied to the caller when the queryset is scoped or an object-level permission
        applies. A ``get_object`` of the project decides itself (read elsewhere)."""
        lookup = self._retrieves(node)
        if lookup is None or context.method("get_object") is not None:
            return set()
        key = next(
            (
                string_value(context.attribute(attribute)) or default
                for attribute, default in lookup
                if context.attribute(attribute) is not None
            ),
            "",
        )
        key = key or next((default for _, default in lookup if default), "pk")
        interpreter = Interpreter(self.scope, FunctionFlow(node), context)
        hook = context.method("get_queryset")
        rows = (
            interpreter.default_queryset()
            if hook is None
            else Interpreter(self.scope, self.scope.flow_of(hook[1]), hook[0]).results_union()
        )
        tied = self._object_permission(node)
        return {
            replace(v, kind=Kind.ROW, key=key, scoped=v.scoped or tied)
            for v in rows
            if v.kind in (Kind.ROWS, Kind.MODEL)
        }

    def _retrieves(self, node: ast.ClassDef) -> tuple[tuple[str, str], ...] | None:
        """The lookup of a view base that answers with one record (None when none does)."""
        bases = [
            matched[1]
            for base in self._view_base_names(node)
            if (matched := self.knowledge.view_base(base)) is not None
        ]
        return next((b.lookup for b in bases if b.retrieves), None)

    def _object_permission(self, node: ast.ClassDef) -> bool:
        """An object-level permission among the view's permission classes (DRF calls
        ``has_object_permission`` from ``get_object()``): a project class that defines it."""
        found = self.project.attribute(self.class_model(node), "permission_classes")
        if found is None:
            return False
        classes = [
            self.project.class_of(found[0].module, item.func if isinstance(item, ast.Call) else item)
            for item in sequence_items(found[1])
        ]
        return any(
            cls is not None and self.project.method(cls, "has_object_permission") is not None
            for cls in classes
        )

    # -- assembly -----------------------------------------------------------------------
    def _skips_data_flow(self, evidence: list[AccessEvidence]) -> bool:
        """Layers already authorize (body guards only add): what it returns cannot be a finding."""
        return not self.exposures_when_authorized and combine(evidence) is AccessLevel.AUTHORIZED

    def _add_endpoint(
        self,
        name: str,
        framework: str,
        route: Route,
        owner: ast.AST,
        function: FunctionNode,
        evidence: list[AccessEvidence],
        callers: tuple[str, ...],
        context: ClassContext | None = None,
    ) -> None:
        """An endpoint whose handler is ``function`` (a method of ``context``'s class, if any)."""
        if self._skips_data_flow(evidence):
            self.endpoints.append(self._endpoint(name, framework, route, function, evidence, []))
            return
        flow = self.scope.flow_of(function)
        for parameter in _chosen_parameters(function, callers):
            flow.bind_parameter(parameter, frozenset({Value(Kind.INPUT, parameter, function.lineno)}))
        interpreter = Interpreter(self.scope, flow, context, extra_callers=frozenset(callers))
        results = interpreter.results()
        exposures: list[Exposure] = []
        first_sink = None
        for line, values in results:
            found = exposures_of(values, self.knowledge)
            if found and first_sink is None:
                first_sink = line
            exposures += found
        aliases = tuple(
            t.id
            for s in function.body
            if isinstance(s, ast.Assign) and interpreter.is_caller(s.value)
            for t in s.targets
            if isinstance(t, ast.Name)
        )
        instance = ClassModel(self.model, context.node) if context is not None else None
        evidence = evidence + self.access.body_guards(function.body, callers + aliases, first_sink, instance)
        exposures = exposures_of_unique(exposures)
        start, end = function.lineno, getattr(function, "end_lineno", function.lineno) or function.lineno
        inside = [e for e in exposures if start <= e.line <= end]
        report_at: ast.AST = function if inside or not exposures else owner
        self.endpoints.append(
            self._endpoint(name, framework, route, function, evidence, exposures, report_at)
        )

    def _endpoint(
        self,
        name: str,
        framework: str,
        route: Route,
        node: ast.AST,
        evidence: list[AccessEvidence],
        exposures: list[Exposure],
        report_at: ast.AST | None = None,
    ) -> Endpoint:
        line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
        report_at = report_at or node
        report = getattr(report_at, "lineno", 1), getattr(report_at, "col_offset", 0)
        return Endpoint(
            name,
            framework,
            route,
            line,
            column,
            combine(evidence),
            tuple(evidence),
            tuple(exposures),
            *report,
        )

    # -- settings ------------------------------------------------------------------------
    def _open_defaults(self) -> Iterator[OpenDefault]:
        for statement in self.tree.body:
            if not (
                isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)
            ):
                continue
            if (
                statement.targets[0].id == "REST_FRAMEWORK"
                and (settings := self._settings_dict(statement.value)) is not None
            ):
                yield from self._rest_framework_defaults(statement, settings)
            if statement.targets[0].id == "INSTALLED_APPS" and self._drf_installed_unconfigured(
                statement.value
            ):
                yield OpenDefault(
                    statement.lineno,
                    statement.col_offset,
                    "INSTALLED_APPS",
                    "installs rest_framework but no settings module sets REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES, so every API view defaults to AllowAny",
                )

    def _drf_installed_unconfigured(self, apps: ast.expr) -> bool:
        """Needs the whole project: REST_FRAMEWORK may sit in any settings module."""
        if not self.cross.indexed or self.cross.drf_configured or "REST_FRAMEWORK" in self.constants:
            return False
        return any(
            string_value(item) == "rest_framework"
            for part in concatenated_parts(apps)
            for item in sequence_items(part)
        )

    def _settings_dict(self, value: ast.expr) -> ast.Dict | None:
        """A settings dict as written, or the literal a project function returns for it
        (``REST_FRAMEWORK = build_drf_settings(...)``); None when it is not known."""
        if isinstance(value, ast.Dict):
            return value
        symbol = self.project.lookup(self.model, value.func) if isinstance(value, ast.Call) else None
        if symbol is None or not isinstance(symbol.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        returned = [
            r.value for r in ast.walk(symbol.node) if isinstance(r, ast.Return) and r.value is not None
        ]
        return returned[0] if len(returned) == 1 and isinstance(returned[0], ast.Dict) else None

    def _rest_framework_defaults(self, statement: ast.Assign, settings: ast.Dict) -> Iterator[OpenDefault]:
        entries = {
            string_value(k): v for k, v in zip(settings.keys, settings.values, strict=True) if k is not None
        }
        permissions = entries.get("DEFAULT_PERMISSION_CLASSES")
        if permissions is None:
            yield OpenDefault(
                statement.lineno,
                statement.col_offset,
                "REST_FRAMEWORK",
                "has no DEFAULT_PERMISSION_CLASSES, so every API view defaults to AllowAny",
            )
            return
        names = [string_value(item) or dotted_name(item) or "" for item in sequence_items(permissions)]
        if not names or any(self.knowledge.is_public_marker(name) for name in names):
            yield OpenDefault(
                statement.lineno,
                statement.col_offset,
                "REST_FRAMEWORK",
                "sets DEFAULT_PERMISSION_CLASSES to AllowAny, so every API view is open unless it says otherwise",
            )


def exposures_of_unique(exposures: list[Exposure]) -> list[Exposure]:
    seen: dict[tuple[object, ...], Exposure] = {}
    for exposure in exposures:
        seen.setdefault((exposure.kind, exposure.entity, exposure.scoped), exposure)
    return list(seen.values())


# Methods a class-based view answers a read with, in the order frameworks look for them.
_READ_HANDLERS = ("get", "list", "get_list", "index")

# Handler parameters that are not what the caller chose: the request, the handler, injected
# services and sessions.
_NOT_CHOSEN = frozenset(
    {
        "self",
        "cls",
        "request",
        "req",
        "resp",
        "response",
        "info",
        "root",
        "db",
        "session",
        "conn",
        "connection",
        "context",
        "ctx",
        "_",
    }
)


def _chosen_parameters(function: FunctionNode, callers: tuple[str, ...]) -> list[str]:
    """A handler's parameters that the caller fills (path, query or body parameters), not those
    the framework injects (dependencies with a default, the request, the caller)."""
    positional = [*function.args.posonlyargs, *function.args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(function.args.defaults)) + list(
        function.args.defaults
    )
    pairs = [
        *zip(positional, defaults, strict=True),
        *zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True),
    ]
    chosen = []
    for parameter, default in pairs:
        injected = isinstance(default, ast.Call) or _annotation_injects(parameter.annotation)
        if parameter.arg not in _NOT_CHOSEN and parameter.arg not in callers and not injected:
            chosen.append(parameter.arg)
    return chosen


def _annotation_injects(annotation: ast.expr | None) -> bool:
    """``Annotated[User, Depends(current_user)]``, ``Session``, ``Request``: given by the framework."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.Subscript) and any(
        isinstance(n, ast.Call) for n in ast.walk(annotation.slice)
    ):
        return True
    name = (last_name(annotation) or "") if not isinstance(annotation, ast.Subscript) else ""
    return name in (
        "Request",
        "Session",
        "AsyncSession",
        "HTTPConnection",
        "WebSocket",
        "Connection",
        "BackgroundTasks",
    )


def _branch_for_action(function: FunctionNode, action: str) -> ast.expr | None:
    """The permission list ``get_permissions`` picks for an action (``if self.action == "list"``):
    the assignment or list returned on the path that action takes through the ``if``/``elif``
    chain; None when that path sets none (the class's ``permission_classes`` apply)."""
    return _permissions_on_path(function.body, action)


def _permissions_on_path(body: list[ast.stmt], action: str) -> ast.expr | None:
    for statement in body:
        if isinstance(statement, ast.If):
            branch = statement.body if _applies_to(statement.test, action) else statement.orelse
            found = _permissions_on_path(branch, action)
        else:
            found = _permission_value([statement])
        if found is not None:
            return found
    return None


def _applies_to(test: ast.expr, action: str) -> bool:
    """Whether a ``get_permissions`` test holds for ``action`` (``self.action in ("list",
    "retrieve")``, ``self.request.method in SAFE_METHODS``; ``not in``/``!=`` the reverse)."""
    strings = {s for n in ast.walk(test) if (s := string_value(n)) is not None}
    names = {dotted_name(n) or "" for n in ast.walk(test)}
    named = action in strings or (
        is_read(action) and (any("SAFE_METHODS" in n for n in names) or "GET" in strings)
    )
    negated = (isinstance(test, ast.Compare) and isinstance(test.ops[0], (ast.NotIn, ast.NotEq))) or (
        isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    )
    return named != negated


def _permission_value(body: list[ast.stmt]) -> ast.expr | None:
    for statement in body:
        if isinstance(statement, ast.Assign) and any(
            dotted_name(t) in ("permission_classes", "self.permission_classes") for t in statement.targets
        ):
            return statement.value
        if isinstance(statement, ast.Return) and isinstance(statement.value, ast.ListComp):
            return statement.value.generators[0].iter
        if isinstance(statement, ast.Return) and isinstance(statement.value, (ast.List, ast.Tuple)):
            return statement.value
        if isinstance(statement, ast.If):
            nested = _permission_value(statement.body) or _permission_value(statement.orelse)
            if nested is not None:
                return nested
    return None


def _methods(call: ast.Call) -> tuple[str, ...]:
    """``methods=["GET", "POST"]`` / ``method="GET"`` / ``request_method="GET"`` of a route."""
    for name in ("methods", "method", "request_method", "http_method"):
        value = keyword(call, name)
        if value is not None:
            return tuple(s.upper() for s in map(string_value, sequence_items(value)) if s)
    return ()


def analyze_module(
    tree: ast.Module,
    knowledge: Knowledge,
    cross: CrossFile = NO_PROJECT,
    *,
    exposures_when_authorized: bool = False,
) -> ModuleFacts:
    return ModuleAnalysis(tree, knowledge, cross, exposures_when_authorized).facts()
