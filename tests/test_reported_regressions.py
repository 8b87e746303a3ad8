"""Mistakes found by running rosterguard on independently written applications, kept fixed."""

from __future__ import annotations

from rosterguard.config import Settings
from rosterguard.engine import check_source

GROUPED_BY_KEY = '''from flask import Flask, jsonify
from flask_login import login_required
from sqlalchemy import func, select
from .models import Invoice, db

app = Flask(__name__)


@app.get("/invoices/per-company")
@login_required
def invoice_counts():
    stmt = select(Invoice.{column}, func.count(Invoice.id)).group_by(Invoice.{column})
    return jsonify(dict(db.session.execute(stmt).all()))
'''


def codes(source: str) -> set[tuple[int, str]]:
    return {(f.line, f.code) for f in check_source(source, Settings()).findings}


def test_grouping_by_a_key_column_is_not_a_customer_list() -> None:
    assert codes(GROUPED_BY_KEY.format(column="company_id")) == {(11, "RG202")}
    assert codes(GROUPED_BY_KEY.format(column="company_name")) == {(11, "RG201"), (11, "RG202")}
