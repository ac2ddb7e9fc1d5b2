from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_returns_ranked_items_with_category_and_score(client: TestClient) -> None:
    response = client.get("/recycling/items", params={"q": "아이스팩 어떻게 버려요"})
    assert response.status_code == 200
    body = response.json()
    assert body["matched"] is True
    first = body["results"][0]
    assert first["id"] == "ice-pack"
    assert first["category"] == "일반종량제폐기물"
    assert 0.5 <= first["score"] <= 1.0
    scores = [r["score"] for r in body["results"]]
    assert len(scores) >= 2


def test_close_results_ask_which_one(client: TestClient) -> None:
    body = client.get("/recycling/items", params={"q": "전구"}).json()
    assert body["ambiguous"] is True
    assert body["clarification"].endswith("인가요?")
    assert body["results"][0]["name"] in body["clarification"]


def test_search_in_english(client: TestClient) -> None:
    body = client.get(
        "/recycling/items", params={"q": "pizza box"}, headers={"Accept-Language": "en"}
    ).json()
    assert body["results"][0]["id"] == "pizza-box"
    assert body["results"][0]["category_label"] == "Paper"


def test_a_stated_condition_changes_the_answer_and_says_why(client: TestClient) -> None:
    plain = client.get("/recycling/items", params={"q": "피자박스"}).json()["results"][0]
    greasy = client.get("/recycling/items", params={"q": "기름 묻은 피자박스"}).json()["results"][0]
    clean = client.get("/recycling/items", params={"q": "기름 안 묻은 피자박스"}).json()["results"][
        0
    ]
    assert plain["id"] == greasy["id"] == clean["id"] == "pizza-box"
    assert plain["category"] == clean["category"] == "종이류"
    assert plain["condition"] is None and clean["condition"] is None
    assert greasy["category"] == "일반종량제폐기물"
    assert greasy["category_label"] == "일반종량제폐기물"
    assert greasy["condition"] and greasy["disposal"] != plain["disposal"]


def test_broken_bottles_and_tinted_pet_in_english(client: TestClient) -> None:
    en = {"Accept-Language": "en"}
    broken = client.get("/recycling/items", params={"q": "broken beer bottle"}, headers=en).json()
    assert broken["results"][0]["category"] == "불연성종량제폐기물"
    assert broken["results"][0]["condition"].startswith("if")
    tinted = client.get("/recycling/items", params={"q": "초록색 사이다 페트병"}).json()
    assert tinted["results"][0]["category"] == "플라스틱류"
    spoon = client.get("/recycling/items", params={"q": "배달 플라스틱 숟가락"}).json()
    assert spoon["results"][0]["id"] == "cutlery"
    assert spoon["results"][0]["category"] == "플라스틱류"  # not the metal cutlery route


def test_item_detail_lists_its_variants(client: TestClient) -> None:
    body = client.get("/recycling/items/pizza-box", headers={"Accept-Language": "en"}).json()
    assert body["category"] == "종이류"
    variant = body["variants"][0]
    assert variant["category"] == "일반종량제폐기물"
    assert variant["category_label"] != variant["category"]  # English label
    assert variant["when"] and variant["disposal"] and variant["why"]


def test_item_detail_in_both_languages(client: TestClient) -> None:
    ko = client.get("/recycling/items/pet-bottle-clear").json()
    en = client.get("/recycling/items/pet-bottle-clear", headers={"Accept-Language": "en"}).json()
    assert ko["category"] == en["category"] == "무색페트병"
    assert ko["name"] == "투명 페트병" and en["name"] == en["name_en"]
    assert ko["steps"] != en["steps"]
    assert any(part["category"] == "비닐류" for part in ko["parts"])


def test_unknown_item_is_404_in_the_error_format(client: TestClient) -> None:
    response = client.get("/recycling/items/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "item_not_found"


def test_blank_query_is_rejected(client: TestClient) -> None:
    assert client.get("/recycling/items", params={"q": ""}).status_code == 422
    response = client.get("/recycling/items", params={"q": "?!"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty_query"


def test_categories_are_the_nineteen_official_ones(client: TestClient) -> None:
    categories = client.get("/recycling/categories").json()
    assert len(categories) == 19
    assert categories[0]["name"] == "종이류"
    assert all(c["item_count"] > 0 for c in categories)
    detail = client.get("/recycling/categories/종이팩").json()
    assert detail["principles"]["rinse"]
    assert any(item["id"] == "milk-carton" for item in detail["items"])
    assert client.get("/recycling/categories/Paper").json()["name"] == "종이류"
    assert client.get("/recycling/categories/없는분류").status_code == 404


def test_misses_are_admin_only(client: TestClient) -> None:
    client.get("/recycling/items", params={"q": "블랙홀"})
    response = client.get("/recycling/misses")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_misses_are_recorded_for_curators(client: TestClient) -> None:
    from wastecoach.core.security import issue_access_token

    for _ in range(2):
        client.get("/recycling/items", params={"q": "블랙홀"})
    admin = {"Authorization": f"Bearer {issue_access_token('admin-1', 'admin')}"}
    misses = client.get("/recycling/misses", headers=admin).json()
    assert misses[0]["query"] == "블랙홀"
    assert misses[0]["count"] == 2
    user = {"Authorization": f"Bearer {issue_access_token('user-1', 'user')}"}
    assert client.get("/recycling/misses", headers=user).status_code == 403


def test_ask_answers_from_the_knowledge_base_and_cites_it(client: TestClient) -> None:
    body = client.post("/recycling/ask", json={"question": "영수증은 종이로 버려도 되나요?"}).json()
    assert body["matched"] is True
    assert body["citations"][0]["item_id"] == "receipt"
    assert "일반종량제폐기물" in body["answer"]
    unknown = client.post("/recycling/ask", json={"question": "ㅋㅋㅋ"}).json()
    assert unknown["matched"] is False and unknown["citations"] == []
