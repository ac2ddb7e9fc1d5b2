"""Small text helpers shared by the readers (CSV reading itself is in ``core.csvio``)."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from wastecoach.core.csvio import clean_header, detect_encoding

_SPACES = re.compile(r"\s+")


def read_header(path: Path) -> list[str]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        try:
            return [clean_header(h) for h in next(csv.reader(handle))]
        except (StopIteration, csv.Error):
            return []


def clean(value: str | None) -> str | None:
    """Collapse whitespace; placeholders ("", "-", "없음", "null") become None."""
    if value is None:
        return None
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if text in {"", "-", "--", "없음", "null", "NULL", "None", "nan"}:
        return None
    return text


def raw_fields(header: list[str], fields: list[str]) -> dict[str, str]:
    if len(header) == len(fields):
        return dict(zip(header, fields, strict=True))
    return {f"col{i}": value for i, value in enumerate(fields)}


def parse_date(value: str | None) -> date | None:
    text = clean(value)
    if text is None:
        return None
    match = re.fullmatch(r"(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def stable_id(*parts: str | None) -> str:
    """A deterministic id from identifying fields (whitespace-insensitive)."""
    joined = "\x1f".join(_SPACES.sub("", p or "") for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:20]


class IdDisambiguator:
    """Suffixes ``~2``, ``~3`` … to ids repeated within one file (identical identifying fields)."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, row_id: str) -> str:
        self._seen[row_id] += 1
        n = self._seen[row_id]
        return row_id if n == 1 else f"{row_id}~{n}"


_SIDO_SUFFIXES = ("특별시", "광역시", "특별자치시", "특별자치도", "도")
# Short forms used in some addresses ("충북 청주시 ..."); current official names.
SIDO_SHORT = {
    "서울": "서울특별시",
    "부산": "부산광역시",
    "대구": "대구광역시",
    "인천": "인천광역시",
    "광주": "광주광역시",
    "대전": "대전광역시",
    "울산": "울산광역시",
    "세종": "세종특별자치시",
    "경기": "경기도",
    "강원": "강원특별자치도",
    "충북": "충청북도",
    "충남": "충청남도",
    "전북": "전북특별자치도",
    "전남": "전라남도",
    "경북": "경상북도",
    "경남": "경상남도",
    "제주": "제주특별자치도",
}


def region_from_address(*addresses: str | None) -> tuple[str | None, str | None]:
    """Best-effort (시도, 시군구) from the first address that starts with a 시도 name."""
    for address in addresses:
        sido, sigungu = _region(address)
        if sido is not None:
            return sido, sigungu
    return None, None


def _region(address: str | None) -> tuple[str | None, str | None]:
    if not address:
        return None, None
    tokens = address.split()
    if tokens and tokens[0] in SIDO_SHORT:
        tokens[0] = SIDO_SHORT[tokens[0]]
    if not tokens or not tokens[0].endswith(_SIDO_SUFFIXES):
        return None, None
    sido = tokens[0]
    sigungu_parts: list[str] = []
    for token in tokens[1:3]:
        if token.endswith(("시", "군", "구")) and not re.search(r"\d", token):
            sigungu_parts.append(token)
        else:
            break
    return sido, " ".join(sigungu_parts) or None
