"""S3 errors as AWS answers them: names, keys, ownership, missing things, signatures, interrupted uploads."""
import time

import botocore.exceptions
import pytest

from s3_helpers import (MiB, error_of, new_bucket, other_account, quote_key, raw_connection, s3,  # noqa: F401 (fixtures)
                        signed_request, status_of)


@pytest.mark.parametrize("name", ["UpperCase-bucket", "ab", "a" * 64, "192.168.5.4", "double..dot", "-leading-dash",
                                  "trailing-dash-", "under_score", "xn--punycode", "name-s3alias"])
def test_invalid_bucket_names(s3, name):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.create_bucket(Bucket=name)
    assert error_of(excinfo)["Code"] == "InvalidBucketName"
    assert status_of(excinfo) == 400


def test_valid_unusual_bucket_names(s3):
    for name in (f"a.b-{time.time_ns()}", f"{time.time_ns()}", "abc" + "d" * 50 + str(time.time_ns())[-10:]):
        s3.create_bucket(Bucket=name)
        assert s3.head_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 200
        s3.delete_bucket(Bucket=name)


def test_key_length_limit(s3):
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="k" * 1024, Body=b"max")
    assert s3.get_object(Bucket=bucket, Key="k" * 1024)["Body"].read() == b"max"
    s3.put_object(Bucket=bucket, Key="é" * 512, Body=b"1024 bytes of UTF-8")
    for key in ("k" * 1025, "é" * 513):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.put_object(Bucket=bucket, Key=key, Body=b"too long")
        assert error_of(excinfo)["Code"] == "KeyTooLongError"
        assert status_of(excinfo) == 400
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.create_multipart_upload(Bucket=bucket, Key="k" * 1025)
    assert error_of(excinfo)["Code"] == "KeyTooLongError"


def test_bucket_owned_by_another_account(s3, client, other_account):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", other_account).create_bucket(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "BucketAlreadyExists"
    assert status_of(excinfo) == 409
    # Another account cannot delete it or write to it either.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", other_account).delete_bucket(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "AccessDenied"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", other_account).put_object(Bucket=bucket, Key="k", Body=b"x")
    assert error_of(excinfo)["Code"] == "AccessDenied"
    assert bucket not in [b["Name"] for b in client("s3", other_account).list_buckets()["Buckets"]]


def test_recreating_your_own_bucket_outside_us_east_1(server, client):
    s3 = client("s3", server.root, region="eu-west-1")
    name = f"own-{time.time_ns()}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_of(excinfo)["Code"] == "BucketAlreadyOwnedByYou"
    assert status_of(excinfo) == 409
    location = s3.get_bucket_location(Bucket=name)["LocationConstraint"]
    assert location == "eu-west-1"


def test_delete_non_empty_bucket(s3):
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="keep", Body=b"x")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.delete_bucket(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "BucketNotEmpty"
    assert status_of(excinfo) == 409
    s3.delete_object(Bucket=bucket, Key="keep")
    assert s3.delete_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_bucket(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "404"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.delete_bucket(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "NoSuchBucket"


def test_no_such_key(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="dir/missing.txt")
    error = error_of(excinfo)
    assert error["Code"] == "NoSuchKey"
    assert error["Message"] == "The specified key does not exist."
    assert error.get("Key") == "dir/missing.txt"
    assert status_of(excinfo) == 404
    assert excinfo.value.response["ResponseMetadata"]["RequestId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="dir/missing.txt")
    assert error_of(excinfo)["Code"] == "404"


def test_no_such_bucket(s3):
    missing = f"missing-{new_bucket(s3)}"
    for call in (lambda: s3.get_object(Bucket=missing, Key="k"),
                 lambda: s3.put_object(Bucket=missing, Key="k", Body=b"x"),
                 lambda: s3.list_objects_v2(Bucket=missing),
                 lambda: s3.delete_object(Bucket=missing, Key="k"),
                 lambda: s3.get_bucket_policy(Bucket=missing)):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call()
        assert error_of(excinfo)["Code"] == "NoSuchBucket"
        assert error_of(excinfo).get("BucketName") == missing
        assert status_of(excinfo) == 404


def test_bad_credentials(server, client):
    bad_secret = dict(server.root, SecretAccessKey="x" * 40)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", bad_secret).list_buckets()
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"
    assert status_of(excinfo) == 403
    unknown = {"AccessKeyId": "AKIAAAAAAAAAAAAAAAAA", "SecretAccessKey": "x" * 40}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", unknown).list_buckets()
    assert error_of(excinfo)["Code"] == "InvalidAccessKeyId"
    assert status_of(excinfo) == 403


def test_delete_objects_with_a_control_character_is_a_client_error(s3):
    """XML 1.0 cannot carry \\x01: S3 rejects such a DeleteObjects body as malformed (a 4xx, never a 5xx)."""
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="ctrl\x01char", Body=b"x")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "ctrl\x01char"}]})
    assert status_of(excinfo) == 400
    assert error_of(excinfo)["Code"] == "MalformedXML"


def send_truncated_put(server, bucket, key, declared, sent):
    """A signed PUT whose Content-Length promises `declared` bytes; sends `sent` bytes, then closes the socket."""
    body = b"t" * declared
    url = f"{server.endpoint}/{bucket}/{quote_key(key)}"
    headers = signed_request(server.root, "PUT", url, {"Content-Length": str(declared)}, body)
    connection = raw_connection(server.endpoint)
    connection.putrequest("PUT", f"/{bucket}/{quote_key(key)}", skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(body[:sent])
    time.sleep(0.3)
    connection.sock.close()
    connection.close()


def test_truncated_upload_leaves_no_object(server, s3):
    bucket = new_bucket(s3)
    for key, declared in (("small-truncated", 10_000), ("large-truncated", 3 * MiB)):
        send_truncated_put(server, bucket, key, declared, declared // 3)
    s3.put_object(Bucket=bucket, Key="existing", Body=b"old bytes")
    send_truncated_put(server, bucket, "existing", 2 * MiB, MiB)
    time.sleep(1)
    for key in ("small-truncated", "large-truncated"):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.head_object(Bucket=bucket, Key=key)
        assert status_of(excinfo) == 404, key
    # An interrupted overwrite leaves the old object untouched.
    assert s3.get_object(Bucket=bucket, Key="existing")["Body"].read() == b"old bytes"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["existing"]


def test_unimplemented_operation_is_501(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "NotImplemented"
    assert status_of(excinfo) == 501
