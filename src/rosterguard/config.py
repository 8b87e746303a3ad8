"""``[tool.rosterguard]`` and ``--rosterguard-*`` options: one table, validated into ``Settings``.

Stage one reads a raw TOML table and rejects anything unknown or mistyped, naming the key
and the file; stage two merges it with the built-in defaults into a frozen ``Settings``.
"""

from __future__ import annotations

import configparser
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """A configuration value rosterguard cannot use; ``str()`` is the one line users see.

    The three parts are the exception's ``args``, so it pickles: a worker process that meets
    it hands it back to the main process intact.
    """

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(source, key, problem)

    def __str__(self) -> str:
        return ": ".join(self.args)


@dataclass(frozen=True, slots=True)
class Option:
    """One configuration key, as TOML key, flake8 flag and documentation entry."""

    key: str
    kind: type  # list, str or bool
    help: str
    # What each string must look like, when it names code: a dotted name or an expression.
    shape: str = ""

    @property
    def attribute(self) -> str:
        return self.key.replace("-", "_")

    @property
    def flag(self) -> str:
        return f"--rosterguard-{self.key}"


OPTIONS: tuple[Option, ...] = (
    Option("customer-entities", list, "Words naming customer entities (model, table, record type)."),
    Option("usage-entities", list, "Words naming usage entities whose counts are confidential."),
    Option("authentication-markers", list, "Words or callables that require a signed-in caller."),
    Option("authorization-markers", list, "Words or callables that require a role, permission or scope."),
    Option(
        "caller-names",
        list,
        "Dotted expressions that denote the calling user (e.g. 'g.account').",
        "expression",
    ),
    Option(
        "public-markers", list, "Callables or classes that explicitly open an endpoint to anyone.", "dotted"
    ),
    Option(
        "drf-default-permission",
        str,
        "DRF permission class in force when settings are not visible.",
        "dotted",
    ),
    Option("settings-modules", list, "Dotted names of the project's Django settings modules.", "dotted"),
    Option("replace-defaults", bool, "Make every list given replace its defaults instead of extending them."),
)
OPTION_KEYS = frozenset(option.key for option in OPTIONS)

_IDENTIFIER = r"[A-Za-z_]\w*"
_SHAPES: Mapping[str, tuple[re.Pattern[str], str]] = {
    "dotted": (
        re.compile(rf"{_IDENTIFIER}(\.{_IDENTIFIER})*"),
        "a dotted name such as rest_framework.permissions.IsAuthenticated",
    ),
    "expression": (
        re.compile(rf"{_IDENTIFIER}(\(\))?(\.{_IDENTIFIER}(\(\))?|\[\"[^\"\]]+\"\]|\['[^'\]]+'\])*"),
        "a dotted expression such as g.account or request.state.user",
    ),
}

