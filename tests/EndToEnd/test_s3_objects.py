"""S3 objects through boto3: metadata, ranges, conditions, atomic overwrites, copies, deletes, digests, SSE-S3."""
import datetime
import os
import threading

import botocore.exceptions
import pytest

from conftest import stored_blobs
from s3_helpers import (MiB, allow, other_account, error_of, md5_b64, md5_hex, new_bucket, new_user, s3,  # noqa: F401 (fixture)
                        status_of, supports_member, unique)


def put(s3, bucket, key, body, **kwargs):
    return s3.put_object(Bucket=bucket, Key=key, Body=body, **kwargs)


def read(s3, bucket, key, **kwargs):
    return s3.get_object(Bucket=bucket, Key=key, **kwargs)["Body"].read()


def test_put_get_head_round_trip_metadata_and_headers(s3):
    bucket = new_bucket(s3)
    body = b"hello, sagewright\n" * 100
    put_result = put(s3, bucket, "docs/greeting.txt", body,
                     Metadata={"color": "blue", "Mixed-Case": "Keeps Value Case", "empty": ""},
                     ContentType="text/plain; charset=utf-8", CacheControl="max-age=3600, public",
                     ContentDisposition='attachment; filename="greeting.txt"', ContentLanguage="en-GB")
    assert put_result["ETag"] == f'"{md5_hex(body)}"'

    got = s3.get_object(Bucket=bucket, Key="docs/greeting.txt")
    assert got["Body"].read() == body
    head = s3.head_object(Bucket=bucket, Key="docs/greeting.txt")
    for answer in (got, head):
        assert answer["ETag"] == f'"{md5_hex(body)}"'
        assert answer["ContentLength"] == len(body)
        # S3 stores user metadata names in lower case and values as given.
        assert answer["Metadata"] == {"color": "blue", "mixed-case": "Keeps Value Case", "empty": ""}
        assert answer["ContentType"] == "text/plain; charset=utf-8"
        assert answer["CacheControl"] == "max-age=3600, public"
        assert answer["ContentDisposition"] == 'attachment; filename="greeting.txt"'
        assert answer["ContentLanguage"] == "en-GB"
        assert answer["AcceptRanges"] == "bytes"
        assert answer["ResponseMetadata"]["HTTPHeaders"]["x-amz-request-id"]
        age = datetime.datetime.now(datetime.timezone.utc) - answer["LastModified"]
        assert datetime.timedelta(seconds=-5) < age < datetime.timedelta(minutes=5)
    assert got["ResponseMetadata"]["HTTPHeaders"]["x-amz-meta-color"] == "blue"


def test_default_content_type_and_empty_object(s3):
    bucket = new_bucket(s3)
    result = put(s3, bucket, "empty", b"")
    assert result["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentLength"] == 0
    assert got["ContentType"] == "binary/octet-stream"


def test_response_header_overrides(s3):
    bucket = new_bucket(s3)
    put(s3, bucket, "k", b"data", ContentType="text/plain")
    got = s3.get_object(Bucket=bucket, Key="k", ResponseContentType="application/json",
                        ResponseContentDisposition="inline", ResponseCacheControl="no-cache")
    assert got["ContentType"] == "application/json"
    assert got["ContentDisposition"] == "inline"
    assert got["CacheControl"] == "no-cache"
    assert s3.head_object(Bucket=bucket, Key="k")["ContentType"] == "text/plain"


def test_range_reads(s3):
    bucket = new_bucket(s3)
    body = bytes(range(100))
    put(s3, bucket, "range", body)

    first = s3.get_object(Bucket=bucket, Key="range", Range="bytes=0-9")
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert first["ContentRange"] == "bytes 0-9/100"
    assert first["ContentLength"] == 10
    assert first["Body"].read() == body[:10]

    suffix = s3.get_object(Bucket=bucket, Key="range", Range="bytes=-10")
    assert suffix["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert suffix["ContentRange"] == "bytes 90-99/100"
    assert suffix["Body"].read() == body[-10:]

    open_ended = s3.get_object(Bucket=bucket, Key="range", Range="bytes=5-")
    assert open_ended["ContentRange"] == "bytes 5-99/100"
    assert open_ended["ContentLength"] == 95
    assert open_ended["Body"].read() == body[5:]

    clipped = s3.get_object(Bucket=bucket, Key="range", Range="bytes=95-1000")
    assert clipped["ContentRange"] == "bytes 95-99/100"
    assert clipped["Body"].read() == body[95:]

    head = s3.head_object(Bucket=bucket, Key="range", Range="bytes=10-19")
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert head["ContentLength"] == 10

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="range", Range="bytes=100-200")
    assert error_of(excinfo)["Code"] == "InvalidRange"
    assert status_of(excinfo) == 416
    assert excinfo.value.response["ResponseMetadata"]["HTTPHeaders"].get("content-range") == "bytes */100"


