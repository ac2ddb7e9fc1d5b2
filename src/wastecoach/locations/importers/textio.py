"""Encoding detection, tolerant CSV streaming and small text helpers shared by the readers."""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

_CHUNK = 1 << 16
_CANDIDATES = ("utf-8", "cp949")  # CP949 is a superset of EUC-KR, so it covers both
_KNOWN_FAMILIES = {"utf_8", "utf-8", "cp949", "euc_kr", "euc-kr", "johab"}
_SPACES = re.compile(r"\s+")


def _count_decode_errors(path: Path, encoding: str, limit: int = 50) -> int:
    errors = 0

    def _handler(exc: UnicodeError) -> tuple[str, int]:
        nonlocal errors
        errors += 1
        assert isinstance(exc, UnicodeDecodeError)
        return ("\ufffd", exc.end)

    name = f"wastecoach-count-{id(_handler)}"
    codecs.register_error(name, _handler)
    decoder = codecs.getincrementaldecoder(encoding)(errors=name)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            decoder.decode(chunk)
            if errors >= limit:
                return errors
        decoder.decode(b"", final=True)
    return errors


def detect_encoding(path: Path) -> str:
    """Return a codec name for ``path``: strict UTF-8 (BOM-aware), then CP949, else best guess.

    When no candidate decodes cleanly (a few corrupted bytes), charset-normalizer is asked; if it
    does not name a Korean/UTF codec the candidate with the fewest errors wins. Callers open the
    file with ``errors="replace"`` so a damaged row degrades instead of aborting the import.
    """
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    errors = {enc: _count_decode_errors(path, enc) for enc in _CANDIDATES}
    for enc in _CANDIDATES:
        if errors[enc] == 0:
            return enc
    best = from_bytes(path.read_bytes()).best()
    if best is not None and best.encoding.lower() in _KNOWN_FAMILIES:
        return "cp949" if best.encoding.lower() in {"euc_kr", "euc-kr"} else best.encoding
    return min(_CANDIDATES, key=lambda enc: errors[enc])


def iter_csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | None, list[str]]]:
    """Yield ``(row_number, row_dict_or_None, raw_fields)`` for every data row.

    ``row_dict`` is None when the row is broken (wrong field count or a CSV syntax error);
    blank lines are skipped. Header names are stripped of whitespace and BOMs.
    """
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [clean_header(h) for h in next(reader)]
        except StopIteration:
            return
        row_number = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error:
                row_number += 1
                yield row_number, None, []
                continue
            if not any(f.strip() for f in fields):
                continue
            row_number += 1
            if len(fields) != len(header):
                yield row_number, None, fields
                continue
            yield row_number, dict(zip(header, fields, strict=True)), fields


def read_header(path: Path) -> list[str]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        try:
            return [clean_header(h) for h in next(csv.reader(handle))]
        except (StopIteration, csv.Error):
            return []


def clean_header(name: str) -> str:
    return name.replace("\ufeff", "").strip()


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
