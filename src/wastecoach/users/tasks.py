"""Celery tasks of the users service (none yet: account work is synchronous)."""
