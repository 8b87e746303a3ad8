"""RG201: any signed-in user can list every customer."""

from rosterguard.concepts import AccessLevel, ExposureKind
from rosterguard.rules.base import ExposureRule, Metadata


class UnscopedCustomerList(ExposureRule):
    """# RG201 · unscoped-customer-list

    ## What it does
    Reports an endpoint that requires a signed-in caller but no role or permission, and
    returns a customer list that is not restricted to the caller's own tenant or records.

    ## Why is this bad?
    Signing up is usually free: "signed in" means "anyone with an e-mail address". A
    customer list that every account can read is a roster leak one registration away
    (OWASP API1, broken object level authorization, when the records belong to other tenants).

    ## Example
    ```python
    from fastapi import Depends, FastAPI
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.deps import get_current_user, get_db
    from app.models import Client

    app = FastAPI()


    @app.get("/clients")
    def clients(user=Depends(get_current_user), db: Session = Depends(get_db)):  # expect: RG201
        return db.execute(select(Client)).scalars().all()
    ```

    ## Use instead
    ```python
    from fastapi import Depends, FastAPI
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.deps import get_current_user, get_db
    from app.models import Client

    app = FastAPI()


    @app.get("/clients")
    def clients(user=Depends(get_current_user), db: Session = Depends(get_db)):
        return db.execute(select(Client).where(Client.tenant_id == user.tenant_id)).scalars().all()
    ```

    ## How rosterguard decides
    *Scoped to the caller*: a filter or `where` on the caller (`request.user`, `current_user`,
    `g.user`, `get_jwt_identity()`, a parameter bound to an auth dependency, or a value
    derived from them), a relationship walked from the caller
    (`request.user.organization.customers.all()`), or a manager method given the caller.

    ## Options
    - `caller-names`
    - `customer-entities`
    - `authorization-markers`

    ## Known limitations
    Scoping done by a database row-level security policy or a custom manager whose default
    queryset filters by a thread-local tenant is invisible to static reading.

    ## Suppressing
    `# noqa: RG201` on the `def` (or `class`) line, when every signed-in user may see every
    customer (an internal tool where all accounts are staff).

    ## References
    - CWE-639: Authorization Bypass Through User-Controlled Key
    - CWE-862: Missing Authorization
    - OWASP API Security Top 10 (2023): API1 Broken Object Level Authorization
    """

    code = "RG201"
    name = "unscoped-customer-list"
    summary = "any signed-in user can list every customer"
    remedy = "check a role or permission, or scope the query to the caller's tenant"
    metadata = Metadata("medium", "medium", "CWE-639", "API1:2023")
    options = ("caller-names", "customer-entities", "authorization-markers")
    access = AccessLevel.AUTHENTICATED
    exposure = ExposureKind.CUSTOMER_LIST
    message = "endpoint {endpoint} lets any signed-in user list every {entity} (line {line}; {why})"
