"""Celery tasks of the waste service."""
