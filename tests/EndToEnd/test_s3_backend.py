"""Object bytes through the blob store: the S3 calls that write, read and replace them. In external-store mode
(SAGEWRIGHT_E2E_EXTERNAL_S3=1) each test also checks the bytes landed in the backing store's bucket."""
import os
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import make_client

MiB = 1024 * 1024
SIZE = 300 * 1024  # above the size S3 may keep inline in its metadata, so it goes to the blob store


@pytest.fixture
def s3(server):
    return make_client(server, "s3", server.root)


@pytest.fixture
def bucket(s3):
    name = f"backend-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name)
    return name


class BackingStore:
    """The external store's bucket, read with the backing server's own root credentials."""

    def __init__(self, backing):
        self.backing = backing
        self.s3 = make_client(backing, "s3", backing.root)

    def keys(self):
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.backing.bucket)
        return {o["Key"] for page in pages for o in page.get("Contents", [])}

    def read(self, key):
        return self.s3.get_object(Bucket=self.backing.bucket, Key=key)["Body"].read()

    def new_blobs(self, before):
        """The blobs written since `before` (a keys() snapshot), as bytes."""
        added = sorted(self.keys() - before)
        assert all(k.startswith(self.backing.prefix) for k in added), added
        return [self.read(k) for k in added]


@pytest.fixture
def backing(server):
    return BackingStore(server.backing) if server.backing else None


def snapshot(backing):
    return backing.keys() if backing else None


def test_s3_put_and_overwrite_store_their_bytes_in_the_backing_store(s3, bucket, backing):
    for data in (os.urandom(SIZE), os.urandom(SIZE + 1)):
        before = snapshot(backing)
        s3.put_object(Bucket=bucket, Key="data.bin", Body=data)
        assert s3.get_object(Bucket=bucket, Key="data.bin")["Body"].read() == data
        if backing:
            assert backing.new_blobs(before) == [data]


def test_s3_ranged_get_reads_that_range(s3, bucket):
    data = os.urandom(SIZE)
    s3.put_object(Bucket=bucket, Key="ranged", Body=data)
    response = s3.get_object(Bucket=bucket, Key="ranged", Range="bytes=1000-200999")
    assert response["ContentRange"] == f"bytes 1000-200999/{SIZE}"
    assert response["Body"].read() == data[1000:201000]
    assert s3.get_object(Bucket=bucket, Key="ranged", Range="bytes=-10")["Body"].read() == data[-10:]


def test_s3_multipart_upload_parts_are_blobs_in_the_backing_store(s3, bucket, backing):
    parts = [os.urandom(5 * MiB), os.urandom(SIZE)]
    before = snapshot(backing)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    etags = [s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=n, Body=p)["ETag"]
             for n, p in enumerate(parts, start=1)]
    s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, start=1)]})
    data = b"".join(parts)
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == data
    # A range across the part boundary reads from both blobs.
    boundary = len(parts[0])
    assert s3.get_object(Bucket=bucket, Key="big", Range=f"bytes={boundary - 5}-{boundary + 4}")["Body"].read() == data[boundary - 5:boundary + 5]
    if backing:
        assert sorted(backing.new_blobs(before)) == sorted(parts)


def test_s3_delete_makes_the_object_missing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gone", Body=os.urandom(SIZE))
    s3.delete_object(Bucket=bucket, Key="gone")
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="gone")
    assert e.value.response["Error"]["Code"] == "NoSuchKey"
    s3.delete_object(Bucket=bucket, Key="gone")


def test_s3_sse_s3_objects_are_ciphertext_in_the_backing_store(s3, bucket, backing):
    data = os.urandom(SIZE)
    before = snapshot(backing)
    s3.put_object(Bucket=bucket, Key="secret", Body=data, ServerSideEncryption="AES256")
    assert s3.get_object(Bucket=bucket, Key="secret", Range="bytes=70000-70009")["Body"].read() == data[70000:70010]
    assert s3.get_object(Bucket=bucket, Key="secret")["Body"].read() == data
    if backing:
        [stored] = backing.new_blobs(before)
        chunks = -(-SIZE // (64 * 1024))
        assert len(stored) == SIZE + 16 * chunks  # one 16-byte AES-GCM tag per 64 KiB chunk
        assert data[:1024] not in stored
