"""S3 multipart uploads through boto3: the transfer manager, part rules, copies of parts, listings, part reads."""
import os

import boto3.s3.transfer
import botocore.exceptions
import pytest

from s3_helpers import MiB, error_of, file_sha256, md5_hex, multipart_etag, new_bucket, s3, status_of  # noqa: F401 (fixture)


def create(s3, bucket, key, **kwargs):
    return s3.create_multipart_upload(Bucket=bucket, Key=key, **kwargs)["UploadId"]


def upload(s3, bucket, key, upload_id, number, body):
    return s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body)["ETag"]


def complete(s3, bucket, key, upload_id, parts):
    return s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={
        "Parts": [{"PartNumber": n, "ETag": etag} for n, etag in parts]})


def test_transfer_manager_upload_and_download(s3, tmp_path):
    bucket = new_bucket(s3)
    source = tmp_path / "source.bin"
    data = os.urandom(23 * MiB)
    source.write_bytes(data)
    config = boto3.s3.transfer.TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB, max_concurrency=4)
    s3.upload_file(str(source), bucket, "big/object.bin", Config=config)

    head = s3.head_object(Bucket=bucket, Key="big/object.bin")
    assert head["ContentLength"] == 23 * MiB
    parts = [data[i:i + 5 * MiB] for i in range(0, len(data), 5 * MiB)]
    assert len(parts) == 5
    assert head["ETag"].endswith('-5"')
    assert head["ETag"] == multipart_etag(parts)
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert (listed["Key"], listed["Size"], listed["ETag"]) == ("big/object.bin", 23 * MiB, head["ETag"])

    target = tmp_path / "target.bin"
    s3.download_file(bucket, "big/object.bin", str(target), Config=config)
    assert file_sha256(target) == file_sha256(source)

    # A part of the completed object, by number.
    second = s3.get_object(Bucket=bucket, Key="big/object.bin", PartNumber=2)
    assert second["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert second["PartsCount"] == 5
    assert second["ContentLength"] == 5 * MiB
    assert second["ContentRange"] == f"bytes {5 * MiB}-{10 * MiB - 1}/{23 * MiB}"
    assert second["Body"].read() == parts[1]
    last = s3.head_object(Bucket=bucket, Key="big/object.bin", PartNumber=5)
    assert last["ContentLength"] == 3 * MiB
    assert last["PartsCount"] == 5
    # A range across a part boundary.
    across = s3.get_object(Bucket=bucket, Key="big/object.bin", Range=f"bytes={5 * MiB - 10}-{5 * MiB + 9}")
    assert across["Body"].read() == data[5 * MiB - 10:5 * MiB + 10]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="big/object.bin", PartNumber=6)
    assert error_of(excinfo)["Code"] == "InvalidPartNumber"
    assert status_of(excinfo) == 416


def test_parts_smaller_than_5_mib_are_too_small(s3):
    bucket = new_bucket(s3)
    upload_id = create(s3, bucket, "small-parts")
    first = upload(s3, bucket, "small-parts", upload_id, 1, b"a" * MiB)
    second = upload(s3, bucket, "small-parts", upload_id, 2, b"b" * MiB)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        complete(s3, bucket, "small-parts", upload_id, [(1, first), (2, second)])
    assert error_of(excinfo)["Code"] == "EntityTooSmall"
    assert status_of(excinfo) == 400
    # The upload is still there; a single small part (the last one) is fine.
    result = complete(s3, bucket, "small-parts", upload_id, [(1, first)])
    assert result["ETag"] == multipart_etag([b"a" * MiB])
    assert s3.get_object(Bucket=bucket, Key="small-parts")["Body"].read() == b"a" * MiB


