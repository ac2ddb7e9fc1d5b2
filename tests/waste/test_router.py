from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.fixtures.images import jpeg_with_gps_and_orientation, photo, png_bomb
from tests.waste.conftest import submit, wait_done
from wastecoach.core.storage import get_storage
from wastecoach.core.tasks import wait_for_in_process_tasks


def test_a_photo_becomes_a_finished_scan_with_coaching(
    client: TestClient, guest: dict[str, str], real_photo: Path
) -> None:
    accepted = submit(client, guest, real_photo.read_bytes())
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert body["status"] == "queued" and body["poll_after_ms"] == 500
    assert body["status_url"].endswith(f"/scans/{body['scan_id']}")
    assert body["events_url"].endswith(f"/scans/{body['scan_id']}/events")

    scan = wait_done(client, guest, body["scan_id"])
    assert scan["status"] == "done" and scan["progress"] == 100
    result = scan["result"]
    assert result["provider"] == "local"
    assert result["candidates"] and result["candidates"][0]["item_id"]
    assert 0 < result["confidence"] <= 1
    assert {c["tag"] for c in result["conditions"]} == {
        "label_attached",
        "cap_on",
        "food_residue",
        "mixed_materials",
    }
    if not result["uncertain"]:
        assert result["coaching"]["checklist"]
        assert result["category"]


def test_running_scans_say_when_to_poll_again(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo()).json()["scan_id"]
    first = client.get(f"/scans/{scan_id}", headers=guest)
    if first.json()["status"] in ("queued", "running"):
        assert first.headers["Retry-After"] == "1"
        assert first.headers["X-Poll-After-Ms"] == "500"
    wait_done(client, guest, scan_id)
    assert "Retry-After" not in client.get(f"/scans/{scan_id}", headers=guest).headers


def test_only_the_owner_can_read_a_scan(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo()).json()["scan_id"]
    other = {"Authorization": f"Bearer {client.post('/auth/guest').json()['access_token']}"}
    for path in (f"/scans/{scan_id}", f"/scans/{scan_id}/events"):
        response = client.get(path, headers=other)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "scan_not_found"
    assert client.get(f"/scans/{scan_id}").status_code == 401
    wait_for_in_process_tasks()


def test_the_same_idempotency_key_returns_the_same_scan(
    client: TestClient, guest: dict[str, str]
) -> None:
    headers = {**guest, "Idempotency-Key": "retry-after-timeout-1"}
    first = submit(client, headers, photo()).json()["scan_id"]
    second = submit(client, headers, photo(400, 300)).json()["scan_id"]
    assert first == second
    other = submit(client, {**guest, "Idempotency-Key": "another"}, photo()).json()["scan_id"]
    assert other != first
    wait_for_in_process_tasks()


def test_stored_photos_carry_no_gps(client: TestClient, guest: dict[str, str]) -> None:
    from wastecoach.core.db import session_scope
    from wastecoach.waste.models import Scan

    scan_id = submit(client, guest, jpeg_with_gps_and_orientation()).json()["scan_id"]
    wait_done(client, guest, scan_id)
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None
        stored = get_storage().get(scan.image_key)
        assert (scan.image_width, scan.image_height) == (240, 320)
    assert b"Exif" not in stored[:4096] and b"GPS" not in stored


def test_bad_images_get_4xx_in_the_error_format(client: TestClient, guest: dict[str, str]) -> None:
    cases = [
        (b"", 400, "image_empty"),
        (b"%PDF-1.7 not a photo", 415, "unsupported_media_type"),
        (photo(800, 600)[:2000], 400, "image_corrupt"),
        (png_bomb(), 413, "image_too_large"),
    ]
    for data, status, code in cases:
        response = submit(client, guest, data)
        assert response.status_code == status, (code, response.text)
        assert response.json()["error"]["code"] == code


