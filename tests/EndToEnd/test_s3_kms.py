"""SSE-KMS: objects sealed with KMS data keys; reading needs kms:Decrypt as well as s3:GetObject, across accounts too."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import stored_blobs
from s3_helpers import accounts, allow, error_of, new_bucket, new_user, other_account, policy, s3, unique  # noqa: F401 (fixtures)

BIG = 200_000  # above the inline limit, so the bytes live in a blob file we can inspect


def marker_body(marker):
    return marker.encode() + b"-" * (BIG - len(marker))


def key_with_policy(kms, account_id, extra_statements=()):
    document = policy({"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                       "Action": "kms:*", "Resource": "*"}, *extra_statements)
    return kms.create_key(Policy=document)["KeyMetadata"]["Arn"]


def test_put_with_aws_kms_uses_the_managed_key_and_stores_only_ciphertext(server, s3, client):
    bucket = new_bucket(s3)
    marker = unique("kms-plaintext-marker")
    put = s3.put_object(Bucket=bucket, Key="sealed", Body=marker_body(marker), ServerSideEncryption="aws:kms")

    assert put["ServerSideEncryption"] == "aws:kms"
    managed = client("kms", server.root).describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    assert put["SSEKMSKeyId"] == managed["Arn"] and managed["KeyManager"] == "AWS"
    got = s3.get_object(Bucket=bucket, Key="sealed")
    assert got["ServerSideEncryption"] == "aws:kms" and got["SSEKMSKeyId"] == managed["Arn"]
    assert got["Body"].read() == marker_body(marker)
    ranged = s3.get_object(Bucket=bucket, Key="sealed", Range="bytes=65530-65545")["Body"].read()
    assert ranged == marker_body(marker)[65530:65546]
    assert not [name for name, data in stored_blobs(server) if marker.encode() in data]


def test_bucket_default_encryption_with_a_customer_key(server, s3, client):
    kms = client("kms", server.root)
    key_arn = key_with_policy(kms, server.root["AccountId"])
    alias = f"alias/{unique('datasets')}"
    kms.create_alias(AliasName=alias, TargetKeyId=key_arn)
    bucket = new_bucket(s3)
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": alias}}]})

    put = s3.put_object(Bucket=bucket, Key="plain-request", Body=b"defaults apply")
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == key_arn

    kms.disable_key(KeyId=key_arn)
    with pytest.raises(ClientError) as disabled:
        s3.get_object(Bucket=bucket, Key="plain-request")
    assert error_of(disabled)["Code"] == "KMS.DisabledException"
    kms.enable_key(KeyId=key_arn)
    assert s3.get_object(Bucket=bucket, Key="plain-request")["Body"].read() == b"defaults apply"


def test_same_account_user_needs_kms_decrypt_besides_s3_get_object(server, s3, client):
    kms = client("kms", server.root)
    key_arn = key_with_policy(kms, server.root["AccountId"])
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="secret", Body=b"needs both", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
    iam = client("iam", server.root)
    name, _, creds = new_user(iam, allow(["s3:GetObject", "s3:PutObject"], f"arn:aws:s3:::{bucket}/*"))
    user_s3 = client("s3", creds)

    with pytest.raises(ClientError) as read_denied:
        user_s3.get_object(Bucket=bucket, Key="secret")
    assert error_of(read_denied)["Code"] == "AccessDenied"
    assert "kms:Decrypt" in error_of(read_denied)["Message"]
    with pytest.raises(ClientError) as write_denied:
        user_s3.put_object(Bucket=bucket, Key="new", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
    assert error_of(write_denied)["Code"] == "AccessDenied"
    assert "kms:GenerateDataKey" in error_of(write_denied)["Message"]

    iam.put_user_policy(UserName=name, PolicyName="kms", PolicyDocument=allow(["kms:Decrypt", "kms:GenerateDataKey"], key_arn))
    assert user_s3.get_object(Bucket=bucket, Key="secret")["Body"].read() == b"needs both"
    user_s3.put_object(Bucket=bucket, Key="new", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)


def test_cross_account_read_needs_bucket_policy_identity_policy_and_key_policy(server, s3, client, other_account):
    owner = server.root
    kms = client("kms", owner)
    key_arn = key_with_policy(kms, owner["AccountId"])
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="shared", Body=b"three policies", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
    reader_account = other_account["AccountId"]
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{reader_account}:root"},
        "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}))
    _, _, reader = new_user(client("iam", other_account), policy(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn}))
    reader_s3 = client("s3", reader)

    with pytest.raises(ClientError) as denied:
        reader_s3.get_object(Bucket=bucket, Key="shared")
    assert error_of(denied)["Code"] == "AccessDenied" and "kms:Decrypt" in error_of(denied)["Message"]

    kms.put_key_policy(KeyId=key_arn, PolicyName="default", Policy=policy(
        {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{owner['AccountId']}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "reader", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{reader_account}:root"}, "Action": "kms:Decrypt", "Resource": "*"}))
    assert reader_s3.get_object(Bucket=bucket, Key="shared")["Body"].read() == b"three policies"

    # The managed key aws/s3 only serves its own account: another account can never read objects sealed with it.
    s3.put_object(Bucket=bucket, Key="managed", Body=b"own account only", ServerSideEncryption="aws:kms")
    with pytest.raises(ClientError) as managed:
        reader_s3.get_object(Bucket=bucket, Key="managed")
    assert error_of(managed)["Code"] == "AccessDenied"


def test_bucket_policy_can_require_sse_kms(s3):
    bucket = new_bucket(s3)
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/*",
        "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}))
    with pytest.raises(ClientError) as denied:
        s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    assert error_of(denied)["Code"] == "AccessDenied"
    assert s3.put_object(Bucket=bucket, Key="sealed", Body=b"x", ServerSideEncryption="aws:kms")["ServerSideEncryption"] == "aws:kms"