def test_parts_out_of_order_and_wrong_etags(s3):
    bucket = new_bucket(s3)
    key = "order"
    upload_id = create(s3, bucket, key)
    big = os.urandom(5 * MiB)
    first = upload(s3, bucket, key, upload_id, 1, big)
    second = upload(s3, bucket, key, upload_id, 2, b"tail")
    assert first == f'"{md5_hex(big)}"'

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        complete(s3, bucket, key, upload_id, [(2, second), (1, first)])
    assert error_of(excinfo)["Code"] == "InvalidPartOrder"

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        complete(s3, bucket, key, upload_id, [(1, first), (2, '"0123456789abcdef0123456789abcdef"')])
    assert error_of(excinfo)["Code"] == "InvalidPart"

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        complete(s3, bucket, key, upload_id, [(1, first), (3, second)])
    assert error_of(excinfo)["Code"] == "InvalidPart"

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key=key)
    assert status_of(excinfo) == 404

    # ETags are accepted with or without quotes.
    result = complete(s3, bucket, key, upload_id, [(1, first.strip('"')), (2, second)])
    assert result["ETag"] == multipart_etag([big, b"tail"])
    assert result["Key"] == key and result["Bucket"] == bucket
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == big + b"tail"
    # Completed: gone from the listing of uploads, and cannot be completed again.
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_abort(s3):
    bucket = new_bucket(s3)
    upload_id = create(s3, bucket, "aborted")
    etag = upload(s3, bucket, "aborted", upload_id, 1, b"x" * 1024)
    kept = create(s3, bucket, "kept")
    listed = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert sorted((u["Key"], u["UploadId"]) for u in listed) == sorted([("aborted", upload_id), ("kept", kept)])

    assert s3.abort_multipart_upload(Bucket=bucket, Key="aborted", UploadId=upload_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert [(u["Key"], u["UploadId"]) for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [("kept", kept)]
    for call in (lambda: complete(s3, bucket, "aborted", upload_id, [(1, etag)]),
                 lambda: upload(s3, bucket, "aborted", upload_id, 2, b"more"),
                 lambda: s3.list_parts(Bucket=bucket, Key="aborted", UploadId=upload_id),
                 lambda: s3.abort_multipart_upload(Bucket=bucket, Key="aborted", UploadId=upload_id)):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call()
        assert error_of(excinfo)["Code"] == "NoSuchUpload"
        assert status_of(excinfo) == 404
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="aborted")
    assert status_of(excinfo) == 404
    # An upload id is bound to its key.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        upload(s3, bucket, "other-key", kept, 1, b"x")
    assert error_of(excinfo)["Code"] == "NoSuchUpload"
    s3.abort_multipart_upload(Bucket=bucket, Key="kept", UploadId=kept)


def test_upload_part_copy_with_ranges(s3):
    bucket = new_bucket(s3)
    source = os.urandom(12 * MiB)
    s3.put_object(Bucket=bucket, Key="source.bin", Body=source)
    upload_id = create(s3, bucket, "assembled", ContentType="application/x-assembled")
    first = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=1,
                                CopySource={"Bucket": bucket, "Key": "source.bin"}, CopySourceRange=f"bytes=0-{6 * MiB - 1}")
    assert first["CopyPartResult"]["ETag"] == f'"{md5_hex(source[:6 * MiB])}"'
    second = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=2,
                                 CopySource=f"{bucket}/source.bin", CopySourceRange=f"bytes={7 * MiB}-{12 * MiB - 1}")
    third = upload(s3, bucket, "assembled", upload_id, 3, b"end")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=4,
                            CopySource={"Bucket": bucket, "Key": "source.bin"}, CopySourceRange=f"bytes=0-{12 * MiB}")
    assert error_of(excinfo)["Code"] == "InvalidRange"
    parts = s3.list_parts(Bucket=bucket, Key="assembled", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["Size"]) for p in parts] == [(1, 6 * MiB), (2, 5 * MiB), (3, 3)]

    complete(s3, bucket, "assembled", upload_id, [(1, first["CopyPartResult"]["ETag"]), (2, second["CopyPartResult"]["ETag"]), (3, third)])
    got = s3.get_object(Bucket=bucket, Key="assembled")
    assert got["ContentType"] == "application/x-assembled"
    assert got["Body"].read() == source[:6 * MiB] + source[7 * MiB:] + b"end"


