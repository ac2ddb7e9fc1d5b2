"""Errors of the waste service."""

from __future__ import annotations

from wastecoach.core.errors import AppError, Conflict, NotFound


class ScanNotFound(NotFound):
    code = "scan_not_found"
    message_ko = "스캔을 찾을 수 없어요."
    message_en = "No such scan."


class ScanNotFinished(Conflict):
    code = "scan_not_finished"
    message_ko = "아직 분석 중이에요. 끝난 뒤에 다시 시도해 주세요."
    message_en = "The scan is still being analysed. Try again when it is done."


class InvalidAnswer(AppError):
    code = "invalid_answer"
    message_ko = "답변을 이해하지 못했어요. 보기 중에서 골라 주세요."
    message_en = "That answer is not one of the options."


class InvalidCoordinates(AppError):
    status_code = 422
    code = "invalid_coordinates"
    message_ko = "위도와 경도를 함께, 올바른 범위로 보내 주세요."
    message_en = "Send lat and lon together, within valid ranges."
