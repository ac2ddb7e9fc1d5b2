"""Errors of the locations service."""

from __future__ import annotations

from wastecoach.core.errors import AppError, BadRequest, NotFound


class LocationsError(AppError):
    code = "locations_error"


class PointNotFound(LocationsError, NotFound):
    code = "collection_point_not_found"
    message_ko = "그런 수거 장소를 찾을 수 없어요."
    message_en = "No such collection point."


class InvalidSearch(LocationsError):
    """A search the router would have refused with 422 (for callers of the service API)."""

    status_code = 422
    code = "invalid_location_search"
    message_ko = "검색 조건을 확인해 주세요."
    message_en = "Check the search parameters."


class ImportSourceRejected(LocationsError, BadRequest):
    code = "import_source_rejected"
    message_ko = "가져올 수 없는 파일이나 주소예요."
    message_en = "This file or address cannot be imported."


class DownloadFailed(LocationsError):
    status_code = 502
    code = "download_failed"
    message_ko = "파일을 내려받지 못했어요."
    message_en = "The file could not be downloaded."
