"""Errors of the users service."""

from __future__ import annotations

from wastecoach.core.errors import Conflict, NotFound


class UserNotFound(NotFound):
    code = "user_not_found"
    message_ko = "사용자를 찾을 수 없어요."
    message_en = "No such user."


class EmailTaken(Conflict):
    code = "email_taken"
    message_ko = "이미 사용 중인 이메일이에요."
    message_en = "This e-mail address is already in use."