def test_list_parts_paging_and_part_overwrite(s3):
    bucket = new_bucket(s3)
    upload_id = create(s3, bucket, "paged")
    bodies = {n: f"part {n} ".encode() * (100 * n) for n in range(1, 6)}
    etags = {n: upload(s3, bucket, "paged", upload_id, n, body) for n, body in bodies.items()}
    # Uploading a part number again replaces it.
    bodies[3] = b"replacement"
    etags[3] = upload(s3, bucket, "paged", upload_id, 3, bodies[3])
    assert etags[3] == f'"{md5_hex(b"replacement")}"'

    seen, marker = [], 0
    for _ in range(5):
        page = s3.list_parts(Bucket=bucket, Key="paged", UploadId=upload_id, MaxParts=2, PartNumberMarker=marker)
        assert page["MaxParts"] == 2
        seen += [(p["PartNumber"], p["ETag"], p["Size"]) for p in page["Parts"]]
        if not page["IsTruncated"]:
            break
        marker = page["NextPartNumberMarker"]
        assert marker == page["Parts"][-1]["PartNumber"]
    assert seen == [(n, etags[n], len(bodies[n])) for n in range(1, 6)]

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        upload(s3, bucket, "paged", upload_id, 10001, b"x")
    assert error_of(excinfo)["Code"] == "InvalidArgument"
    s3.abort_multipart_upload(Bucket=bucket, Key="paged", UploadId=upload_id)


def test_list_multipart_uploads_prefix_and_paging(s3):
    bucket = new_bucket(s3)
    ids = {key: create(s3, bucket, key) for key in ("logs/a", "logs/b", "logs/deep/c", "data/d")}
    # Several uploads of one key: paging must neither lose nor repeat any of them (upload ids are random).
    more_a = [create(s3, bucket, "logs/a") for _ in range(5)]
    listed = s3.list_multipart_uploads(Bucket=bucket, Prefix="logs/", Delimiter="/")
    assert sorted(u["UploadId"] for u in listed["Uploads"]) == sorted([ids["logs/a"], *more_a, ids["logs/b"]])
    assert [p["Prefix"] for p in listed["CommonPrefixes"]] == ["logs/deep/"]

    seen, kwargs = [], {}
    for _ in range(10):
        page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2, **kwargs)
        seen += [(u["Key"], u["UploadId"]) for u in page["Uploads"]]
        if not page["IsTruncated"]:
            break
        kwargs = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page["NextUploadIdMarker"]}
    assert sorted(seen) == sorted([(k, v) for k, v in ids.items()] + [("logs/a", u) for u in more_a])
    assert len(seen) == 9
    assert [k for k, _ in seen] == sorted(k for k, _ in seen)


def test_multipart_with_sse_s3(s3):
    bucket = new_bucket(s3)
    created = s3.create_multipart_upload(Bucket=bucket, Key="sealed", ServerSideEncryption="AES256", Metadata={"kind": "sealed"})
    assert created["ServerSideEncryption"] == "AES256"
    upload_id = created["UploadId"]
    first_body = os.urandom(5 * MiB)
    first = s3.upload_part(Bucket=bucket, Key="sealed", UploadId=upload_id, PartNumber=1, Body=first_body)
    assert first["ServerSideEncryption"] == "AES256"
    second = upload(s3, bucket, "sealed", upload_id, 2, b"tail bytes")
    result = complete(s3, bucket, "sealed", upload_id, [(1, first["ETag"]), (2, second)])
    assert result["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket=bucket, Key="sealed")
    assert got["ServerSideEncryption"] == "AES256"
    assert got["Metadata"] == {"kind": "sealed"}
    assert got["Body"].read() == first_body + b"tail bytes"
    ranged = s3.get_object(Bucket=bucket, Key="sealed", Range=f"bytes={5 * MiB - 3}-{5 * MiB + 3}")
    assert ranged["Body"].read() == (first_body + b"tail bytes")[5 * MiB - 3:5 * MiB + 4]


def test_multipart_upload_on_missing_bucket(s3):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        create(s3, f"missing-{new_bucket(s3)}", "k")
    assert error_of(excinfo)["Code"] == "NoSuchBucket"
