"""Bucket policies evaluated by the IAM engine: cross-account grants, explicit denies, S3 and global condition keys."""
import json
import socket
import tempfile
import uuid

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

from conftest import REGION, read_root_credentials, start_server, stop_server
from s3_helpers import accounts, allow, error_of, new_bucket, new_user, other_account, policy, status_of, temporary, unique  # noqa: F401


def object_arn(bucket, path="*"):
    return f"arn:aws:s3:::{bucket}/{path}"


def statement(effect, principal, action, resource, condition=None):
    s = {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource}
    if condition:
        s["Condition"] = condition
    return s


def denied(call):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        call()
    assert error_of(excinfo)["Code"] == "AccessDenied", error_of(excinfo)
    assert status_of(excinfo) == 403
    return excinfo


def test_cross_account_read_needs_bucket_policy_and_identity_policy(accounts, client):
    a, b = accounts
    owner = client("s3", a)
    bucket = new_bucket(owner)
    owner.put_object(Bucket=bucket, Key="shared/data.txt", Body=b"shared bytes")
    iam_b = client("iam", b)
    _, _, allowed_user = new_user(iam_b, allow("s3:GetObject", object_arn(bucket)))
    _, _, bare_user = new_user(iam_b)

    # No bucket policy: nobody in B gets in, not even B's root or a user B allows.
    denied(lambda: client("s3", b).get_object(Bucket=bucket, Key="shared/data.txt"))
    denied(lambda: client("s3", allowed_user).get_object(Bucket=bucket, Key="shared/data.txt"))

    owner.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
        "Allow", {"AWS": f"arn:aws:iam::{b['AccountId']}:root"}, "s3:GetObject", object_arn(bucket, "shared/*"))))

    # The bucket policy alone is not enough for a user B does not allow...
    denied(lambda: client("s3", bare_user).get_object(Bucket=bucket, Key="shared/data.txt"))
    # ...both halves are.
    assert client("s3", allowed_user).get_object(Bucket=bucket, Key="shared/data.txt")["Body"].read() == b"shared bytes"
    assert client("s3", b).get_object(Bucket=bucket, Key="shared/data.txt")["Body"].read() == b"shared bytes"
    # Only what the bucket policy grants: no writes, nothing outside shared/.
    owner.put_object(Bucket=bucket, Key="private.txt", Body=b"private")
    denied(lambda: client("s3", allowed_user).get_object(Bucket=bucket, Key="private.txt"))
    denied(lambda: client("s3", b).put_object(Bucket=bucket, Key="shared/new.txt", Body=b"x"))
    denied(lambda: client("s3", b).list_objects_v2(Bucket=bucket))


def test_cross_account_grant_to_a_role(accounts, client):
    a, b = accounts
    owner = client("s3", a)
    bucket = new_bucket(owner)
    owner.put_object(Bucket=bucket, Key="report.csv", Body=b"a,b\n1,2\n")
    iam_b = client("iam", b)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{b['AccountId']}:root"}, "Action": "sts:AssumeRole"}]})
    roles = {}
    for name in ("reader", "other"):
        role = unique(name)
        roles[name] = iam_b.create_role(RoleName=role, AssumeRolePolicyDocument=trust)["Role"]
        iam_b.put_role_policy(RoleName=role, PolicyName="read", PolicyDocument=allow("s3:GetObject", object_arn(bucket)))
    _, _, assumer = new_user(iam_b, allow("sts:AssumeRole"))
    sts = client("sts", assumer)

    def session(name):
        return client("s3", temporary(sts.assume_role(RoleArn=roles[name]["Arn"], RoleSessionName="session")["Credentials"]))

    denied(lambda: session("reader").get_object(Bucket=bucket, Key="report.csv"))
    owner.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
        "Allow", {"AWS": roles["reader"]["Arn"]}, ["s3:GetObject", "s3:ListBucket"], [object_arn(bucket), f"arn:aws:s3:::{bucket}"])))
    assert session("reader").get_object(Bucket=bucket, Key="report.csv")["Body"].read() == b"a,b\n1,2\n"
    denied(lambda: session("other").get_object(Bucket=bucket, Key="report.csv"))
    # The role's own policy does not allow ListBucket: the bucket policy's grant is not enough cross-account.
    denied(lambda: session("reader").list_objects_v2(Bucket=bucket))


