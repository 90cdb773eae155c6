"""Nothing lost: acknowledged S3 writes survive kill -9 of the server; an unacknowledged one never appears."""
import hashlib
import os
import tempfile
import threading
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import fresh_postgres, make_client, read_root_credentials, start_server, stop_server


def _md5(data):
    return hashlib.md5(data).hexdigest()


def _restart(server):
    server.process.kill()  # SIGKILL: no graceful shutdown, no flushing
    server.process.wait(timeout=30)
    return start_server(server.data_dir, server.postgres)


def _slow_body(total, chunk, delay):
    sent = 0
    while sent < total:
        size = min(chunk, total - sent)
        yield b"x" * size
        sent += size
        time.sleep(delay)


def test_acknowledged_objects_survive_kill_and_unacknowledged_upload_never_appears(worker_id):
    data_dir = tempfile.mkdtemp(prefix="sagewright-e2e-kill-")
    server = start_server(data_dir, fresh_postgres(f"kill_{worker_id}"))
    try:
        creds = read_root_credentials(data_dir)
        s3 = make_client(server, "s3", creds)
        bucket = f"durable-{uuid.uuid4().hex[:12]}"
        s3.create_bucket(Bucket=bucket)
        expected = {}
        for i, size in enumerate([0, 1, 4096, 70_000, 1_000_000, 3_000_000]):
            body = os.urandom(size)
            s3.put_object(Bucket=bucket, Key=f"k{i}", Body=body)
            expected[f"k{i}"] = _md5(body)
        # Overwrites: the acknowledged version is the one that must survive.
        for i in (1, 4):
            body = os.urandom(2048 * (i + 1))
            s3.put_object(Bucket=bucket, Key=f"k{i}", Body=body)
            expected[f"k{i}"] = _md5(body)
        s3.put_object(Bucket=bucket, Key="encrypted", Body=b"secret" * 5000, ServerSideEncryption="AES256")
        expected["encrypted"] = _md5(b"secret" * 5000)

        # An upload in flight when the server dies: its client never gets an answer.
        failure = {}

        def upload():
            raw = make_client(server, "s3", creds)
            try:
                raw.put_object(Bucket=bucket, Key="interrupted", Body=_slow_body(20_000_000, 256 * 1024, 0.05),
                               ContentLength=20_000_000)
            except Exception as e:  # noqa: BLE001 - any failure is the point: the server was killed
                failure["error"] = e

        thread = threading.Thread(target=upload)
        thread.start()
        time.sleep(1.0)
        server = _restart(server)
        thread.join(timeout=60)
        assert "error" in failure, "the interrupted upload must not have been acknowledged"

        s3 = make_client(server, "s3", creds)
        for key, digest in expected.items():
            assert _md5(s3.get_object(Bucket=bucket, Key=key)["Body"].read()) == digest, key
        with pytest.raises(ClientError) as missing:
            s3.head_object(Bucket=bucket, Key="interrupted")
        assert missing.value.response["Error"]["Code"] == "404"
        listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        assert sorted(listed) == sorted(expected)
        # Uncommitted bytes were left in the staging directory only, and the restart removed them.
        assert os.listdir(os.path.join(data_dir, "s3", "tmp")) == []
    finally:
        stop_server(server)
