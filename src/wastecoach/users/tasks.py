"""Celery tasks of the users service."""
