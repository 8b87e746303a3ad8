"""Every configuration option is wired: setting it changes what rosterguard reports."""

from __future__ import annotations

import pytest

from rosterguard.config import Settings, merge, validate
from rosterguard.engine import check_source

FLASK = '''from flask import Flask, g, jsonify
from clinic.auth import needs_sso, jwt_optional
from clinic.models import Customer, Visit

app = Flask(__name__)

@app.get("/data")
{decorator}
def data():
    return jsonify({body})
'''
DRF = '''from rest_framework import viewsets
from crm.models import Customer


class CustomerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Customer.objects.all()
'''

CASES = [
    ("customer-entities", ["visit"], FLASK.format(decorator="", body="[v.id for v in Visit.query.all()]"), set(), {"RG101"}),
    ("usage-entities", ["visit"], FLASK.format(decorator="", body="Visit.query.count()"), set(), {"RG102"}),
    ("authentication-markers", ["sso"], FLASK.format(decorator="@needs_sso", body="[c.id for c in Customer.query.all()]"), {"RG101"}, {"RG201"}),
    ("authorization-markers", ["sso"], FLASK.format(decorator="@needs_sso", body="[c.id for c in Customer.query.all()]"), {"RG101"}, set()),
    ("caller-names", ["g.account"], FLASK.format(decorator="@needs_sso\n@jwt_optional", body="[c.id for c in Customer.query.filter_by(org=g.account.org)]"), {"RG201"}, set()),
    ("public-markers", ["jwt_optional"], FLASK.format(decorator="@jwt_optional", body="[c.id for c in Customer.query.all()]"), {"RG201"}, {"RG101"}),
    ("drf-default-permission", "rest_framework.permissions.IsAdminUser", DRF, {"RG101", "RG103"}, set()),
]


@pytest.mark.parametrize(("key", "value", "source", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_option_changes_findings(key: str, value: object, source: str, before: set[str], after: set[str]) -> None:
    configured = merge(Settings(), validate({key: value}, "test"), "test")
    assert {f.code for f in check_source(source, Settings()).findings} == before
    assert {f.code for f in check_source(source, configured).findings} == after
