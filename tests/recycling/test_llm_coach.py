"""The optional LLM coach against a loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.fakes.openai_compatible import DEFAULT_API_KEY, DEFAULT_MODEL, FakeOpenAI
from wastecoach.core.security import issue_access_token
from wastecoach.recycling.coach.llm import SYSTEM_PROMPT
from wastecoach.recycling.config import get_coach_settings
from wastecoach.recycling.service import recycling

LABEL_ON = {
    "label_attached": "detected",
    "cap_on": "unknown",
    "food_residue": "unknown",
    "mixed_materials": "unknown",
}
GOOD = {
    "category": "무색페트병",
    "message": "라벨만 떼면 완벽해요! 라벨은 비닐류로 따로 내놓아 주세요.",
    "checklist": [{"text": "라벨을 떼어 비닐류로 내놓아요.", "why": "재질이 달라요."}],
    "tip": "",
}


@pytest.fixture
def llm(configure, fake_openai: tuple[FakeOpenAI, str]) -> Iterator[FakeOpenAI]:  # type: ignore[no-untyped-def]
    fake, base_url = fake_openai
    configure(
        llm_provider="llm",
        llm_base_url=base_url + "/v1",
        llm_api_key=DEFAULT_API_KEY,
        llm_model=DEFAULT_MODEL,
        llm_timeout_s="1.0",
        llm_max_retries="0",
    )
    get_coach_settings.cache_clear()
    yield fake
    get_coach_settings.cache_clear()


def coach(user: str = "u1"):  # type: ignore[no-untyped-def]
    return recycling.coach_with_llm("pet-bottle-clear", LABEL_ON, "ko", user_id=user)


def test_a_good_answer_is_used_and_the_prompt_is_cache_friendly(llm: FakeOpenAI) -> None:
    llm.reply_with(json.dumps(GOOD, ensure_ascii=False))
    coaching = coach()
    assert coaching is not None
    assert coaching.provider == "llm"
    assert coaching.message == GOOD["message"]
    assert coaching.why == recycling.get_item_model("pet-bottle-clear").why.ko  # facts stay ours
    request = llm.chat_requests[-1]
    assert request.messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert request.body is not None and request.body["model"] == DEFAULT_MODEL
    user_payload = json.loads(request.messages[1]["content"])
    assert user_payload["entries"][0]["id"] == "pet-bottle-clear"  # retrieved, not invented


def test_malformed_json_falls_back(llm: FakeOpenAI) -> None:
    llm.reply_with("라벨을 떼세요 {not json")
    assert coach() is None


def test_an_answer_that_changes_the_category_falls_back(llm: FakeOpenAI) -> None:
    llm.reply_with(json.dumps({**GOOD, "category": "일반종량제폐기물"}, ensure_ascii=False))
    assert coach() is None


def test_an_answer_that_sends_it_to_the_wrong_bin_falls_back(llm: FakeOpenAI) -> None:
    wrong = {**GOOD, "message": "그냥 일반쓰레기 종량제봉투에 버리면 돼요."}
    llm.reply_with(json.dumps(wrong, ensure_ascii=False))
    assert coach() is None


def test_a_timeout_falls_back_quickly(llm: FakeOpenAI) -> None:
    llm.reply_after_delay(3.0, json.dumps(GOOD, ensure_ascii=False))
    started = time.monotonic()
    assert coach() is None
    assert time.monotonic() - started < 2.5


def test_a_rate_limit_falls_back(llm: FakeOpenAI) -> None:
    llm.reply_with_rate_limit(retry_after_seconds=0.1)
    assert coach() is None


def test_the_daily_token_budget_stops_calls(configure, llm: FakeOpenAI, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WASTECOACH_LLM_DAILY_TOKENS_PER_USER", "1")
    get_coach_settings.cache_clear()
    llm.reply_with(json.dumps(GOOD, ensure_ascii=False))
    assert coach("budget-user") is not None  # spends more than one token
    before = len(llm.chat_requests)
    assert coach("budget-user") is None
    assert len(llm.chat_requests) == before


def test_ask_uses_the_llm_for_signed_in_users_and_grounded_otherwise(
    llm: FakeOpenAI, client: TestClient
) -> None:
    answer = {
        "item_id": "receipt",
        "category": "일반종량제폐기물",
        "answer": "영수증은 종량제봉투에 버려요.",
    }
    llm.reply_with(json.dumps(answer, ensure_ascii=False))
    headers = {"Authorization": f"Bearer {issue_access_token('asker', 'user')}"}
    body = client.post(
        "/recycling/ask", json={"question": "영수증 버리는 법"}, headers=headers
    ).json()
    assert body["provider"] == "llm" and body["answer"] == answer["answer"]
    assert body["citations"][0]["item_id"] == "receipt"

    contradicting = {**answer, "category": "종이류", "answer": "영수증은 종이류예요."}
    llm.reply_with(json.dumps(contradicting, ensure_ascii=False))
    body = client.post(
        "/recycling/ask", json={"question": "영수증 버리는 법"}, headers=headers
    ).json()
    assert body["provider"] == "grounded"
    assert "일반종량제폐기물" in body["answer"]
