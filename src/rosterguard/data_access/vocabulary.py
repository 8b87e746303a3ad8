"""What query methods and functions do to a value, for every ORM rosterguard reads, as data.

Django: https://docs.djangoproject.com/en/stable/ref/models/querysets/
SQLAlchemy: https://docs.sqlalchemy.org/en/20/orm/queryguide/ (1.x ``Query`` and 2.0 ``select``)
Flask-SQLAlchemy: ``Model.query``, ``get_or_404``, ``paginate``; SQLModel: ``session.exec``;
Peewee: ``Model.select()``, ``fn.COUNT``, ``database.execute_sql``; Tortoise: ``await Model.all()``,
``.count()``; MongoDB drivers (PyMongo, Motor): https://pymongo.readthedocs.io/en/stable/api/pymongo/collection.html
"""

# Attributes of a model class that give the collection of its records.
MANAGER_ATTRIBUTES = frozenset({"objects", "query", "_default_manager", "all_objects", "_base_manager"})

# Methods that keep a collection a collection (possibly filtered: filters may scope it).
COLLECTION_METHODS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "order_by",
        "select_related",
        "prefetch_related",
        "distinct",
        "only",
        "defer",
        "using",
        "filter_by",
        "where",
        "join",
        "outerjoin",
        "options",
        "limit",
        "offset",
        "scalars",
        "unique",
        "paginate",
        "iterator",
        "reverse",
        "select_from",
        "having",
        "fetchall",
        "fetchmany",
        "mappings",
        "union",
        "in_bulk",
        "prefetch_related_objects",
        "execution_options",
        "yield_per",
        "dicts",
        "tuples",
        "namedtuples",
        "objects",
        "order_by_desc",
        "paginate_by",
        "complex_filter",
        "alias",
        "chain",
        "items",
        "partitions",
        "select",
        "to_list",
        "sort",
        "skip",
    }
)
# Methods that pluck fields from every record (still a list of those records).
FIELD_METHODS = frozenset({"values", "values_list", "with_entities", "add_columns"})
# Methods that return one record.
SINGLE_METHODS = frozenset(
    {
        "get",
        "first",
        "last",
        "one",
        "one_or_none",
        "scalar_one",
        "scalar_one_or_none",
        "get_or_404",
        "first_or_404",
        "one_or_404",
        "earliest",
        "latest",
        "get_or_none",
        "fetchone",
        "get_or_create",
        "update_or_create",
        "create",
        "get_by_id",
        "first_or_none",
    }
)
# Methods that return aggregates over the collection.
AGGREGATE_METHODS = frozenset({"count", "aggregate"})
# Methods whose result carries no records (writes, existence checks).
OPAQUE_METHODS = frozenset(
    {"none", "exists", "update", "delete", "save", "bulk_create", "bulk_update", "contains"}
)
# Grouping makes a query with aggregates a per-group table of counts.
GROUPING_METHODS = frozenset({"group_by", "annotate"})

# Aggregate functions (Django expressions, SQLAlchemy ``func.*``, Peewee ``fn.*``).
AGGREGATE_FUNCTIONS = frozenset({"Count", "Sum", "Avg", "count", "sum", "avg", "COUNT", "SUM", "AVG"})
AGGREGATE_NAMESPACES = frozenset(
    {"func", "fn", "sa.func", "sqlalchemy.func", "db.func", "models", "peewee.fn"}
)
# Builtins and helpers whose result is a count or tally of their argument.
COUNTING_CALLS = frozenset({"len", "Counter", "collections.Counter", "sum"})

# Entry points that build a query over the models/columns given as arguments.
QUERY_BUILDERS = frozenset({"query", "select"})
# Calls that run a query or SQL text handed to them.
RUNNERS = frozenset(
    {
        "execute",
        "exec",
        "scalars",
        "scalar",
        "raw",
        "text",
        "read_sql",
        "read_sql_query",
        "executemany",
        "execute_sql",
    }
)

