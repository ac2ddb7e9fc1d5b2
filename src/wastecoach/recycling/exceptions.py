"""Errors of the recycling service."""

from __future__ import annotations

from wastecoach.core.errors import AppError, NotFound


class ItemNotFound(NotFound):
    code = "item_not_found"
    message_ko = "그런 품목을 찾을 수 없어요."
    message_en = "No such item."


class CategoryNotFound(NotFound):
    code = "category_not_found"
    message_ko = "그런 분류를 찾을 수 없어요."
    message_en = "No such category."


class EmptyQuery(AppError):
    code = "empty_query"
    message_ko = "검색어를 입력해 주세요."
    message_en = "Enter something to search for."


class ScheduleNotFound(NotFound):
    code = "schedule_not_found"
    message_ko = "이 지역의 배출 요일 정보가 없어요."
    message_en = "No collection schedule is known for this district."


class DistrictRequired(AppError):
    code = "district_required"
    message_ko = "시도와 시군구, 또는 위도와 경도를 알려 주세요."
    message_en = "Give sido and sigungu, or lat and lon."
