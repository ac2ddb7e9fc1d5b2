"""Celery tasks of the auth service."""
