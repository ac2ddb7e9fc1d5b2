"""AI Waste Coach."""

__version__ = "0.1.0"
