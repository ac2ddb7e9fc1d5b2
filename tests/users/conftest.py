from __future__ import annotations

from tests.users.fake_waste import fake_waste

__all__ = ["fake_waste"]  # fixture, used by name