DEFAULTS: Mapping[str, tuple[str, ...]] = {
    "customer-entities": (
        "customer",
        "client",
        "tenant",
        "account",
        "organization",
        "organisation",
        "org",
        "company",
        "subscriber",
        "subscription",
        "member",
        "membership",
        "user",
        "profile",
        "contact",
        "lead",
        "licensee",
        "partner",
        "reseller",
        "buyer",
        "workspace",
    ),
    "usage-entities": (
        "search",
        "query",
        "api_call",
        "api_request",
        "request_log",
        "usage",
        "login",
        "session",
        "scan",
        "lookup",
        "invoice",
        "payment",
        "order",
        "quota",
        "billing",
        "charge",
        "transaction",
    ),
    # Whole words of third-party callables whose body is out of reach ("token" or "session"
    # alone prove nothing: ``requires_csrf_token``, ``get_db_session``).
    "authentication-markers": (
        "login",
        "auth",
        "authenticated",
        "authorized",
        "jwt",
        "bearer",
        "protect",
        "protected",
        "api_key",
        "current_user",
        "current_active_user",
        "signed_in",
        "logged_in",
    ),
    "authorization-markers": (
        "admin",
        "administrator",
        "staff",
        "superuser",
        "permission",
        "perm",
        "role",
        "scope",
        "owner",
        "acl",
    ),
    "caller-names": (
        "request.user",
        "self.request.user",
        "current_user",
        "g.user",
        "request.auth",
        "get_jwt_identity()",
        "get_current_user()",
        "auth.current_user()",
        "info.context.user",
        'info.context["request"].user',
        'info.context["user"]',
        "request.identity",
        "self.current_user",
        "req.context.user",
        "flask_login.current_user",
        "request.state.user",
    ),
    "public-markers": (
        "AllowAny",
        "login_not_required",
        "public",
        "allow_anonymous",
        "no_auth",
        "NO_PERMISSION_REQUIRED",
    ),
    "settings-modules": (),
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, merged with the defaults; frozen so it can be shared and cached."""

    customer_entities: tuple[str, ...] = DEFAULTS["customer-entities"]
    usage_entities: tuple[str, ...] = DEFAULTS["usage-entities"]
    authentication_markers: tuple[str, ...] = DEFAULTS["authentication-markers"]
    authorization_markers: tuple[str, ...] = DEFAULTS["authorization-markers"]
    caller_names: tuple[str, ...] = DEFAULTS["caller-names"]
    public_markers: tuple[str, ...] = DEFAULTS["public-markers"]
    settings_modules: tuple[str, ...] = DEFAULTS["settings-modules"]
    drf_default_permission: str | None = None
    source: str = field(default="defaults", compare=False)


def validate(table: object, source: str) -> dict[str, object]:
    """Stage one: check a raw ``[tool.rosterguard]`` table key by key."""
    if not isinstance(table, dict):
        raise ConfigError(source, "tool.rosterguard", "must be a table")
    for key, value in table.items():
        option = next((o for o in OPTIONS if o.key == key), None)
        if option is None:
            known = ", ".join(sorted(OPTION_KEYS))
            raise ConfigError(source, key, f"unknown key (known keys: {known})")
        if option.kind is list:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ConfigError(source, key, "must be an array of strings")
            if not all(item.strip() for item in value):
                raise ConfigError(source, key, "must not contain empty strings")
        elif not isinstance(value, option.kind):
            raise ConfigError(source, key, f"must be a {'boolean' if option.kind is bool else 'string'}")
        elif option.kind is str and not str(value).strip():
            raise ConfigError(source, key, "must not be empty")
        _check_shape(option, value, source)
    return dict(table)


def _check_shape(option: Option, value: object, source: str) -> None:
    if not option.shape:
        return
    pattern, example = _SHAPES[option.shape]
    for item in value if isinstance(value, list) else [value]:
        if not pattern.fullmatch(str(item).strip()):
            raise ConfigError(source, option.key, f"{item!r} is not {example}")


def parse_boolean(value: object, source: str, key: str) -> bool:
    """A flake8 config file's ``true``/``false`` (flake8 would crash on anything else)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(source, key, f"must be a boolean (true or false), not {value!r}")


def merge(base: Settings, table: Mapping[str, object], source: str) -> Settings:
    """Stage two: apply a validated table on top of ``base`` (extend, or replace on request)."""
    replacing = bool(table.get("replace-defaults", False))
    changes: dict[str, object] = {"source": source}
    for option in OPTIONS:
        if option.key not in table or option.key == "replace-defaults":
            continue
        value = table[option.key]
        if option.kind is list:
            assert isinstance(value, list)
            current: tuple[str, ...] = () if replacing else getattr(base, option.attribute)
            changes[option.attribute] = tuple(dict.fromkeys((*current, *value)))
        else:
            changes[option.attribute] = value
    return replace(base, **changes)  # type: ignore[arg-type]


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.rosterguard]`` table, walking upward."""
    directory = start if start.is_dir() else start.parent
    for candidate_dir in (directory, *directory.parents):
        candidate = candidate_dir / "pyproject.toml"
        if candidate.is_file() and "rosterguard" in _tool_tables(candidate):
            return candidate
    return None


def _tool_tables(path: Path) -> Mapping[str, object]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(str(path), "pyproject.toml", f"cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), "pyproject.toml", f"invalid TOML ({error})") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "pyproject.toml", "is not UTF-8 text, as TOML requires") from None
    except RecursionError:
        raise ConfigError(str(path), "pyproject.toml", "nests arrays or tables too deeply to read") from None
    tool = document.get("tool", {})
    return tool if isinstance(tool, dict) else {}


@lru_cache(maxsize=256)
def settings_for_directory(directory: str) -> Settings:
    """Settings from the pyproject.toml governing ``directory`` (memoised: flake8 asks per file)."""
    path = find_pyproject(Path(directory))
    if path is None:
        return Settings()
    source = str(path)
    table = validate(_tool_tables(path)["rosterguard"], source)
    return merge(Settings(), table, source)


def check_flake8_config_keys(directory: str) -> None:
    """flake8 ignores keys it does not know; a misspelt ``rosterguard-`` key would then
    silently change nothing, so it is reported like any other bad value."""
    known = {f"rosterguard-{key}" for key in OPTION_KEYS} | {
        f"rosterguard_{key.replace('-', '_')}" for key in OPTION_KEYS
    }
    for name in (".flake8", "setup.cfg", "tox.ini"):
        path = Path(directory, name)
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if parser.has_section("flake8"):
            for key in parser.options("flake8"):
                if key.startswith(("rosterguard-", "rosterguard_")) and key not in known:
                    raise ConfigError(
                        str(path),
                        key,
                        f"unknown rosterguard option (known: {', '.join(sorted(f'rosterguard-{k}' for k in OPTION_KEYS))})",
                    )


def settings_for_file(filename: str, overrides: Mapping[str, object] | None = None) -> Settings:
    """Settings for one checked file: its pyproject table, then command-line overrides."""
    directory = os.path.dirname(os.path.abspath(filename)) if filename not in ("-", "stdin") else os.getcwd()
    settings = settings_for_directory(directory)
    return merge(settings, overrides, settings.source) if overrides else settings
