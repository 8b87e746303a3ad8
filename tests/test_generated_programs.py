"""Generated programs through the real plugin entry point: nothing escapes, ever.

Two sources of programs:

* ``hypothesmith`` — arbitrary syntactically valid Python (from the grammar and from
  libcst's node types). These rarely look like web code, so a trailing comment that
  names framework words opens rosterguard's cheap textual gate and forces the full
  analysis over them.
* a strategy of framework-looking fragments (Flask/Django/DRF/FastAPI registration,
  access decorators, permission classes, ORM reads, URL tables, settings) spliced in
  random orders and nestings, valid or odd in ways real code is: decorators above
  classes, routes inside classes and app factories, ``permission_classes`` that are not
  lists, ``urlpatterns`` with stray items, star arguments, keyword-only oddities.

Every program goes through ``Plugin(tree, lines, filename).run()`` exactly as flake8
calls it, and through ``engine.check_source`` (the console script's path). Properties:
no exception escapes; at most one RG900, and never one of rosterguard's own failures
("internal error"); every finding is a well-formed flake8 tuple on a line of the file;
two runs (and a fresh parse) give the same output; the plugin and the console path agree;
the tree flake8 shares with other plugins is left unmodified.

CI runs a fixed, derandomized number of examples. Set ``ROSTERGUARD_FUZZ_EXAMPLES=5000``
for a long, randomized run.
"""

from __future__ import annotations

import ast
import os
import re
import warnings

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():  # libcst 1.0 (under hypothesmith) warns on import; pytest makes warnings errors
    warnings.simplefilter("ignore", DeprecationWarning)
    import hypothesmith

from rosterguard.config import settings_for_file
from rosterguard.engine import check_source
from rosterguard.flake8_plugin import Plugin
from rosterguard.project.index import cross_file_view

_LONG_RUN = os.environ.get("ROSTERGUARD_FUZZ_EXAMPLES", "").strip()


def _budget(ci_examples: int) -> settings:
    examples = int(_LONG_RUN) if _LONG_RUN else ci_examples
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=not _LONG_RUN,
        database=None,
        # The targeting phase (hill-climbing on hypothesmith's size targets) costs more than the
        # examples themselves; CI keeps the fixed example count cheap, long runs keep it.
        phases=tuple(Phase) if _LONG_RUN else tuple(p for p in Phase if p is not Phase.target),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# Names that open rosterguard's textual gate (engine._GATE_WORDS) without changing the tree.
_GATE_COMMENT = "# flask django rest_framework fastapi route View urlpatterns REST_FRAMEWORK add_url_rule request Router Blueprint\n"
_MESSAGE = re.compile(r"^RG\d{3} \S")


