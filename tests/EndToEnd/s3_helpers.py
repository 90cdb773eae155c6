"""Shared helpers for the S3 end-to-end tests (test_s3_*.py)."""
import base64
import hashlib
import http.client
import json
import os
import subprocess
import urllib.parse
import uuid

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from aws_helpers import error_of, unique

MiB = 1024 * 1024


def status_of(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def bucket_name(prefix="e2e"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def new_bucket(s3, prefix="e2e"):
    name = bucket_name(prefix)
    s3.create_bucket(Bucket=name)
    return name


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def md5_b64(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def multipart_etag(parts):
    """S3's ETag of a completed multipart upload: MD5 of the concatenated part MD5s, "-N"."""
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MiB), b""):
            h.update(chunk)
    return h.hexdigest()


def random_bytes(size):
    return os.urandom(size)


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return policy({"Effect": "Allow", "Action": action, "Resource": resource, **extra})


def new_user(iam, policy_document=None):
    """A user with an access key (and an inline policy when given): returns (name, arn, creds)."""
    name = unique("user")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if policy_document:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy_document)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return name, arn, {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}


def temporary(credentials):
    return {k: credentials[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")}


def supports_member(client, operation, member):
    return member in client.meta.service_model.operation_model(operation).input_shape.members


def signed_request(creds, method, url, headers=None, body=b"", region="us-east-1"):
    """A SigV4-signed request (S3 flavour, hex payload hash) as (url, headers) for sending by hand."""
    request = botocore.awsrequest.AWSRequest(method=method, url=url, headers=dict(headers or {}), data=body)
    credentials = botocore.credentials.Credentials(creds["AccessKeyId"], creds["SecretAccessKey"], creds.get("SessionToken"))
    botocore.auth.S3SigV4Auth(credentials, "s3", region).add_auth(request)
    signed = dict(request.headers.items())
    if not any(k.lower() == "host" for k in signed):
        signed["Host"] = urllib.parse.urlsplit(url).netloc
    return signed


def raw_connection(endpoint):
    parsed = urllib.parse.urlsplit(endpoint)
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)


def quote_key(key):
    return urllib.parse.quote(key, safe="/~")


@pytest.fixture
def s3(server, client):
    """An S3 client for the admin account's root (its own buckets are unique per test)."""
    return client("s3", server.root)


@pytest.fixture(scope="session")
def other_account(server):
    """A second account, created once per worker (creating accounts is slow); tests use unique bucket and user names."""
    from conftest import ROOT, SAGEWRIGHT
    result = subprocess.run([SAGEWRIGHT, "admin", "create-account", f"s3-other-{uuid.uuid4().hex[:8]}", *server.admin_args()],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(result.stdout)


@pytest.fixture
def accounts(server, other_account):
    """(A, B): the admin account and a second one."""
    return server.root, other_account