def test_conditional_get(s3):
    bucket = new_bucket(s3)
    result = put(s3, bucket, "cond", b"conditional body")
    etag = result["ETag"]
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    past = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)

    assert read(s3, bucket, "cond", IfMatch=etag) == b"conditional body"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="cond", IfMatch='"0123456789abcdef0123456789abcdef"')
    assert error_of(excinfo)["Code"] == "PreconditionFailed"
    assert status_of(excinfo) == 412

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="cond", IfNoneMatch=etag)
    assert status_of(excinfo) == 304
    assert excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]["etag"] == etag

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="cond", IfModifiedSince=future)
    assert status_of(excinfo) == 304
    assert read(s3, bucket, "cond", IfModifiedSince=past) == b"conditional body"

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="cond", IfUnmodifiedSince=past)
    assert status_of(excinfo) == 412
    assert read(s3, bucket, "cond", IfUnmodifiedSince=future) == b"conditional body"

    # HEAD answers the same statuses, without bodies.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="cond", IfMatch='"ffffffffffffffffffffffffffffffff"')
    assert status_of(excinfo) == 412
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="cond", IfNoneMatch=etag)
    assert status_of(excinfo) == 304


def test_conditional_put_if_none_match(s3):
    bucket = new_bucket(s3)
    put(s3, bucket, "once", b"first")
    if supports_member(s3, "PutObject", "IfNoneMatch"):
        kwargs = {"IfNoneMatch": "*"}
    else:
        # botocore 1.29 predates conditional writes: send the header itself.
        def add_header(request, **_):
            request.headers["If-None-Match"] = "*"
        s3.meta.events.register("before-sign.s3.PutObject", add_header)
        kwargs = {}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        put(s3, bucket, "once", b"second", **kwargs)
    assert error_of(excinfo)["Code"] == "PreconditionFailed"
    assert status_of(excinfo) == 412
    assert read(s3, bucket, "once") == b"first"
    # A key that does not exist yet is created.
    put(s3, bucket, "fresh", b"new", **kwargs)
    assert read(s3, bucket, "fresh") == b"new"


def test_overwrite_is_atomic_for_concurrent_readers(s3):
    bucket = new_bucket(s3)
    size = 4 * MiB
    contents = {b"a": b"a" * size, b"b": b"b" * size}
    put(s3, bucket, "flip", contents[b"a"])
    done = threading.Event()
    problems = []
    reads = []

    def writer():
        try:
            for i in range(12):
                put(s3, bucket, "flip", contents[b"ab"[i % 2:i % 2 + 1]])
        except Exception as e:  # noqa: BLE001 - reported below
            problems.append(f"writer: {e!r}")
        finally:
            done.set()

    def reader():
        while not done.is_set():
            try:
                data = read(s3, bucket, "flip")
            except Exception as e:  # noqa: BLE001
                problems.append(f"reader: {e!r}")
                return
            reads.append(data[:1])
            if len(data) != size or data not in (contents[b"a"], contents[b"b"]):
                problems.append(f"mixed or short read: {len(data)} bytes, {data.count(b'a')} a's, {data.count(b'b')} b's")

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not problems, problems[:5]
    assert len(reads) >= 2
    assert read(s3, bucket, "flip") == contents[b"b"]


