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
        ("치킨뼈 음쓰 아니에요?", "chicken-bones"),  # the bin they guess is not the thing
        ("택배박스 테이프떼고 버리면되죠?", "delivery-box"),  # the part already taken off
        ("투명 페트병 라벨 제거", "pet-bottle-clear"),
        ("콜라 페트병", "pet-bottle-clear"),  # a material as the head of a name stays
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


def test_english_names_matching_the_whole_query_come_first() -> None:
    assert top("toothbrush") == "toothbrush"  # not "electric toothbrush"


def test_one_syllable_aliases_do_not_match_inside_other_words() -> None:
    # 요 (a floor mattress) is inside 배민용기; it must not outrank the containers.
    assert all(hit.item_id != "bedding" for hit in index.search("배민용기 씻어서 버리면 돼요?"))


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
