"""Photo storage: local disk, and S3 over HTTP against a loopback S3-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wastecoach.core.storage import LocalStorage, S3Storage


def test_local_storage_round_trip_and_refuses_escaping_keys(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    storage.put("scans/2026/11/a.jpg", b"jpeg-bytes", "image/jpeg")
    assert storage.get("scans/2026/11/a.jpg") == b"jpeg-bytes"
    assert not list(tmp_path.rglob("*.part"))  # written atomically
    storage.delete("scans/2026/11/a.jpg")
    with pytest.raises(FileNotFoundError):
        storage.get("scans/2026/11/a.jpg")
    with pytest.raises(ValueError):
        storage.put("../../etc/passwd", b"x", "text/plain")


@pytest.fixture
def s3_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    moto_server = pytest.importorskip("moto.server")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def test_s3_storage_round_trip(s3_endpoint: str) -> None:
    import boto3

    boto3.client("s3", endpoint_url=s3_endpoint, region_name="ap-northeast-2").create_bucket(
        Bucket="scans", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"}
    )
    storage = S3Storage("scans", endpoint_url=s3_endpoint, region="ap-northeast-2")
    storage.put("scans/x.jpg", b"\xff\xd8\xffdata", "image/jpeg")
    assert storage.get("scans/x.jpg") == b"\xff\xd8\xffdata"
    storage.delete("scans/x.jpg")
    with pytest.raises(Exception, match="NoSuchKey"):
        storage.get("scans/x.jpg")
