"""RG103: a public endpoint returns any customer record the caller names by key."""

from rosterguard.concepts import AccessLevel, ExposureKind
from rosterguard.rules.base import Metadata, RecordRule


class PublicCustomerRecord(RecordRule):
    """# RG103 · public-customer-record

    ## What it does
    Reports an endpoint that any anonymous caller can reach and that returns one record of a
    customer entity selected by a key the caller supplies: a path parameter, a query or body
    field (an id, a pk, a slug, an e-mail address, a username, a number).

    ## Why is this bad?
    A customer list does not have to leave in one response. When the key is guessable (a
    sequential id, an e-mail address) walking the keys rebuilds the whole roster, one request
    per customer: that is how an unauthenticated API lost about ten million customer records
    in the 2022 Optus breach. Broken object-level authorization is the first entry of the
    OWASP API Security Top 10.

    ## Example
    ```python
    from flask import Flask, jsonify

    from shop.models import Customer

    app = Flask(__name__)


    @app.get("/customers/<int:customer_id>")
    def get_customer(customer_id):  # expect: RG103
        customer = Customer.query.get_or_404(customer_id)
        return jsonify(name=customer.name, email=customer.email)
    ```

    ## Use instead
    ```python
    from flask import Flask, jsonify
    from flask_login import current_user, login_required

    from shop.models import Customer

    app = Flask(__name__)


    @app.get("/customers/<int:customer_id>")
    @login_required
    def get_customer(customer_id):
        customer = Customer.query.filter_by(id=customer_id, account_id=current_user.account_id).first_or_404()
        return jsonify(name=customer.name, email=customer.email)
    ```

    ## How rosterguard decides
    - *Public*: as for RG101.
    - *A record chosen by the caller*: one record of a customer entity looked up with a value
      the caller sends (`Customer.objects.get(pk=pk)`, `get_object_or_404(User, username=name)`,
      `Model.query.get_or_404(id)`, `session.get(Model, id)`, `filter_by(email=...).first()`),
      and that reaches the response.
    - Not reported: the caller's own record (looked up with the caller's identity), lookups by
      a secret the caller presents (a reset or invitation token, a signature), responses that
      carry no field of the record (a redirect, an existence flag).

    ## Options
    - `customer-entities`
    - `authentication-markers`
    - `authorization-markers`
    - `public-markers`

    ## Known limitations
    Records read through class attributes of generic views (`DetailView.model`) and through
    project repositories of other modules are not seen yet.

    ## Suppressing
    `# noqa: RG103` on the `def` (or `class`) line, when the record is public on purpose (a
    published speaker profile) or the key is unguessable.

    ## References
    - CWE-639: Authorization Bypass Through User-Controlled Key
    - OWASP API Security Top 10 (2023): API1 Broken Object Level Authorization
    """

    code = "RG103"
    name = "public-customer-record"
    summary = "public endpoint returns any customer record the caller names by key"
    remedy = "require authorization or tie the record to the caller"
    metadata = Metadata("high", "medium", "CWE-639", "API1:2023")
    options = ("customer-entities", "authentication-markers", "authorization-markers", "public-markers")
    access = AccessLevel.PUBLIC
    exposure = ExposureKind.CUSTOMER_RECORD
    message = "public endpoint {endpoint} returns any {entity} record chosen by {key} (line {line}; {why})"
