"""Prints the botocore known-answer vectors of BotocoreVectorsTests.cs as C# (run with pip's boto3, e.g. 1.43).

Real boto3 clients build each request (path and query encoding, headers, checksums, aws-chunked bodies); a 'before-send'
hook captures it instead of sending, with botocore's clock fixed. Re-run and paste the output to refresh the vectors:
    python3 tests/Sagewright.SigV4.Tests/Vectors/botocore_vectors.py
"""
import base64
import datetime
import urllib.parse
from unittest import mock

import boto3
import botocore
import botocore.auth
from botocore.config import Config

FIXED_TIME = datetime.datetime(2025, 3, 14, 15, 9, 26)
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEBYaDH+example/session+token=="


class Captured(Exception):
    pass


def client(service, endpoint, region="us-east-1", token=None, signature_version=None):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=token,
        config=Config(retries={"max_attempts": 0}, s3={"addressing_style": "path"}, signature_version=signature_version),
    )


def host_of(url):
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}[parts.scheme]
    return parts.hostname if parts.port in (None, default) else f"{parts.hostname}:{parts.port}"


def capture(c, call):
    seen = {}

    def before_send(request, **_):
        seen["request"] = request
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        seen["body"] = body if isinstance(body, bytes) else (body or "").encode()
        raise Captured()

    c.meta.events.register("before-send", before_send)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=FIXED_TIME):
        try:
            call()
        except Captured:
            pass
        finally:
            c.meta.events.unregister("before-send", before_send)
    request = seen["request"]
    parts = urllib.parse.urlsplit(request.url)
    headers = [("Host", host_of(request.url))] + [(k, v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()]
    return request.method, parts.path, parts.query, headers, seen["body"]


def presign(c, method, params, expires, http_method="GET"):
    """botocore signs a presigned URL with the operation's HTTP method (POST for query-protocol services such as STS)."""
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=FIXED_TIME):
        url = c.generate_presigned_url(method, Params=params, ExpiresIn=expires)
    parts = urllib.parse.urlsplit(url)
    return http_method, parts.path, parts.query, [("Host", host_of(url))], b""


def cs(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit(name, service, region, vector):
    method, path, query, headers, body = vector
    header_list = ", ".join(f"new({cs(k)}, {cs(v)})" for k, v in headers)
    print(f"        new({cs(name)}, {cs(service)}, {cs(region)}, {cs(method)}, {cs(path)}, {cs(query)},")
    print(f"            [{header_list}],")
    print(f"            {cs(base64.b64encode(body).decode())}),")


s3 = client("s3", "http://localhost:9000", signature_version="s3v4")
s3_tls = client("s3", "https://localhost:9443", signature_version="s3v4")
s3_token = client("s3", "http://localhost:9000", token=SESSION_TOKEN, signature_version="s3v4")
s3_sigv2 = client("s3", "http://localhost:9000")
key = "dir/My File+\u00fc (1).txt"

emit("s3-put-object", "s3", "us-east-1", capture(s3, lambda: s3.put_object(Bucket="vectors", Key=key, Body=b"hello world\n", ContentType="text/plain")))
emit("s3-put-object-aws-chunked-trailer", "s3", "us-east-1", capture(s3_tls, lambda: s3_tls.put_object(Bucket="vectors", Key=key, Body=b"hello world\n")))
emit("s3-list-objects-v2-session-token", "s3", "us-east-1", capture(s3_token, lambda: s3_token.list_objects_v2(Bucket="vectors", Prefix="a b/\u00fc", Delimiter="/", MaxKeys=5)))
emit("s3-get-object-dot-segments", "s3", "us-east-1", capture(s3, lambda: s3.get_object(Bucket="vectors", Key="a//b/../c.txt", Range="bytes=0-9")))
emit("s3-presigned-get-session-token", "s3", "us-east-1", presign(s3_token, "get_object", {"Bucket": "vectors", "Key": "photos/2024/\u00fc \u00e9+1.jpg"}, 3600))
emit("s3-presigned-sigv2", "s3", "us-east-1", presign(s3_sigv2, "get_object", {"Bucket": "vectors", "Key": "k"}, 3600))
sts = client("sts", "http://localhost:9000")
emit("sts-get-caller-identity", "sts", "us-east-1", capture(sts, lambda: sts.get_caller_identity()))
emit("sts-presigned-get-caller-identity", "sts", "us-east-1", presign(sts, "get_caller_identity", {}, 60, http_method="POST"))
lam = client("lambda", "http://localhost:9000", region="eu-west-1")
emit("lambda-invoke-arn-path", "lambda", "eu-west-1", capture(lam, lambda: lam.invoke(FunctionName="arn:aws:lambda:eu-west-1:123456789012:function:my-fn", Qualifier="v 1", Payload=b'{"k":"v"}')))
smr = client("sagemaker-runtime", "http://localhost:9000")
emit("sagemaker-runtime-invoke-endpoint", "sagemaker", "us-east-1", capture(smr, lambda: smr.invoke_endpoint(EndpointName="my-endpoint", Body=b"1,2,3", ContentType="text/csv", CustomAttributes="a=b   c")))