def test_oversized_uploads_are_refused_before_parsing(
    client: TestClient, guest: dict[str, str]
) -> None:
    response = submit(client, guest, b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_coordinates_must_come_in_pairs_and_in_range(
    client: TestClient, guest: dict[str, str]
) -> None:
    alone = submit(client, guest, photo(), lat=37.5)
    assert alone.status_code == 422
    assert alone.json()["error"]["code"] == "invalid_coordinates"
    wrong = submit(client, guest, photo(), lat=137.5, lon=127.0)
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "validation_error"
    text = submit(client, guest, photo(), lat="north", lon="east")
    assert text.status_code == 422


def test_a_hint_names_the_item(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo(), hint="우유팩").json()["scan_id"]
    result = wait_done(client, guest, scan_id)["result"]
    assert any(c["item_id"] == "milk-carton" for c in result["candidates"])


def test_a_hint_can_state_a_condition_the_photo_cannot_show(
    client: TestClient, guest: dict[str, str]
) -> None:
    scan_id = submit(client, guest, photo(), hint="기름 묻은 피자박스").json()["scan_id"]
    result = wait_done(client, guest, scan_id)["result"]
    assert result["item_id"] == "pizza-box"
    assert result["category"] == "일반종량제폐기물"  # not 종이류: the box is soaked
    assert result["condition"] and "기름" in result["condition"]
    assert "종량제" in result["disposal"]
    assert result["coaching"]["checklist"][0]["text"] == result["disposal"]
    history = client.get("/users/me/scans", headers=guest).json()["items"]
    assert next(s for s in history if s["id"] == scan_id)["category"] == "일반종량제폐기물"


def test_answers_refine_the_result(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo()).json()["scan_id"]
    result = wait_done(client, guest, scan_id)["result"]
    identity = next((q for q in result["questions"] if q["id"] == "identity"), None)
    if identity is None:  # confident: answer a condition question instead
        question = result["questions"][0]
        answered = client.post(
            f"/scans/{scan_id}/answers", headers=guest, json={"answers": {question["id"]: "yes"}}
        ).json()["result"]
        state = next(c for c in answered["conditions"] if question["id"].endswith(c["tag"]))
        assert state["state"] == "detected"
        return
    answered = client.post(
        f"/scans/{scan_id}/answers",
        headers=guest,
        json={"answers": {"identity": "other"}, "text": "소주병"},
    )
    assert answered.status_code == 200, answered.text
    refined = answered.json()["result"]
    assert refined["item_id"] == "glass-bottle-soju"
    assert refined["uncertain"] is False
    assert refined["coaching"]["cited_items"] == ["glass-bottle-soju"]


def test_invalid_answers_are_refused(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo()).json()["scan_id"]
    wait_done(client, guest, scan_id)
    response = client.post(
        f"/scans/{scan_id}/answers", headers=guest, json={"answers": {"identity": "sofa-x"}}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_answer"


def test_feedback_is_stored(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo()).json()["scan_id"]
    wait_done(client, guest, scan_id)
    response = client.post(
        f"/scans/{scan_id}/feedback",
        headers=guest,
        json={"item_correct": False, "actual_item_id": "milk-carton", "advice_useful": True},
    )
    assert response.status_code == 201
    unknown = client.post(
        f"/scans/{scan_id}/feedback", headers=guest, json={"actual_item_id": "nope"}
    )
    assert unknown.status_code == 404


def test_events_stream_progress_then_done(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo()).json()["scan_id"]
    events = []
    with client.stream("GET", f"/scans/{scan_id}/events", headers=guest) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[len("event: ") :]
            elif line.startswith("data: ") and event:
                events.append((event, json.loads(line[len("data: ") :])))
                if event in ("done", "failed"):
                    break
    assert events[-1][0] == "done"
    assert events[-1][1]["result"] is not None


def test_results_follow_the_readers_language(client: TestClient, guest: dict[str, str]) -> None:
    scan_id = submit(client, guest, photo(), hint="우유팩").json()["scan_id"]
    ko = wait_done(client, guest, scan_id)["result"]
    en = client.get(f"/scans/{scan_id}", headers={**guest, "Accept-Language": "en"}).json()
    assert en["result"]["item_id"] == ko["item_id"]
    if ko["coaching"]:
        assert en["result"]["coaching"]["message"] != ko["coaching"]["message"]
