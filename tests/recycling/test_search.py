from __future__ import annotations

import pytest

from wastecoach.recycling.service import get_search_index

index = get_search_index()


def top(query: str) -> str:
    hits = index.search(query)
    assert hits, query
    return hits[0].item_id


@pytest.mark.parametrize(
    ("query", "item_id"),
    [
        ("아이스팩", "ice-pack"),
        ("아이스팩어떻게버려요", "ice-pack"),  # no spacing, question ending
        ("아이스팩 어떻게 버려요?", "ice-pack"),
        ("우유팩은요?", "milk-carton"),  # particle + ending
        ("택베박스", "delivery-box"),  # ㅐ/ㅔ typo
        ("치킨뼈는 음식물 쓰레기인가요?", "chicken-bones"),  # the subject, not the guess
        ("소주병", "glass-bottle-soju"),
        ("뽁뽁이", "bubble-wrap"),  # colloquial
    ],
)
def test_colloquial_queries_find_the_item(query: str, item_id: str) -> None:
    assert top(query) == item_id


def test_exact_names_score_one_and_guesses_score_less() -> None:
    assert index.search("소주병")[0].score == 1.0
    assert index.search("아이스 패액")[0].score < 1.0


def test_english_queries_use_the_english_names() -> None:
    assert top("how do I throw away a pizza box") == "pizza-box"


def test_latin_aliases_in_korean_data_are_found() -> None:
    assert index.search("TV")[0].item_id in {"television", "tv-stand"}


def test_nonsense_finds_nothing_good() -> None:
    hits = index.search("ㅋㅋㅋ 안녕하세요 날씨 좋네요")
    assert not hits or hits[0].score < 0.5


def test_empty_query_returns_nothing() -> None:
    assert index.search("   ?!  ") == []


def test_concurrent_first_calls_build_one_index(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from wastecoach.recycling import service

    builds = []

    class SlowIndex:
        def __init__(self, items: object) -> None:
            builds.append(self)
            time.sleep(0.2)  # a real build takes seconds; threads pile up behind it

    monkeypatch.setattr(service, "_index", None)
    monkeypatch.setattr(service, "ItemSearchIndex", SlowIndex)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(service.get_search_index()))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert all(result is builds[0] for result in results)