def test_explicit_deny_in_bucket_policy_wins_over_the_owner(accounts, client):
    a, _ = accounts
    owner = client("s3", a)
    bucket = new_bucket(owner)
    owner.put_object(Bucket=bucket, Key="secret/key.pem", Body=b"secret")
    owner.put_object(Bucket=bucket, Key="public/readme", Body=b"readme")
    _, _, admin = new_user(client("iam", a), allow("s3:*"))
    owner.put_bucket_policy(Bucket=bucket, Policy=policy(statement("Deny", "*", "s3:GetObject", object_arn(bucket, "secret/*"))))

    for creds in (a, admin):
        s3 = client("s3", creds)
        denied(lambda: s3.get_object(Bucket=bucket, Key="secret/key.pem"))
        assert s3.get_object(Bucket=bucket, Key="public/readme")["Body"].read() == b"readme"
    owner.delete_bucket_policy(Bucket=bucket)
    assert owner.get_object(Bucket=bucket, Key="secret/key.pem")["Body"].read() == b"secret"


def test_same_account_user_allowed_by_bucket_policy_alone(accounts, client):
    a, _ = accounts
    owner = client("s3", a)
    bucket = new_bucket(owner)
    owner.put_object(Bucket=bucket, Key="k", Body=b"v")
    _, user_arn, user = new_user(client("iam", a))
    denied(lambda: client("s3", user).get_object(Bucket=bucket, Key="k"))
    owner.put_bucket_policy(Bucket=bucket, Policy=policy(statement("Allow", {"AWS": user_arn}, "s3:GetObject", object_arn(bucket))))
    assert client("s3", user).get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"


def test_deny_unencrypted_puts(accounts, client):
    a, _ = accounts
    s3 = client("s3", a)
    bucket = new_bucket(s3)
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
        "Deny", "*", "s3:PutObject", object_arn(bucket),
        {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}})))
    denied(lambda: s3.put_object(Bucket=bucket, Key="plain", Body=b"plain"))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="plain")
    assert status_of(excinfo) == 404
    result = s3.put_object(Bucket=bucket, Key="sealed", Body=b"sealed", ServerSideEncryption="AES256")
    assert result["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=bucket, Key="sealed")["Body"].read() == b"sealed"
    # Multipart uploads are PutObject too.
    denied(lambda: s3.create_multipart_upload(Bucket=bucket, Key="mpu"))
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mpu", ServerSideEncryption="AES256")["UploadId"]
    s3.abort_multipart_upload(Bucket=bucket, Key="mpu", UploadId=upload_id)


def test_secure_transport_condition(accounts, client):
    a, _ = accounts
    s3 = client("s3", a)
    bucket = new_bucket(s3)
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    # This server is plain http: aws:SecureTransport is false.
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
        "Deny", "*", "s3:GetObject", object_arn(bucket), {"Bool": {"aws:SecureTransport": "false"}})))
    denied(lambda: s3.get_object(Bucket=bucket, Key="k"))
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
        "Deny", "*", "s3:GetObject", object_arn(bucket), {"Bool": {"aws:SecureTransport": "true"}})))
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"


def test_missing_key_is_access_denied_without_list_bucket(accounts, client):
    a, _ = accounts
    owner = client("s3", a)
    bucket = new_bucket(owner)
    owner.put_object(Bucket=bucket, Key="present", Body=b"here")
    iam = client("iam", a)
    _, _, reader = new_user(iam, allow("s3:GetObject", object_arn(bucket)))
    _, _, lister = new_user(iam, policy(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": object_arn(bucket)},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"}))

    assert client("s3", reader).get_object(Bucket=bucket, Key="present")["Body"].read() == b"here"
    denied(lambda: client("s3", reader).get_object(Bucket=bucket, Key="missing"))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", reader).head_object(Bucket=bucket, Key="missing")
    assert status_of(excinfo) == 403

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", lister).get_object(Bucket=bucket, Key="missing")
    assert error_of(excinfo)["Code"] == "NoSuchKey"
    assert status_of(excinfo) == 404
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("s3", lister).head_object(Bucket=bucket, Key="missing")
    assert status_of(excinfo) == 404


