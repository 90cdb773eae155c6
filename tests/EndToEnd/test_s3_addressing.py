"""Virtual-hosted-style S3 addressing: the Host header names the bucket (bucket.s3.localhost, bucket.localhost)."""
import socket
import uuid

import boto3
import pytest
from botocore.config import Config

from conftest import REGION


@pytest.fixture
def loopback_subdomains(monkeypatch):
    """Resolves *.localhost to 127.0.0.1 in this process, as browsers and systemd-resolved do (glibc does not)."""
    original = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return original(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.mark.parametrize("domain", ["localhost", "s3.localhost"])
def test_virtual_hosted_style_requests_reach_the_bucket_in_the_host(server, loopback_subdomains, domain):
    port = server.endpoint.rsplit(":", 1)[1]
    virtual = boto3.client(
        "s3", endpoint_url=f"http://{domain}:{port}", region_name=REGION,
        aws_access_key_id=server.root["AccessKeyId"], aws_secret_access_key=server.root["SecretAccessKey"],
        config=Config(s3={"addressing_style": "virtual"}, retries={"total_max_attempts": 1}))
    path_style = boto3.client(
        "s3", endpoint_url=server.endpoint, region_name=REGION,
        aws_access_key_id=server.root["AccessKeyId"], aws_secret_access_key=server.root["SecretAccessKey"],
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))
    bucket = f"vhost-{uuid.uuid4().hex[:12]}"
    path_style.create_bucket(Bucket=bucket)

    virtual.put_object(Bucket=bucket, Key="dir/a b.txt", Body=b"through the host header")

    assert path_style.get_object(Bucket=bucket, Key="dir/a b.txt")["Body"].read() == b"through the host header"
    listed = virtual.list_objects_v2(Bucket=bucket, Prefix="dir/")
    assert [o["Key"] for o in listed["Contents"]] == ["dir/a b.txt"]
    assert virtual.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200


ODD_KEYS = ["a//b", "./x", "../y", "z/./w", "p/../q", "%41", "sp ace", "plus+sign", "uni/ünï/日本", "trailing/",
            "q?x=1", "hash#frag", "semi;colon", "tilde~"]


def test_keys_that_url_handling_could_mangle_round_trip_exactly(server, client):
    s3 = client("s3", server.root)
    bucket = f"oddkeys-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    for key in ODD_KEYS:
        s3.put_object(Bucket=bucket, Key="odd/" + key, Body=key.encode())
    for key in ODD_KEYS:
        assert s3.get_object(Bucket=bucket, Key="odd/" + key)["Body"].read() == key.encode(), key
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="odd/")["Contents"]]
    assert sorted(listed) == sorted("odd/" + k for k in ODD_KEYS)
