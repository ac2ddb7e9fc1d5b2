"""The browser client: plain HTML, CSS and ES modules served by the API process."""

from wastecoach.web.router import mount_web

__all__ = ["mount_web"]