# Document stores: methods of a collection (``db.customers``, ``db["customers"]``) by what they return.
DOCUMENT_LISTS = frozenset({"find", "distinct", "aggregate", "find_raw_batches", "watch"})
DOCUMENT_SINGLE = frozenset({"find_one", "find_one_and_update"})
DOCUMENT_COUNTS = frozenset({"count_documents", "estimated_document_count"})
# Pipeline stages that turn documents into per-group figures.
DOCUMENT_GROUPING = ("$group", "$count", "$sortByCount", "$bucket")

# Functions that look one record up by key, or a list of them.
SINGLE_LOOKUPS = frozenset({"get_object_or_404", "get_or_404"})
LIST_LOOKUPS = frozenset({"get_list_or_404"})

# Field names that identify a customer when they ride along with per-customer counts.
KEY_WORDS = frozenset({"id", "pk", "uuid", "key", "ref"})
IDENTIFYING_WORDS = frozenset(
    {"name", "email", "mail", "phone", "address", "username", "title", "domain", "company", "contact"}
)

# Where a request carries what the caller chose: query and form fields, JSON bodies, URL keywords.
INPUT_CONTAINERS = frozenset(
    {
        "GET",
        "POST",
        "args",
        "form",
        "json",
        "data",
        "query_params",
        "match_info",
        "params",
        "kwargs",
        "view_args",
        "path_params",
        "values",
        "query",
        "query_string",
        "get_json",
        "media",
        "body",
    }
)
# Methods that read one input value (``request.args.get("id")``, ``req.get_param("id")``).
INPUT_READERS = frozenset(
    {
        "get",
        "getlist",
        "get_param",
        "get_param_as_int",
        "get_argument",
        "get_query_argument",
        "get_body_argument",
    }
)
PARAMETER_READERS = frozenset(
    {"get_param", "get_param_as_int", "get_argument", "get_query_argument", "get_body_argument"}
)
# Keys that are secrets handed to the caller (reset links, invitations, signed tokens).
SECRET_WORDS = frozenset({"token", "secret", "signature", "signed", "hash", "nonce", "otp"})

# Conversions that keep what a value is about (the caller's id as an int is still the caller's).
CONVERSIONS = frozenset({"int", "str", "float", "UUID", "uuid.UUID"})

# Calls whose result never carries the data of their arguments.
NON_PROPAGATING_CALLS = frozenset(
    {
        "redirect",
        "url_for",
        "reverse",
        "reverse_lazy",
        "isinstance",
        "bool",
        "print",
        "abort",
        "redirect_to_login",
        "HttpResponseRedirect",
        "HttpResponseForbidden",
        "int",
        "float",
    }
)

# Words of calls whose result carries no field of what they are given: a token minted for a
# user (``create_access_token(identity=user)``), a hash, a signature.
OPAQUE_RESULT_WORDS = frozenset({"token", "hash", "digest", "sign", "signature", "encode", "encrypt", "jwt"})

# Calls whose result writes into their first argument (``csv.writer(response)``).
WRITER_FACTORIES = frozenset({"writer", "DictWriter"})
# Methods that add their arguments to the receiver.
MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "add",
        "update",
        "write",
        "writerow",
        "writerows",
        "insert",
        "setdefault",
        "execute",
        "executemany",
        "put",
        "appendleft",
    }
)

# Response helpers reached through a framework module (``web.json_response(rows)``).
RESPONSE_HELPERS = frozenset(
    {
        "json_response",
        "json",
        "text",
        "html",
        "raw",
        "Response",
        "JSONResponse",
        "HTMLResponse",
        "PlainTextResponse",
        "StreamingResponse",
        "TemplateResponse",
        "render_template",
        "jsonify",
        "dumps",
    }
)
# Handler methods that write the response instead of returning it (Tornado ``self.write``).
RESPONSE_WRITERS = frozenset({"write", "finish", "render", "write_json", "render_string", "send", "json"})
# Attributes of a response object whose assignment is the response (Falcon ``resp.media``).
RESPONSE_ATTRIBUTES = frozenset({"media", "text", "body", "data", "content"})
RESPONSE_OBJECTS = frozenset({"resp", "response", "res"})

# Serializer/schema classes turn records into response data.
SERIALIZER_SUFFIXES = ("Serializer", "Schema")
