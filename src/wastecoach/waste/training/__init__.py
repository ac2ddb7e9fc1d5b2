"""Training pipeline for the waste photo classifier (needs the ``train`` extra)."""
