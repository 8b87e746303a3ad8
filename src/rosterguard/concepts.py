"""Framework-neutral vocabulary shared by every layer: endpoints, access, exposures, findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AccessLevel(enum.IntEnum):
    """What an endpoint demands of its caller; ordered so that stacking layers is ``max()``."""

    PUBLIC = 0
    AUTHENTICATED = 1
    AUTHORIZED = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class Layer(enum.Enum):
    """Where an access decision was made, so that reports can say why."""

    DEFAULT = "framework default"
    SETTINGS = "settings"
    APP_HOOK = "app hook"
    ROUTER = "router"
    URLCONF = "urlconf"
    CLASS_ATTRIBUTE = "class attribute"
    MIXIN = "mixin"
    DECORATOR = "decorator"
    DEPENDENCY = "dependency"
    BODY_GUARD = "body guard"


@dataclass(frozen=True, slots=True)
class AccessEvidence:
    """One layer's say on an endpoint's access level.

    ``overrides`` marks layers that replace what the weaker, more general layers said
    (DRF ``permission_classes`` over ``DEFAULT_PERMISSION_CLASSES``, ``@login_not_required``
    over ``LoginRequiredMiddleware``) instead of stacking on top of them.
    """

    level: AccessLevel
    layer: Layer
    source: str
    line: int
    overrides: bool = False
    # The file that holds the layer, when it is not the endpoint's own (a ``urls.py``, settings).
    path: str = ""


@dataclass(frozen=True, slots=True)
class Route:
    """HTTP methods and path of an endpoint, as far as they are statically known."""

    methods: tuple[str, ...] = ()
    path: str | None = None

    def __str__(self) -> str:
        methods = ",".join(self.methods)
        return " ".join(part for part in (methods, self.path) if part)


class ExposureKind(enum.Enum):
    CUSTOMER_LIST = "customer list"
    USAGE_COUNTS = "usage counts"
    CUSTOMER_RECORD = "customer record"  # one record selected by a key the caller chooses


@dataclass(frozen=True, slots=True)
class Exposure:
    """Sensitive data that reaches an endpoint's response; ``line`` is where it is read."""

    kind: ExposureKind
    entity: str
    line: int
    scoped: bool  # restricted to the caller (a list), or tied to the caller (a record)
    key: str = ""  # for a record: the caller-chosen value that selects it


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A callable the framework invokes for a request, with its access and what it hands out.

    ``line``/``column`` locate its ``def`` (or ``class``); ``report_line``/``report_column``
    are where findings about it go (and ``# noqa`` with them): the class line when the data
    is read in a class attribute or hook rather than in the handler itself.
    """

    name: str
    framework: str
    route: Route
    line: int
    column: int
    access: AccessLevel
    evidence: tuple[AccessEvidence, ...]
    exposures: tuple[Exposure, ...]
    report_line: int
    report_column: int


@dataclass(frozen=True, slots=True)
class MisplacedGuard:
    """An access decorator that protects nothing where it stands."""

    line: int
    column: int
    decorator: str
    endpoint: str
    reason: str


@dataclass(frozen=True, slots=True)
class OpenDefault:
    """Project settings that leave every endpoint open unless it says otherwise."""

    line: int
    column: int
    setting: str
    reason: str


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """Everything the analysis learnt about one module; the only input rules see."""

    endpoints: tuple[Endpoint, ...] = ()
    misplaced_guards: tuple[MisplacedGuard, ...] = ()
    open_defaults: tuple[OpenDefault, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One reportable problem, already worded; adapters only format it."""

    line: int
    column: int
    code: str
    message: str
    # What the finding is about, stable when code moves: an endpoint, a setting, a decorator.
    subject: str = ""
