from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.servers import require_shared_data
from wastecoach.core.db import session_scope
from wastecoach.recycling.schedules.service import collection_days_for, import_schedules

pytestmark = pytest.mark.shared


@pytest.fixture
def imported(client: TestClient) -> dict[str, object]:
    path = require_shared_data("rules", "전국생활쓰레기배출정보표준데이터.csv")
    with session_scope() as session:
        return import_schedules(session, path)


def test_import_is_idempotent(imported: dict[str, object]) -> None:
    path = require_shared_data("rules", "전국생활쓰레기배출정보표준데이터.csv")
    assert imported["imported"] == 2725
    with session_scope() as session:
        again = import_schedules(session, path)
    assert again["imported"] == 0 and again["updated"] == 2725
    assert again["total_rows_in_db"] == 2725


def test_schedule_by_district(client: TestClient, imported: dict[str, object]) -> None:
    with session_scope() as session:
        from wastecoach.recycling.models import DistrictSchedule

        row = session.query(DistrictSchedule).first()
        assert row is not None
        sido, sigungu = row.sido, row.sigungu
    body = client.get("/recycling/schedule", params={"sido": sido, "sigungu": sigungu}).json()
    assert body["sido"] == sido and body["sigungu"] == sigungu
    area = body["areas"][0]
    types = {s["waste_type"] for s in area["schedules"]}
    assert types == {"general", "food", "recyclables", "bulky_temporary"}
    for schedule in area["schedules"]:
        assert all(
            day in {"mon", "tue", "wed", "thu", "fri", "sat", "sun"} for day in schedule["days"]
        )
        assert schedule["start_time"] != "00:00" or schedule["end_time"] not in (None, "00:00")
    assert area["provider"] and area["data_date"]


def test_short_sido_names_are_understood(client: TestClient, imported: dict[str, object]) -> None:
    body = client.get("/recycling/schedule", params={"sido": "서울", "sigungu": "종로구"})
    assert body.status_code == 200, body.text
    assert body.json()["sido"] == "서울특별시"


def test_unknown_district_and_missing_parameters(
    client: TestClient, imported: dict[str, object]
) -> None:
    missing = client.get("/recycling/schedule", params={"sido": "서울특별시", "sigungu": "없는구"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "schedule_not_found"
    nothing = client.get("/recycling/schedule")
    assert nothing.status_code == 400
    assert nothing.json()["error"]["code"] == "district_required"


def test_collection_days_for_a_category(imported: dict[str, object]) -> None:
    with session_scope() as session:
        days = collection_days_for(
            session, sido="서울특별시", sigungu="종로구", category="무색페트병"
        )
        assert days is not None
        assert days["waste_type"] == "recyclables"
        assert days["windows"][0]["days"]
        assert (
            collection_days_for(session, sido="서울특별시", sigungu="종로구", category="대형폐기물")
            is None
        )
