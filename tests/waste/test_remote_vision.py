"""The optional remote vision provider against a loopback OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.fakes.openai_compatible import DEFAULT_API_KEY, FakeOpenAI
from tests.fixtures.images import photo
from tests.waste.conftest import submit, wait_done
from wastecoach.waste.config import get_vision_settings
from wastecoach.waste.providers.remote import SYSTEM_PROMPT

SERVER_MODEL = "vision-model-chosen-by-the-server"


@pytest.fixture
def remote(configure, fake_openai: tuple[FakeOpenAI, str]) -> Iterator[FakeOpenAI]:  # type: ignore[no-untyped-def]
    fake, base_url = fake_openai
    fake.available_models = (SERVER_MODEL,)
    configure(
        vision_provider="openai",
        vision_openai_base_url=base_url + "/v1",
        vision_openai_api_key=DEFAULT_API_KEY,
        vision_openai_model=SERVER_MODEL,
        vision_openai_timeout_s="1.0",
    )
    get_vision_settings.cache_clear()
    yield fake
    get_vision_settings.cache_clear()


@pytest.fixture
def remote_client(remote: FakeOpenAI) -> Iterator[TestClient]:
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings
    from wastecoach.main import create_app

    migrations.upgrade(get_settings().effective_database_url)
    with TestClient(create_app()) as client:
        yield client


def guest(client: TestClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.post('/auth/guest').json()['access_token']}"}


def test_remote_answer_with_conditions_is_used(
    remote: FakeOpenAI, remote_client: TestClient
) -> None:
    remote.reply_with(
        json.dumps(
            {
                "items": [{"item_id": "pet-bottle-clear", "confidence": 0.93}],
                "material": "plastic",
                "shape": "bottle",
                "conditions": {"label_attached": "detected", "cap_on": "not_detected"},
            }
        )
    )
    headers = guest(remote_client)
    scan_id = submit(remote_client, headers, photo()).json()["scan_id"]
    result = wait_done(remote_client, headers, scan_id)["result"]
    assert result["provider"] == "openai"
    assert result["item_id"] == "pet-bottle-clear" and result["uncertain"] is False
    states = {c["tag"]: c["state"] for c in result["conditions"]}
    assert states["label_attached"] == "detected" and states["food_residue"] == "unknown"
    assert "라벨" in result["coaching"]["checklist"][0]["text"]

    request = remote.chat_requests[-1]
    assert request.body is not None and request.body["model"] == SERVER_MODEL
    assert request.messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    image_part = request.messages[1]["content"][1]
    assert image_part["image_url"]["url"].startswith("data:image/jpeg;base64,")


@pytest.mark.parametrize(
    "script",
    [
        lambda fake: fake.reply_with("I think it is a bottle!"),
        lambda fake: fake.reply_with(
            json.dumps({"items": [{"item_id": "made-up", "confidence": 1}]})
        ),
        # The SDK retries once, so both attempts are rate limited.
        lambda fake: [fake.reply_with_rate_limit(retry_after_seconds=0.1) for _ in range(2)],
        lambda fake: fake.reply_after_delay(3.0),
    ],
    ids=["prose", "unknown-item", "429", "timeout"],
)
def test_any_remote_problem_falls_back_to_the_local_model(  # type: ignore[no-untyped-def]
    remote: FakeOpenAI, remote_client: TestClient, script
) -> None:
    script(remote)
    headers = guest(remote_client)
    scan_id = submit(remote_client, headers, photo()).json()["scan_id"]
    body = wait_done(remote_client, headers, scan_id)
    assert body["status"] == "done"
    assert body["result"]["provider"] == "local"