def test_bucket_policy_round_trip(accounts, client):
    a, b = accounts
    s3 = client("s3", a)
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_bucket_policy(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "NoSuchBucketPolicy"
    assert status_of(excinfo) == 404

    document = policy(statement("Allow", {"AWS": f"arn:aws:iam::{b['AccountId']}:root"}, "s3:GetObject", object_arn(bucket)))
    assert s3.put_bucket_policy(Bucket=bucket, Policy=document)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(document)
    # Another account cannot read or change the policy.
    denied(lambda: client("s3", b).get_bucket_policy(Bucket=bucket))
    denied(lambda: client("s3", b).delete_bucket_policy(Bucket=bucket))
    assert s3.delete_bucket_policy(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_bucket_policy(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "NoSuchBucketPolicy"


@pytest.mark.parametrize("document", [
    "{not json",
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::BUCKET/*"}]}),
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::BUCKET/*"}]}),
    json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::some-other-bucket/*"}]}),
], ids=["not-json", "no-principal", "bad-effect", "other-bucket"])
def test_malformed_bucket_policy(server, client, document):
    s3 = client("s3", server.root)
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_policy(Bucket=bucket, Policy=document.replace("BUCKET", bucket))
    assert error_of(excinfo)["Code"] == "MalformedPolicy"
    assert status_of(excinfo) == 400
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_bucket_policy(Bucket=bucket)
    assert error_of(excinfo)["Code"] == "NoSuchBucketPolicy"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_source_vpce_through_a_named_listener():
    vpce_port = _free_port()
    srv = start_server(tempfile.mkdtemp(prefix="sagewright-e2e-vpce-"), extra_args=["--listener", f"{vpce_port}=vpce-0a1b2c3d"])
    try:
        creds = read_root_credentials(srv.data_dir)

        def s3_at(endpoint):
            return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=creds["AccessKeyId"],
                                aws_secret_access_key=creds["SecretAccessKey"], config=Config(retries={"total_max_attempts": 1}))

        main, through_vpce = s3_at(srv.endpoint), s3_at(f"http://127.0.0.1:{vpce_port}")
        bucket = f"vpce-{uuid.uuid4().hex[:12]}"
        main.create_bucket(Bucket=bucket)
        main.put_object(Bucket=bucket, Key="k", Body=b"before")
        main.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
            "Deny", "*", ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], [f"arn:aws:s3:::{bucket}", object_arn(bucket)],
            {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}})))

        denied(lambda: main.get_object(Bucket=bucket, Key="k"))
        denied(lambda: main.put_object(Bucket=bucket, Key="k", Body=b"main"))
        denied(lambda: main.list_objects_v2(Bucket=bucket))

        assert through_vpce.get_object(Bucket=bucket, Key="k")["Body"].read() == b"before"
        through_vpce.put_object(Bucket=bucket, Key="k", Body=b"after")
        assert [o["Key"] for o in through_vpce.list_objects_v2(Bucket=bucket)["Contents"]] == ["k"]
        assert through_vpce.get_object(Bucket=bucket, Key="k")["Body"].read() == b"after"

        # The opposite condition: only requests from elsewhere may read.
        main.put_bucket_policy(Bucket=bucket, Policy=policy(statement(
            "Deny", "*", "s3:GetObject", object_arn(bucket), {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}})))
        assert main.get_object(Bucket=bucket, Key="k")["Body"].read() == b"after"
        denied(lambda: through_vpce.get_object(Bucket=bucket, Key="k"))
    finally:
        stop_server(srv)
