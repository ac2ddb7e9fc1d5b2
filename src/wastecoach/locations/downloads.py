"""Fetch an import file over http(s) with a size cap (no other schemes, no unbounded reads)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from wastecoach.locations.exceptions import DownloadFailed, ImportSourceRejected

_CHUNK = 1 << 16


def is_url(source: str) -> bool:
    return "://" in source


def _file_name(url: str) -> str:
    # Keep the remote name: format detection uses it to break ties (의류 vs 의약품 bins).
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"[\\/\x00]", "_", name).strip(" .")
    return name[:200] or "download"


def download(url: str, folder: Path, *, max_bytes: int, timeout_s: float) -> Path:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ImportSourceRejected({"url": url, "reason": "only http and https are allowed"})
    target = folder / _file_name(url)
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=3, timeout=timeout_s) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise DownloadFailed({"url": url, "status": response.status_code})
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ImportSourceRejected({"url": url, "reason": "too_large", "limit": max_bytes})
            received = 0
            with target.open("wb") as handle:
                for chunk in response.iter_bytes(_CHUNK):
                    received += len(chunk)
                    if received > max_bytes:
                        raise ImportSourceRejected(
                            {"url": url, "reason": "too_large", "limit": max_bytes}
                        )
                    handle.write(chunk)
    except httpx.HTTPError as exc:
        raise DownloadFailed({"url": url, "error": exc.__class__.__name__}) from exc
    return target
