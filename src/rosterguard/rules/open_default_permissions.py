"""RG301: DRF settings leave every API view open by default."""

from collections.abc import Iterator

from rosterguard.concepts import Finding, ModuleFacts
from rosterguard.rules.base import Metadata, Rule


class OpenDefaultPermissions(Rule):
    """# RG301 · open-default-permissions

    ## What it does
    Reports a Django settings module where Django REST framework is configured (or merely
    installed) without `DEFAULT_PERMISSION_CLASSES`, or with `AllowAny` in it.

    ## Why is this bad?
    DRF's own default is `AllowAny`: every API view that forgets `permission_classes` is
    open to the internet. A restrictive project default makes forgetting safe.

    ## Example
    ```python
    REST_FRAMEWORK = {  # expect: RG301
        "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    }
    ```

    ## Use instead
    ```python
    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    }
    ```

    ## How rosterguard decides
    The `REST_FRAMEWORK = {...}` assignment of a settings module is read: a missing
    `DEFAULT_PERMISSION_CLASSES` key, an empty list or `AllowAny` in it is reported. When the
    project installs `rest_framework` in `INSTALLED_APPS` and no module of the project assigns
    `REST_FRAMEWORK` at all, the `INSTALLED_APPS` line is reported (this needs the project
    index, so the console script and flake8 both read the whole project).

    ## Options
    - `drf-default-permission`
    - `settings-modules`

    ## Known limitations
    `REST_FRAMEWORK` built by code (`REST_FRAMEWORK.update(...)`, a dict from a function) is
    not read; test settings are reported like any others (use `per-file-ignores`).

    ## Suppressing
    `# noqa: RG301` on the assignment line.

    ## References
    - CWE-276: Incorrect Default Permissions
    - OWASP API Security Top 10 (2023): API8 Security Misconfiguration
    """

    code = "RG301"
    name = "open-default-permissions"
    summary = "settings open every API view by default"
    remedy = "set DEFAULT_PERMISSION_CLASSES to IsAuthenticated or stricter"
    metadata = Metadata("medium", "high", "CWE-276", "API8:2023")
    options = ("drf-default-permission", "settings-modules")

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for default in facts.open_defaults:
            yield self.finding(
                default.line, default.column, f"{default.setting} {default.reason}", default.setting
            )
