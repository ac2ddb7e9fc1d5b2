"""Celery tasks of the recycling service."""
