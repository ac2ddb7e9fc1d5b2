"""Celery tasks of the locations service."""
