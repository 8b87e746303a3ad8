"""Recognisers for data reads: ORM query chains (Django, SQLAlchemy, Peewee, Tortoise) and raw SQL."""
