"""RG101: a public endpoint hands out a list of customer records."""

from rosterguard.concepts import AccessLevel, ExposureKind
from rosterguard.rules.base import ExposureRule, Metadata


class PublicCustomerList(ExposureRule):
    """# RG101 · public-customer-list

    ## What it does
    Reports an endpoint that any anonymous caller can reach and that returns many records
    of a customer entity (customers, clients, tenants, accounts, users, members, …), or
    fields plucked from many of them.

    ## Why is this bad?
    Who a company's customers are is confidential business data. An endpoint that answers
    without checking who is asking hands the whole client roster to anyone who finds the
    URL: a competitor, a scraper, or an intruder mapping the business.

    ## Example
    ```python
    from flask import Flask, jsonify

    from shop.models import Customer

    app = Flask(__name__)


    @app.get("/customers")
    def list_customers():  # expect: RG101
        return jsonify([c.email for c in Customer.query.all()])
    ```

    ## Use instead
    ```python
    from flask import Flask, jsonify
    from flask_security import roles_required

    from shop.models import Customer

    app = Flask(__name__)


    @app.get("/customers")
    @roles_required("admin")
    def list_customers():
        return jsonify([c.email for c in Customer.query.all()])
    ```

    ## How rosterguard decides
    - *Public*: no decorator, dependency, permission class, mixin, hook, middleware or guard in
      the body requires the caller to be identified, or the endpoint is explicitly opened
      (`AllowAny`, `permission_classes = []`, `jwt_required(optional=True)`, `auth=None`).
      Layers set in other modules of the project count too: `urls.py` wrappers, settings
      defaults, blueprint hooks in a package `__init__`, routers included with dependencies,
      project base classes and decorators (see the README's project index).
    - *Customer list*: many records of an entity whose name has a customer word
      (`Customer.objects.all()`, `Model.query.all()`, `select(Model)`, raw `SELECT … FROM
      customers`, a serializer with `many=True`), returned, rendered or written to a file.
    - A single record looked up by key is not a list; a query filtered on the caller is scoped.

    ## Options
    - `customer-entities`
    - `authentication-markers`
    - `authorization-markers`
    - `public-markers`

    ## Known limitations
    Protection decided at run time (views looked up with `get_class()`, URL decorators built
    from a permissions map, routes added in loops) is not seen, and neither are the layers
    each framework's row of the README lists as "Not yet".

    ## Suppressing
    `# noqa: RG101` on the `def` (or `class`) line, when the list is public on purpose, such
    as a partner directory published on the website.

    ## References
    - CWE-862: Missing Authorization
    - CWE-359: Exposure of Private Personal Information to an Unauthorized Actor
    - OWASP API Security Top 10 (2023): API5 Broken Function Level Authorization
    """

    code = "RG101"
    name = "public-customer-list"
    summary = "public endpoint exposes a list of customer records"
    remedy = "require authorization or scope the query to the caller"
    metadata = Metadata("high", "medium", "CWE-862", "API5:2023")
    options = ("customer-entities", "authentication-markers", "authorization-markers", "public-markers")
    access = AccessLevel.PUBLIC
    exposure = ExposureKind.CUSTOMER_LIST
    message = "public endpoint {endpoint} exposes a list of {entity} records (line {line}; {why})"
