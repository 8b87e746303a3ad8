"""Configuration: validation names key and file; merging extends or replaces defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from rosterguard.config import DEFAULTS, OPTIONS, ConfigError, Settings, merge, settings_for_directory, validate


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"customer-entitys": []}, "customer-entitys: unknown key (known keys: authentication-markers, authorization-markers, caller-names, customer-entities, drf-default-permission, public-markers, replace-defaults, settings-modules, usage-entities)"),
        ({"customer-entities": "patient"}, "customer-entities: must be an array of strings"),
        ({"customer-entities": ["patient", 3]}, "customer-entities: must be an array of strings"),
        ({"customer-entities": [""]}, "customer-entities: must not contain empty strings"),
        ({"drf-default-permission": ["IsAuthenticated"]}, "drf-default-permission: must be a string"),
        ({"replace-defaults": "true"}, "replace-defaults: must be a boolean"),
    ],
)
def test_invalid_values_name_key_and_file(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        validate(table, "/project/pyproject.toml")
    assert str(raised.value) == f"/project/pyproject.toml: {message}"


def test_lists_extend_defaults() -> None:
    settings = merge(Settings(), validate({"customer-entities": ["patient"]}, "x"), "x")
    assert settings.customer_entities == (*DEFAULTS["customer-entities"], "patient")


def test_replace_defaults_replaces_every_list_given() -> None:
    settings = merge(Settings(), validate({"customer-entities": ["patient"], "replace-defaults": True}, "x"), "x")
    assert settings.customer_entities == ("patient",)
    assert settings.usage_entities == DEFAULTS["usage-entities"]


def test_every_option_is_a_settings_field() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert {o.attribute for o in OPTIONS if o.key != "replace-defaults"} <= fields


def test_nearest_pyproject_with_table_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rosterguard]\ndrf-default-permission = 'IsAuthenticated'\n")
    nested = tmp_path / "pkg" / "sub"
    nested.mkdir(parents=True)
    (tmp_path / "pkg" / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    assert settings_for_directory(str(nested)).drf_default_permission == "IsAuthenticated"


def test_invalid_toml_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rosterguard\n")
    with pytest.raises(ConfigError, match="pyproject.toml: invalid TOML"):
        settings_for_directory(str(tmp_path))
