"""RG302: an access decorator placed where the framework never applies it."""

from collections.abc import Iterator

from rosterguard.concepts import Finding, ModuleFacts
from rosterguard.rules.base import Metadata, Rule


class MisplacedGuard(Rule):
    """# RG302 · misplaced-guard

    ## What it does
    Reports an access decorator that protects nothing: placed above the route decorator in
    Flask or FastAPI (decorators apply bottom-up, so the route registers the function before
    the guard wraps it), or `@permission_classes` on a DRF viewset action.

    ## Why is this bad?
    The code reads as protected and passes review, but the framework calls the unwrapped
    function: the endpoint is open to everyone.

    ## Example
    ```python
    from flask import Flask, jsonify
    from flask_login import login_required

    from shop.models import Customer

    app = Flask(__name__)


    @login_required  # expect: RG302
    @app.route("/customers")
    def customers():  # expect: RG101
        return jsonify([c.email for c in Customer.query.all()])
    ```

    ## Use instead
    ```python
    from flask import Flask, jsonify
    from flask_login import current_user, login_required

    from shop.models import Customer

    app = Flask(__name__)


    @app.route("/customers")
    @login_required
    def customers():
        return jsonify([c.email for c in Customer.query.filter_by(owner_id=current_user.id).all()])
    ```

    ## How rosterguard decides
    Any decorator that counts as an access layer (by the framework tables or by its name)
    and stands above the route decorator; the endpoint's access level is computed without it.

    ## Options
    - `authentication-markers`
    - `authorization-markers`

    ## Known limitations
    Only decorators on the same function are compared; a guard applied by a wrapper
    function elsewhere is not checked for order.

    ## Suppressing
    `# noqa: RG302` on the decorator line.

    ## References
    - CWE-862: Missing Authorization
    - Flask docs, "View Decorators": the route decorator must be the outermost.
    """

    code = "RG302"
    name = "misplaced-guard"
    summary = "access decorator protects nothing where it stands"
    remedy = "move it below the route decorator (or into the framework's own setting)"
    metadata = Metadata("high", "high", "CWE-862", "API5:2023")
    options = ("authentication-markers", "authorization-markers")

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        for guard in facts.misplaced_guards:
            message = f"access decorator '{guard.decorator}' on '{guard.endpoint}' protects nothing: it is {guard.reason}"
            yield self.finding(guard.line, guard.column, message, f"{guard.endpoint}:{guard.decorator}")
