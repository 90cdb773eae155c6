"""Flexible checksums: verified on upload, stored, returned with ChecksumMode, and whole-object CRCs for multipart uploads."""
import base64
import hashlib
import os
import zlib

import pytest
from botocore.exceptions import ClientError

from s3_helpers import MiB, error_of, new_bucket, s3, supports_member  # noqa: F401 (fixture)


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def test_sha256_checksum_is_verified_stored_and_returned(s3):
    bucket = new_bucket(s3)
    body = os.urandom(100_000)
    expected = base64.b64encode(hashlib.sha256(body).digest()).decode()

    put = s3.put_object(Bucket=bucket, Key="k", Body=body, ChecksumAlgorithm="SHA256")
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")

    assert put["ChecksumSHA256"] == expected
    assert got["ChecksumSHA256"] == expected
    assert got["Body"].read() == body


def test_a_wrong_crc32_is_bad_digest_and_nothing_is_stored(s3):
    bucket = new_bucket(s3)
    body = b"checked bytes" * 1000
    with pytest.raises(ClientError) as bad:
        s3.put_object(Bucket=bucket, Key="k", Body=body, ChecksumCRC32=crc32_b64(b"other bytes"))
    assert error_of(bad)["Code"] == "BadDigest"
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def with_checksum_type(s3, operation, value, params):
    """ChecksumType as a parameter where botocore knows it (≥ 1.36), else as the raw x-amz-checksum-type header."""
    if supports_member(s3, operation, "ChecksumType"):
        return {**params, "ChecksumType": value}

    def add_header(request, **_):
        request.headers["x-amz-checksum-type"] = value
    s3.meta.events.register_first(f"before-sign.s3.{operation}", add_header, unique_id=f"checksum-type-{operation}")
    return params


def test_multipart_full_object_crc32_is_the_crc_of_the_whole_object(s3):
    bucket = new_bucket(s3)
    parts = [os.urandom(5 * MiB), os.urandom(5 * MiB), os.urandom(123)]
    upload = s3.create_multipart_upload(**with_checksum_type(s3, "CreateMultipartUpload", "FULL_OBJECT",
                                                             {"Bucket": bucket, "Key": "k", "ChecksumAlgorithm": "CRC32"}))
    assert upload["ResponseMetadata"]["HTTPHeaders"]["x-amz-checksum-type"] == "FULL_OBJECT"
    done = []
    for number, data in enumerate(parts, start=1):
        part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload["UploadId"], PartNumber=number, Body=data, ChecksumAlgorithm="CRC32")
        done.append({"PartNumber": number, "ETag": part["ETag"], "ChecksumCRC32": part["ChecksumCRC32"]})
    whole = b"".join(parts)

    completed = s3.complete_multipart_upload(**with_checksum_type(s3, "CompleteMultipartUpload", "FULL_OBJECT", {
        "Bucket": bucket, "Key": "k", "UploadId": upload["UploadId"], "MultipartUpload": {"Parts": done}, "ChecksumCRC32": crc32_b64(whole)}))
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")

    assert completed["ChecksumCRC32"] == crc32_b64(whole)
    assert head["ChecksumCRC32"] == crc32_b64(whole)
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-checksum-type"] == "FULL_OBJECT"
