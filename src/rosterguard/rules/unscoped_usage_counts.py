"""RG202: any signed-in user can read usage counts of every customer."""

from rosterguard.concepts import AccessLevel, ExposureKind
from rosterguard.rules.base import ExposureRule, Metadata


class UnscopedUsageCounts(ExposureRule):
    """# RG202 · unscoped-usage-counts

    ## What it does
    Reports an endpoint that requires a signed-in caller but no role or permission, and
    returns usage counts that are not restricted to the caller's own tenant or records.

    ## Why is this bad?
    Any account holder can read how much every other customer uses the product: the number
    of their users, searches, API calls or invoices. For a B2B vendor that is a map of its
    clients' size and activity.

    ## Example
    ```python
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse

    from metering.models import ApiCall


    @login_required
    def api_usage(request):  # expect: RG202
        return JsonResponse({"calls": ApiCall.objects.count()})
    ```

    ## Use instead
    ```python
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse

    from metering.models import ApiCall


    @login_required
    def api_usage(request):
        return JsonResponse({"calls": ApiCall.objects.filter(account=request.user.account).count()})
    ```

    ## How rosterguard decides
    Usage counts as in RG102; scoping as in RG201.

    ## Options
    - `usage-entities`
    - `caller-names`
    - `authorization-markers`

    ## Known limitations
    As RG201: tenant filtering applied outside the query (database policies, thread-local
    managers) is not seen.

    ## Suppressing
    `# noqa: RG202` on the `def` (or `class`) line.

    ## References
    - CWE-639: Authorization Bypass Through User-Controlled Key
    - OWASP API Security Top 10 (2023): API1 Broken Object Level Authorization
    """

    code = "RG202"
    name = "unscoped-usage-counts"
    summary = "any signed-in user can read every customer's usage counts"
    remedy = "check a role or permission, or scope the query to the caller's tenant"
    metadata = Metadata("medium", "medium", "CWE-639", "API1:2023")
    options = ("usage-entities", "caller-names", "authorization-markers")
    access = AccessLevel.AUTHENTICATED
    exposure = ExposureKind.USAGE_COUNTS
    message = (
        "endpoint {endpoint} lets any signed-in user read usage counts over {entity} (line {line}; {why})"
    )
