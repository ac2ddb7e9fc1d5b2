"""Reading public-data CSV files: encoding detection (UTF-8 or CP949) and tolerant streaming.

Korean open data comes in both encodings, sometimes with a few damaged bytes or broken rows;
these helpers degrade a bad row instead of aborting a whole import. Shared by the locations
importers and the recycling schedule parser.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

_CHUNK = 1 << 16
_CANDIDATES = ("utf-8", "cp949")  # CP949 is a superset of EUC-KR, so it covers both
_KNOWN_FAMILIES = {"utf_8", "utf-8", "cp949", "euc_kr", "euc-kr", "johab"}


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


def clean_header(name: str) -> str:
    return name.replace("\ufeff", "").strip()