def test_copy_object_within_and_across_buckets(s3):
    source_bucket = new_bucket(s3)
    target_bucket = new_bucket(s3)
    body = os.urandom(64 * 1024)
    put(s3, source_bucket, "src/object.bin", body, Metadata={"origin": "source"}, ContentType="application/x-source",
        CacheControl="no-store")

    copied = s3.copy_object(Bucket=source_bucket, Key="dst/copy.bin", CopySource={"Bucket": source_bucket, "Key": "src/object.bin"})
    assert copied["CopyObjectResult"]["ETag"] == f'"{md5_hex(body)}"'
    head = s3.head_object(Bucket=source_bucket, Key="dst/copy.bin")
    assert head["Metadata"] == {"origin": "source"}
    assert head["ContentType"] == "application/x-source"
    assert head["CacheControl"] == "no-store"
    assert read(s3, source_bucket, "dst/copy.bin") == body

    replaced = s3.copy_object(Bucket=target_bucket, Key="other.bin", CopySource=f"{source_bucket}/src/object.bin",
                              MetadataDirective="REPLACE", Metadata={"origin": "replaced"}, ContentType="text/plain")
    assert replaced["CopyObjectResult"]["ETag"] == f'"{md5_hex(body)}"'
    head = s3.head_object(Bucket=target_bucket, Key="other.bin")
    assert head["Metadata"] == {"origin": "replaced"}
    assert head["ContentType"] == "text/plain"
    assert "CacheControl" not in head
    assert read(s3, target_bucket, "other.bin") == body

    # COPY ignores metadata given with the request.
    s3.copy_object(Bucket=target_bucket, Key="kept.bin", CopySource={"Bucket": source_bucket, "Key": "src/object.bin"},
                   MetadataDirective="COPY", Metadata={"ignored": "yes"})
    assert s3.head_object(Bucket=target_bucket, Key="kept.bin")["Metadata"] == {"origin": "source"}

    # The source stays as it was.
    assert s3.head_object(Bucket=source_bucket, Key="src/object.bin")["Metadata"] == {"origin": "source"}


def test_copy_object_with_special_characters_in_the_source_key(s3):
    bucket = new_bucket(s3)
    key = "dir/with space+plus ü & more.txt"
    put(s3, bucket, key, b"special")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": key})
    assert read(s3, bucket, "copied") == b"special"


def test_copy_object_to_itself(s3):
    bucket = new_bucket(s3)
    put(s3, bucket, "self", b"same", Metadata={"v": "1"})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"})
    assert error_of(excinfo)["Code"] == "InvalidRequest"
    assert status_of(excinfo) == 400
    # Changing the metadata is a legal self-copy.
    s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"}, MetadataDirective="REPLACE",
                   Metadata={"v": "2"})
    head = s3.head_object(Bucket=bucket, Key="self")
    assert head["Metadata"] == {"v": "2"}
    assert read(s3, bucket, "self") == b"same"


def test_copy_object_missing_source(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "missing"})
    assert error_of(excinfo)["Code"] == "NoSuchKey"
    assert status_of(excinfo) == 404


def test_delete_object_is_idempotent(s3):
    bucket = new_bucket(s3)
    put(s3, bucket, "gone", b"x")
    assert s3.delete_object(Bucket=bucket, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="gone")
    assert status_of(excinfo) == 404
    assert s3.delete_object(Bucket=bucket, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_object(Bucket=bucket, Key="never-existed")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_delete_objects_quiet_and_verbose(s3):
    bucket = new_bucket(s3)
    for key in ("a", "b", "c", "d", "e"):
        put(s3, bucket, key, key.encode())

    verbose = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "missing"}]})
    assert sorted(d["Key"] for d in verbose["Deleted"]) == ["a", "b", "missing"]
    assert verbose.get("Errors", []) == []

    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "c"}, {"Key": "d"}], "Quiet": True})
    assert quiet.get("Deleted", []) == []
    assert quiet.get("Errors", []) == []
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["e"]