@pytest.fixture(scope="module")
def filename(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A path in a directory with no pyproject.toml above it: default settings, no user config."""
    return str(tmp_path_factory.mktemp("generated") / "generated_module.py")


def _parse(source: str) -> ast.Module:
    with warnings.catch_warnings():  # invalid escapes in generated literals warn; flake8 just parses
        warnings.simplefilter("ignore")
        return ast.parse(source)


def _fingerprint(tree: ast.AST) -> list[tuple[object, ...]]:
    """Every node's type, plain fields and positions; iterative (ast.dump recurses, trees here are deep)."""
    nodes = []
    for node in ast.walk(tree):
        plain = tuple((name, value) for name, value in ast.iter_fields(node) if not isinstance(value, (ast.AST, list)))
        children = tuple(len(value) for _, value in ast.iter_fields(node) if isinstance(value, list))
        position = tuple(getattr(node, name, None) for name in node._attributes)
        nodes.append((type(node).__name__, plain, children, position))
    return nodes


def _run_plugin(source: str, filename: str) -> list[tuple[int, int, str]]:
    tree = _parse(source)
    before = _fingerprint(tree)
    lines = source.splitlines(keepends=True)
    results = list(Plugin(tree, lines, filename).run())
    assert _fingerprint(tree) == before, "the plugin modified the tree flake8 shares with other plugins"
    out = []
    for result in results:
        assert len(result) == 4, result
        line, column, message, checker = result
        assert checker is Plugin
        assert type(line) is int and type(column) is int, result
        assert 1 <= line <= max(len(lines), 1), (result, len(lines))
        assert column >= 0, result
        assert isinstance(message, str) and _MESSAGE.match(message), result
        assert "\n" not in message, result
        out.append((line, column, message))
    return out


def _check_properties(source: str, filename: str) -> list[tuple[int, int, str]]:
    first = _run_plugin(source, filename)
    second = _run_plugin(source, filename)
    assert first == second, "two runs over the same file differ"
    failures = [m for _, _, m in first if m.startswith("RG900")]
    assert len(failures) <= 1, first
    assert not any("internal error" in m for m in failures), f"rosterguard's own failure:\n{failures}\n--- source ---\n{source}"
    settings = settings_for_file(filename)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # what the console script does for a file (rosterguard.scan.check_file), minus reading it
        report = check_source(source, settings, cross_file_view(filename, settings))
    by_console = [(f.line, f.column, f"{f.code} {f.message}") for f in report.findings]
    assert sorted(by_console) == sorted(first), "the console script's path and the flake8 plugin disagree"
    return first


# -- hypothesmith: arbitrary valid Python -------------------------------------------------------


@_budget(150)
@given(source=hypothesmith.from_grammar(auto_target=bool(_LONG_RUN)))
def test_grammar_generated_programs(source: str, filename: str) -> None:
    _check_properties(source, filename)
    _check_properties(source + "\n" + _GATE_COMMENT, filename)


@_budget(25)
@given(source=hypothesmith.from_node(auto_target=bool(_LONG_RUN)))
def test_libcst_generated_programs(source: str, filename: str) -> None:
    _check_properties(source + "\n" + _GATE_COMMENT, filename)


# -- framework-looking fragments, spliced --------------------------------------------------------

IMPORTS = (
    "from flask import Flask, Blueprint, jsonify, g, abort, request, render_template",
    "from flask.views import MethodView, View",
    "from flask_login import login_required, current_user",
    "from flask_jwt_extended import jwt_required, get_jwt_identity",
    "from flask_security import roles_required, auth_required",
    "from flask_restful import Resource, Api",
    "from django.contrib.auth.decorators import login_required, permission_required, user_passes_test",
    "from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin",
    "from django.views.generic import ListView, DetailView, TemplateView",
    "from django.views import View",
    "from django.utils.decorators import method_decorator",
    "from django.views.decorators.csrf import csrf_exempt",
    "from django.http import JsonResponse, HttpResponse",
    "from django.shortcuts import render",
    "from django.urls import path, re_path, include",
    "from django.db.models import Count, Sum",
    "from rest_framework.views import APIView",
    "from rest_framework import generics, viewsets, permissions, mixins",
    "from rest_framework.decorators import api_view, permission_classes, action",
    "from rest_framework.permissions import AllowAny, IsAuthenticated, IsAdminUser, IsAuthenticatedOrReadOnly",
    "from rest_framework.response import Response",
    "from fastapi import FastAPI, APIRouter, Depends, Security",
    "from starlette.authentication import requires",
    "from sqlalchemy import select, func",
    "from typing import Annotated",
    "from .models import Customer, Search, Order, Client, Account",
    "from ..shop.models import *",
    "from . import views, models",
    "import flask as fl",
    "import django.contrib.auth.decorators",
    "from .serializers import CustomerSerializer",
    "from .auth import get_current_user, require_admin",
)

REGISTRARS = (
    "app = Flask(__name__)",
    "app = fl.Flask(__name__)",
    "bp = Blueprint('bp', __name__, url_prefix='/bp')",
    "api = Blueprint(url_prefix=PREFIX)",
    "app = FastAPI(dependencies=[Depends(get_current_user)])",
    "app = FastAPI()",
    "router = APIRouter(prefix='/r', dependencies=[Depends(require_admin)])",
    "router = APIRouter(dependencies=None)",
    "router = APIRouter(prefix=f'/{VERSION}', dependencies=[*EXTRA])",
    "app = Flask()",
    "app, other = Flask(__name__), Blueprint('o', __name__)",
    "app.sub = Blueprint('s', __name__)",
    "app = Flask(__name__) if DEBUG else None",
    "app: Flask = Flask(__name__)",
    "app = create_app()",
    "app = None",
)

DECORATORS = (
    "@app.route('/customers')",
    "@app.route('/c', methods=['GET', 'POST'])",
    "@app.route('/c', methods='GET')",
    "@app.route('/c', methods=None)",
    "@app.route()",
    "@app.route(*ROUTES, **OPTIONS)",
    "@app.route(f'/c/{VERSION}')",
    "@app.route(123)",
    "@app.get('/stats')",
    "@app.post('/x')",
    "@app.get('/u', dependencies=[Depends(get_current_user)])",
    "@app.get('/u', dependencies=Depends(get_current_user))",
    "@bp.route('/b')",
    "@bp.get('')",
    "@router.get('/r')",
    "@router.get('/r', dependencies=[Security(get_current_user, scopes=['admin'])])",
    "@api.get('/ninja', auth=None)",
    "@app.before_request",
    "@bp.before_request",
    "@login_required",
    "@login_required()",
    "@login_required(login_url='/login')",
    "@django.contrib.auth.decorators.login_required",
    "@permission_required('shop.view_customer')",
    "@user_passes_test(lambda u: u.is_staff)",
    "@user_passes_test(lambda: None)",
    "@jwt_required()",
    "@jwt_required(optional=True)",
    "@jwt_required",
    "@roles_required('admin')",
    "@auth_required('token')",
    "@requires('authenticated')",
    "@api_view(['GET'])",
    "@api_view",
    "@api_view()",
    "@permission_classes([AllowAny])",
    "@permission_classes([IsAdminUser])",
    "@permission_classes(AllowAny)",
    "@permission_classes([])",
    "@permission_classes([IsAuthenticated | IsAdminUser])",
    "@action(detail=False, methods=['get'])",
    "@action(detail=False, permission_classes=[AllowAny])",
    "@method_decorator(login_required, name='dispatch')",
    "@method_decorator(login_required)",
    "@method_decorator(name='get')",
    "@csrf_exempt",
    "@staticmethod",
    "@classmethod",
    "@property",
    "@functools.wraps(view)",
    "@(lambda f: f)",
    "@decorators[0]",
    "@app.route('/a').b.c",
    "@login_required(login_required)",
    "@app.route('/customers')(login_required)",
    "@require_admin",
    "@admin_only",
    "@public",
)

BODY = (
    "return jsonify([c.email for c in Customer.query.all()])",
    "return Customer.objects.all()",
    "return Customer.objects.filter(owner=request.user)",
    "return Customer.objects.filter(organization=request.user.organization).values('name')",
    "return request.user.organization.customers.all()",
    "return JsonResponse({'n': Search.objects.count()})",
    "return {'count': len(Customer.objects.all())}",
    "return Order.objects.values('customer').annotate(n=Count('id'))",
    "return Order.objects.aggregate(total=Sum('amount'))",
    "return session.execute(select(Customer)).scalars().all()",
    "return db.session.query(func.count(Search.id)).group_by(Search.customer_id).all()",
    "return render(request, 'customers.html', {'customers': Customer.objects.all()})",
    "return render_template('c.html', customers=Client.query.all())",
    "return Response(CustomerSerializer(Customer.objects.all(), many=True).data)",
    "return [c.name for c in Account.objects.all() if c]",
    "return {c.id: c for c in Customer.objects.all()}",
    "return Customer.objects.get(pk=pk)",
    "return Customer.objects.none()",
    "return helper()",
    "return self.helper(request)",
    "return",
    "return None",
    "return await Customer.all()",
    "return (yield Customer.objects.all())",
    "yield from Customer.objects.all()",
    "yield",
    "qs = Customer.objects.all()",
    "qs = qs.filter(owner=current_user)",
    "qs = Customer.objects.filter(tenant=get_jwt_identity())",
    "qs = Customer.objects.all(); return qs",
    "qs = qs = qs",
    "x = y = Customer.objects.all()",
    "a, *b = Customer.objects.all()",
    "(c := Customer.objects.count())",
    "del qs",
    "global qs",
    "pass",
    "...",
    "raise PermissionDenied",
    "abort(403)",
    "cursor.execute('SELECT name, email FROM customer')",
    "rows = cursor.execute('SELECT COUNT(*) FROM search GROUP BY customer_id').fetchall()",
    "queryset = Customer.objects.all()",
    "permission_classes = [AllowAny]",
    "permission_classes = []",
    "permission_classes = (IsAuthenticated,)",
    "permission_classes = AllowAny",
    "permission_classes = [*BASE_PERMISSIONS, IsAdminUser]",
    "permission_classes = [IsAuthenticated | IsAdminUser, ~IsAdminUser]",
    "permission_classes: list = [AllowAny]",
    "permission_classes += [IsAdminUser]",
    "permission_classes = None",
    "authentication_classes = []",
    "queryset = None",
    "queryset = Customer.objects.all()",
    "queryset = Customer.objects.filter(active=True).order_by('name')",
    "model = Customer",
    "model = None",
    "serializer_class = CustomerSerializer",
    "decorators = [login_required]",
    "decorators = login_required",
    "method_decorators = [login_required, jwt_required()]",
    "method_decorators = {'get': [login_required]}",
    "template_name = 'customers.html'",
    "print(request.args)",
    "request.user = None",
    "current_user = None",
    "self.request.user = AnonymousUser()",
    "lambda: Customer.objects.all()",
    "assert request.user.is_authenticated",
    "app.add_url_rule('/x', view_func=customers)",
    "app.add_url_rule('/x', 'x', customers)",
    "app.add_url_rule()",
    "app.add_url_rule(view_func=CustomerView.as_view('customers'))",
    "app.add_url_rule('/y', view_func=login_required(CustomerView.as_view('v')))",
    "app.include_router(router, dependencies=[Depends(get_current_user)])",
    "app.include_router(router, prefix='/api')",
    "app.include_router()",
    "app.register_blueprint(bp, url_prefix='/p')",
    "app.register_blueprint()",
    "app.before_request(check_login)",
    "app.before_request()",
    "urlpatterns = [path('c/', customers), path('v/', CustomerView.as_view()), re_path(r'^s$', login_required(stats))]",
    "urlpatterns = [path('d/', include('x.urls')), path(), path('e/'), 3, None]",
    "urlpatterns = []",
    "urlpatterns += [path('f/', views.customers)]",
    "urlpatterns = path('g/', customers)",
    "REST_FRAMEWORK = {'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.AllowAny']}",
    "REST_FRAMEWORK = {'DEFAULT_PERMISSION_CLASSES': []}",
    "REST_FRAMEWORK = {'DEFAULT_PERMISSION_CLASSES': ('rest_framework.permissions.IsAuthenticated',)}",
    "REST_FRAMEWORK = {**BASE}",
    "REST_FRAMEWORK = {}",
    "REST_FRAMEWORK = None",
    "REST_FRAMEWORK = {1: 2, None: [], 'DEFAULT_PERMISSION_CLASSES': None}",
    "REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES'] = []",
    "INSTALLED_APPS = ['django.contrib.auth', 'rest_framework']",
    "MIDDLEWARE = ['django.contrib.auth.middleware.LoginRequiredMiddleware']",
    "if not request.user.is_staff: abort(403)",
    "if not current_user.is_authenticated: return redirect('/login')",
    "if request.user.is_superuser: return Customer.objects.all()",
    "if not g.user: raise Unauthorized()",
)

# Statements that open a block: the child block is indented under them.
HEADERS = (
    "def customers(request):",
    "def list_customers():",
    "async def stats(request, *args, user=Depends(get_current_user), **kwargs):",
    "def get(self, request, *args, **kwargs):",
    "def list(self, request):",
    "def get_queryset(self):",
    "def get_context_data(self, **kwargs):",
    "def dispatch_request(self):",
    "def on_get(self, req, resp):",
    "async def read(user: Annotated[User, Depends(get_current_user)]):",
    "def export(admin=Security(require_admin, scopes=['customers:read'])):",
    "def helper():",
    "def create_app():",
    "def f(a, /, b=lambda: Customer.objects.all(), *, c):",
    "class CustomerView(APIView):",
    "class CustomerList(ListView):",
    "class CustomerViewSet(viewsets.ModelViewSet):",
    "class CustomerAPI(generics.ListAPIView):",
    "class Dashboard(LoginRequiredMixin, ListView):",
    "class Admin(PermissionRequiredMixin, TemplateView):",
    "class Api(MethodView):",
    "class Res(Resource):",
    "class V(View):",
    "class Meta:",
    "class Weird(*BASES, metaclass=ABCMeta):",
    "class Generic(Base[T], APIView):",
    "class Customer(models.Model):",
    "class Lambda((lambda: APIView)()):",
    "if TYPE_CHECKING:",
    "if DEBUG:",
    "else:",  # becomes a block under a preceding `if` only by the renderer below
    "try:",
    "with transaction.atomic():",
    "for customer in Customer.objects.all():",
    "while True:",
    "match request.method:",
)


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _block(header: str, children: list[list[str]], decorators: list[str]) -> list[str]:
    body = [line for child in children for line in child] or ["pass"]
    if header == "else:":
        return ["if DEBUG:", "    pass", "else:", *_indent(body)]
    if header == "try:":
        return ["try:", *_indent(body), "except (PermissionDenied, Exception) as error:", "    raise", "finally:", "    pass"]
    if header.startswith("match "):
        return [header, "    case 'GET':", *_indent(_indent(body)), "    case _:", "        pass"]
    if not header.startswith(("def ", "async def ", "class ")):
        decorators = []
    return [*decorators, header, *_indent(body)]


_statement = st.sampled_from(BODY).map(lambda line: [line])


def _extend(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.builds(
        _block,
        st.sampled_from(HEADERS),
        st.lists(children, min_size=1, max_size=4),
        st.lists(st.sampled_from(DECORATORS), max_size=4),
    )


_ROUTES = tuple(d for d in DECORATORS if d.startswith(("@app.", "@bp.", "@router.", "@api.")))
_FUNCTION_HEADERS = tuple(h for h in HEADERS if h.startswith(("def ", "async def ")))
_CLASS_HEADERS = tuple(h for h in HEADERS if h.startswith("class "))
_body = st.lists(st.sampled_from(BODY), min_size=1, max_size=4)

# An endpoint-shaped definition: a route (usually) among access decorators, in random order.
_function_endpoint = st.builds(
    lambda route, others, order, header, body: _block(header, [[line] for line in body], _shuffle([*route, *others], order)),
    st.lists(st.sampled_from(_ROUTES), min_size=0, max_size=2),
    st.lists(st.sampled_from(DECORATORS), max_size=3),
    st.randoms(use_true_random=False),
    st.sampled_from(_FUNCTION_HEADERS),
    _body,
)
_class_endpoint = st.builds(
    lambda decorators, header, attributes, methods: _block(header, [[line] for line in attributes] + methods, decorators),
    st.lists(st.sampled_from(DECORATORS), max_size=2),
    st.sampled_from(_CLASS_HEADERS),
    st.lists(st.sampled_from(BODY), max_size=4),
    st.lists(_function_endpoint, max_size=3),
)


def _shuffle(items: list[str], random: object) -> list[str]:
    random.shuffle(items)  # type: ignore[attr-defined]
    return items


_definitions = st.one_of(_function_endpoint, _class_endpoint, st.recursive(_statement | _function_endpoint, _extend, max_leaves=10))


@st.composite
def framework_modules(draw: st.DrawFn) -> str:
    imports = draw(st.lists(st.sampled_from(IMPORTS), max_size=8))
    registrars = draw(st.lists(st.sampled_from(REGISTRARS), max_size=3))
    definitions = draw(st.lists(_definitions, min_size=1, max_size=8))
    head = [*imports, *registrars]
    parts = [[line] for line in head] + definitions
    order = draw(st.permutations(range(len(parts)))) if draw(st.booleans()) else range(len(parts))
    lines = [line for index in order for line in parts[index]]
    return "\n".join(lines) + "\n"


def test_framework_strategy_yields_valid_code() -> None:
    """The fragments themselves parse; a broken fragment would silently waste the budget."""
    for header in HEADERS:
        _parse("\n".join(_block(header, [["pass"]], ["@login_required"])) + "\n")
    for line in (*IMPORTS, *REGISTRARS, *BODY):
        _parse(line + "\n")
    for decorator in DECORATORS:
        _parse(f"{decorator}\ndef f():\n    pass\n")


@_budget(250)
@given(source=framework_modules())
def test_framework_fragments_spliced(source: str, filename: str) -> None:
    _check_properties(source, filename)


@_budget(60)
@example(  # cross-file facts (no settings module sets REST_FRAMEWORK) reach both paths alike
    source="def customers(request):\n    return jsonify([c.email for c in Customer.query.all()])\nINSTALLED_APPS = ['django.contrib.auth', 'rest_framework']\n",
    newline="\r\n",
    tabs=False,
    feed=False,
)
@given(source=framework_modules(), newline=st.sampled_from(["\r\n", "\r", "\n"]), tabs=st.booleans(), feed=st.booleans())
def test_framework_fragments_with_odd_whitespace(source: str, newline: str, tabs: bool, feed: bool, filename: str) -> None:
    """Line endings, tab indentation and form feeds do not change what is reported."""
    expected = [(line, message) for line, _, message in _check_properties(source, filename)]
    odd = source
    if tabs:
        odd = re.sub(r"(?m)^((?:    )+)", lambda m: "\t" * (len(m.group(1)) // 4), odd)
    if feed:
        odd = odd.replace("\n", "\n\x0c", 1)
    odd = odd.replace("\n", newline)
    actual = [(line, message) for line, _, message in _check_properties(odd, filename)]
    assert actual == expected


@_budget(40)
@given(source=framework_modules(), wrap=st.integers(min_value=1, max_value=40))
def test_framework_fragments_inside_app_factories(source: str, wrap: int, filename: str) -> None:
    """The same fragments nested inside functions and classes, many levels deep."""
    lines = source.splitlines()
    for level in range(wrap):
        header = ("def create_app():", "class Nested(APIView):", "if True:")[level % 3]
        lines = [header, *_indent(lines or ["pass"])]
    _check_properties("\n".join(lines) + "\n", filename)


_DEEP_SHAPES = {
    "binop": lambda n: "request.args + " * n + "request.args",
    "not": lambda n: "not " * n + "request",
    "unary": lambda n: "- " * n + "request",
    "attribute": lambda n: "request" + ".a" * n,
    "subscript": lambda n: "request" + "[0]" * n,
    "call": lambda n: "request" + "()" * n,
    "lambda": lambda n: "lambda: " * n + "Customer.objects.all()",
    "boolop": lambda n: " and ".join(["request"] * n),
}


@pytest.mark.parametrize("depth", [50, 300, 1000])
@pytest.mark.parametrize("shape", sorted(_DEEP_SHAPES))
def test_deep_expressions_in_an_endpoint(shape: str, depth: int, filename: str) -> None:
    """Deep trees that Python parses: a result (possibly RG900 'nested too deeply'), never an exception."""
    expression = _DEEP_SHAPES[shape](depth)
    source = f"from flask import Flask\napp = Flask(__name__)\n\n@app.get('/x')\ndef x():\n    return {expression}\n"
    try:
        _parse(source)
    except (RecursionError, MemoryError, SyntaxError):
        pytest.skip("this interpreter cannot parse it (flake8 reports E999 itself)")
    results = _check_properties(source, filename)
    failures = [m for _, _, m in results if m.startswith("RG900")]
    assert all(m == "RG900 rosterguard could not analyse this file: the code is nested too deeply to analyse" for m in failures)
