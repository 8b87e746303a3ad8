"""RG203: any signed-in user can read any customer record by changing a key."""

from rosterguard.concepts import AccessLevel, ExposureKind
from rosterguard.rules.base import Metadata, RecordRule


class UnscopedCustomerRecord(RecordRule):
    """# RG203 · unscoped-customer-record

    ## What it does
    Reports an endpoint that requires a signed-in caller but no role or permission, and
    returns one record of a customer entity selected by a key the caller supplies, with
    nothing tying that record to the caller.

    ## Why is this bad?
    Signing up is usually free. When any account can read any customer's record by changing
    an id in the URL, another tenant's members, any user's profile with their e-mail address,
    any customer's invoices are one loop away: broken object-level authorization, the first
    entry of the OWASP API Security Top 10 and a third of the disclosed roster leaks in
    Python web applications.

    ## Example
    ```python
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse
    from django.shortcuts import get_object_or_404

    from crm.models import Customer


    @login_required
    def customer_detail(request, pk):  # expect: RG203
        customer = get_object_or_404(Customer, pk=pk)
        return JsonResponse({"name": customer.name, "email": customer.email})
    ```

    ## Use instead
    ```python
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse
    from django.shortcuts import get_object_or_404

    from crm.models import Customer


    @login_required
    def customer_detail(request, pk):
        customer = get_object_or_404(Customer, pk=pk, organization=request.user.organization)
        return JsonResponse({"name": customer.name, "email": customer.email})
    ```

    ## How rosterguard decides
    *Tied to the caller* (not reported): the lookup filters on the caller or the caller's
    tenant (`get_object_or_404(Customer, pk=pk, owner=request.user)`,
    `current_user.customers.filter_by(id=id)`), a check after the lookup refuses other
    callers' records (`if obj.owner_id != user.id: abort(403)`, which makes the endpoint
    authorized), or an object-level permission applies. The caller's own record and lookups
    by a secret the caller presents are not reported either.

    ## Options
    - `caller-names`
    - `customer-entities`
    - `authorization-markers`

    ## Known limitations
    The tenant case (an endpoint authorized for the tenant named in its route that looks the
    record up without restricting it to that tenant) is not reported yet; neither are records
    read through generic views' class attributes.

    ## Suppressing
    `# noqa: RG203` on the `def` (or `class`) line, when every signed-in user may read every
    such record (a member directory inside one company).

    ## References
    - CWE-639: Authorization Bypass Through User-Controlled Key
    - OWASP API Security Top 10 (2023): API1 Broken Object Level Authorization
    """

    code = "RG203"
    name = "unscoped-customer-record"
    summary = "any signed-in user can read any customer record by its key"
    remedy = (
        "check a role or permission, or tie the record to the caller (filter on the caller or its tenant)"
    )
    metadata = Metadata("medium", "medium", "CWE-639", "API1:2023")
    options = ("caller-names", "customer-entities", "authorization-markers")
    access = AccessLevel.AUTHENTICATED
    exposure = ExposureKind.CUSTOMER_RECORD
    message = "endpoint {endpoint} lets any signed-in user read any {entity} record chosen by {key} (line {line}; {why})"
