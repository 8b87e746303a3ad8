"""RG102: a public endpoint hands out usage counts."""

from rosterguard.concepts import AccessLevel, ExposureKind
from rosterguard.rules.base import ExposureRule, Metadata


class PublicUsageCounts(ExposureRule):
    """# RG102 · public-usage-counts

    ## What it does
    Reports an endpoint that any anonymous caller can reach and that returns aggregate
    figures over customer or usage entities: how many accounts, searches, API calls,
    invoices or orders there are, in total or per customer.

    ## Why is this bad?
    Usage figures reveal the size of each client relationship and of the business itself.
    Counts per customer (accounts set up, searches run) were exactly what an intruder took
    in the breach this tool was built for.

    ## Example
    ```python
    from django.db.models import Count
    from django.http import JsonResponse

    from metering.models import Search


    def search_stats(request):  # expect: RG102
        rows = Search.objects.values("customer_id").annotate(n=Count("id"))
        return JsonResponse({"rows": list(rows)})
    ```

    ## Use instead
    ```python
    from django.contrib.admin.views.decorators import staff_member_required
    from django.db.models import Count
    from django.http import JsonResponse

    from metering.models import Search


    @staff_member_required
    def search_stats(request):
        rows = Search.objects.values("customer_id").annotate(n=Count("id"))
        return JsonResponse({"rows": list(rows)})
    ```

    ## How rosterguard decides
    *Usage counts* are `.count()`, `len(queryset)`, `Count(...)`/`Sum(...)`, `.aggregate(...)`,
    `.annotate(...)` with an aggregate, `func.count(...)`, `group_by`, and `COUNT(`/`SUM(`/
    `GROUP BY` in raw SQL, over an entity whose name has a customer or usage word.

    ## Options
    - `usage-entities`
    - `customer-entities`

    ## Known limitations
    A deliberately public counter (a "10,000 companies trust us" banner) is reported when it
    counts a customer entity; suppress it where that is intended.

    ## Suppressing
    `# noqa: RG102` on the `def` (or `class`) line.

    ## References
    - CWE-862: Missing Authorization
    - CWE-200: Exposure of Sensitive Information to an Unauthorized Actor
    - OWASP API Security Top 10 (2023): API5 Broken Function Level Authorization
    """

    code = "RG102"
    name = "public-usage-counts"
    summary = "public endpoint exposes usage counts"
    remedy = "require authorization or scope the query to the caller"
    metadata = Metadata("high", "medium", "CWE-862", "API5:2023")
    options = ("usage-entities", "customer-entities")
    access = AccessLevel.PUBLIC
    exposure = ExposureKind.USAGE_COUNTS
    message = "public endpoint {endpoint} exposes usage counts over {entity} (line {line}; {why})"
