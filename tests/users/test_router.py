"""The caller's account: profile, history, statistics and deletion (waste service faked)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.auth.helpers import EN, bearer, error_of, tokens_of
from tests.users.fake_waste import FakeWaste
from wastecoach.auth.models import Identity, PasswordCredential, RefreshToken
from wastecoach.core.db import session_scope
from wastecoach.users.models import UserAccount

ACCOUNT = {"email": "me@example.com", "password": "password1", "display_name": "나"}


def test_guest_profile_and_update(client: TestClient) -> None:
    guest = tokens_of(client.post("/auth/guest"))
    headers = bearer(guest["access_token"])
    me = client.get("/users/me", headers=headers).json()
    assert me["id"] == guest["user_id"]
    assert (me["is_guest"], me["role"], me["locale"], me["email"]) == (True, "guest", "ko", None)

    updated = client.patch(
        "/users/me", json={"display_name": "초록이", "locale": "en"}, headers=headers
    )
    assert updated.status_code == 200
    assert (updated.json()["display_name"], updated.json()["locale"]) == ("초록이", "en")
    # Only the fields sent change.
    again = client.patch("/users/me", json={"locale": "ko"}, headers=headers).json()
    assert (again["display_name"], again["locale"]) == ("초록이", "ko")

    bad = client.patch("/users/me", json={"locale": "fr"}, headers=headers)
    assert error_of(bad, 422)["code"] == "validation_error"


def test_scan_history_is_paginated_by_the_waste_service(
    client: TestClient, fake_waste: FakeWaste
) -> None:
    user = tokens_of(client.post("/auth/guest"))
    fake_waste.add_scans(user["user_id"], "종이류", "캔류", "유리병", "플라스틱류", "비닐류")
    page = client.get("/users/me/scans?limit=2&offset=1", headers=bearer(user["access_token"]))
    assert page.status_code == 200
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (5, 2, 1)
    assert [item["category"] for item in body["items"]] == ["캔류", "유리병"]
    assert fake_waste.called("list_scans") == [
        {"owner_id": user["user_id"], "limit": 2, "offset": 1}
    ]
    too_many = client.get("/users/me/scans?limit=1000", headers=bearer(user["access_token"]))
    assert error_of(too_many, 422)["details"][0]["loc"] == ["query", "limit"]


def test_stats_come_from_the_waste_service(client: TestClient, fake_waste: FakeWaste) -> None:
    user = tokens_of(client.post("/auth/guest"))
    fake_waste.add_scans(user["user_id"], "종이류", "종이류", "캔류")
    stats = client.get("/users/me/stats", headers=bearer(user["access_token"])).json()
    assert stats == {
        "total_scans": 3,
        "by_category": {"종이류": 2, "캔류": 1},
        "prepared_right_share": None,
    }
    assert fake_waste.called("owner_stats") == [{"owner_id": user["user_id"]}]


def test_someone_elses_account_is_not_found(client: TestClient) -> None:
    mine = tokens_of(client.post("/auth/guest"))
    theirs = tokens_of(client.post("/auth/guest"))
    response = client.get(f"/users/{theirs['user_id']}", headers=bearer(mine["access_token"]))
    error = error_of(response, 404)
    assert (error["code"], error["message"]) == ("user_not_found", "사용자를 찾을 수 없어요.")
    english = client.get(
        f"/users/{theirs['user_id']}", headers={**bearer(mine["access_token"]), **EN}
    )
    assert error_of(english, 404)["message"] == "No such user."
    own = client.get(f"/users/{mine['user_id']}", headers=bearer(mine["access_token"]))
    assert own.status_code == 200


def test_delete_me_erases_scans_personal_data_and_sign_ins(
    client: TestClient, fake_waste: FakeWaste
) -> None:
    tokens = tokens_of(client.post("/auth/register", json=ACCOUNT))
    fake_waste.add_scans(tokens["user_id"], "캔류", "캔류")
    response = client.delete("/users/me", headers=bearer(tokens["access_token"]))
    assert response.status_code == 204
    assert fake_waste.called("erase_owner") == [{"owner_id": tokens["user_id"]}]

    assert error_of(client.get("/users/me", headers=bearer(tokens["access_token"])), 401)
    refresh = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert error_of(refresh, 401)["code"] == "refresh_token_invalid"
    login = client.post("/auth/login", json={"email": ACCOUNT["email"], "password": "password1"})
    assert error_of(login, 401)["code"] == "invalid_credentials"

    with session_scope() as session:
        account = session.get(UserAccount, tokens["user_id"])
        assert account is not None and account.deleted_at is not None
        assert (account.email, account.display_name) == (None, None)
        assert session.scalars(select(PasswordCredential)).all() == []
        assert session.scalars(select(Identity)).all() == []
        rows = session.scalars(select(RefreshToken)).all()
        assert rows and all(row.revoked_at is not None for row in rows)

    # The address is free again.
    tokens_of(client.post("/auth/register", json=ACCOUNT))


def test_a_fresh_token_of_a_deleted_account_finds_nothing(
    client: TestClient, fake_waste: FakeWaste
) -> None:
    from wastecoach.core.security import issue_access_token

    tokens = tokens_of(client.post("/auth/guest"))
    client.delete("/users/me", headers=bearer(tokens["access_token"]))
    still_signed = issue_access_token(tokens["user_id"], "guest")
    response = client.get("/users/me", headers=bearer(still_signed))
    assert error_of(response, 404)["code"] == "user_not_found"