def test_delete_objects_reports_per_key_access_denied(server, client, other_account):
    account = other_account
    s3 = client("s3", account)
    bucket = new_bucket(s3)
    for key in ("ok/1", "ok/2", "locked/1"):
        put(s3, bucket, key, b"x")
    _, _, creds = new_user(client("iam", account), allow("s3:DeleteObject", f"arn:aws:s3:::{bucket}/ok/*"))
    result = client("s3", creds).delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "ok/1"}, {"Key": "locked/1"}, {"Key": "ok/2"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["ok/1", "ok/2"]
    assert [(e["Key"], e["Code"]) for e in result["Errors"]] == [("locked/1", "AccessDenied")]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["locked/1"]


def test_head_bucket(s3, client, other_account):
    bucket = new_bucket(s3)
    assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_bucket(Bucket=f"missing-{bucket}")
    assert error_of(excinfo)["Code"] == "404"
    other = client("s3", other_account)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        other.head_bucket(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "403"


def test_content_md5_mismatch_is_bad_digest(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        put(s3, bucket, "digest", b"the real body", ContentMD5=md5_b64(b"another body"))
    assert error_of(excinfo)["Code"] == "BadDigest"
    assert status_of(excinfo) == 400
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="digest")
    assert status_of(excinfo) == 404
    # The right digest is accepted.
    put(s3, bucket, "digest", b"the real body", ContentMD5=md5_b64(b"the real body"))
    assert read(s3, bucket, "digest") == b"the real body"


def test_invalid_content_md5_is_invalid_digest(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        put(s3, bucket, "digest", b"body", ContentMD5="not-base64-md5")
    assert error_of(excinfo)["Code"] == "InvalidDigest"


def blob_files_containing(server, marker):
    return [name for name, data in stored_blobs(server) if marker in data]


def test_sse_s3_on_request_is_echoed_and_encrypted_at_rest(server, s3):
    bucket = new_bucket(s3)
    marker = f"PLAINTEXT-MARKER-{unique('sse')}".encode()
    body = marker * 5000  # above the inline limit: stored as a blob file
    result = put(s3, bucket, "secret.txt", body, ServerSideEncryption="AES256")
    assert result["ServerSideEncryption"] == "AES256"
    assert result["ETag"] == f'"{md5_hex(body)}"'
    got = s3.get_object(Bucket=bucket, Key="secret.txt")
    assert got["ServerSideEncryption"] == "AES256"
    assert got["Body"].read() == body
    assert s3.head_object(Bucket=bucket, Key="secret.txt")["ServerSideEncryption"] == "AES256"
    ranged = s3.get_object(Bucket=bucket, Key="secret.txt", Range="bytes=70000-70099")
    assert ranged["Body"].read() == body[70000:70100]
    across_chunks = s3.get_object(Bucket=bucket, Key="secret.txt", Range="bytes=65530-65545")
    assert across_chunks["Body"].read() == body[65530:65546]
    assert blob_files_containing(server, marker) == []

    plain_marker = f"PLAINTEXT-MARKER-{unique('plain')}".encode()
    plain = put(s3, bucket, "plain.txt", plain_marker * 5000)
    assert "ServerSideEncryption" not in plain
    assert "ServerSideEncryption" not in s3.head_object(Bucket=bucket, Key="plain.txt")
    assert len(blob_files_containing(server, plain_marker)) == 1


def test_bucket_default_encryption(server, s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_bucket_encryption(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "ServerSideEncryptionConfigurationNotFoundError"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"

    marker = f"PLAINTEXT-MARKER-{unique('default')}".encode()
    result = put(s3, bucket, "by-default", marker * 5000)
    assert result["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket=bucket, Key="by-default")
    assert got["ServerSideEncryption"] == "AES256"
    assert got["Body"].read() == marker * 5000
    assert blob_files_containing(server, marker) == []

    # A copy into the bucket is encrypted by default too.
    source = new_bucket(s3)
    copy_marker = f"PLAINTEXT-MARKER-{unique('copy')}".encode()
    put(s3, source, "plain", copy_marker * 5000)
    copied = s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": source, "Key": "plain"})
    assert copied["ServerSideEncryption"] == "AES256"
    assert read(s3, bucket, "copied") == copy_marker * 5000
    assert len(blob_files_containing(server, copy_marker)) == 1  # only the unencrypted source

    s3.delete_bucket_encryption(Bucket=bucket)
    assert "ServerSideEncryption" not in put(s3, bucket, "after", b"x")


def test_unsupported_encryption_algorithm(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        put(s3, bucket, "k", b"x", ServerSideEncryption="DES")
    assert error_of(excinfo)["Code"] == "InvalidArgument"
