"""Coaching: what to fix and why, composed only from knowledge-base facts."""
