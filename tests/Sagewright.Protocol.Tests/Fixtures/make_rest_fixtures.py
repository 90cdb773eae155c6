#!/usr/bin/env python3
"""Serializes REST requests with the real botocore into rest-requests.json for RestRequestCompatibilityTests.

Each case is what a boto3 client puts on the wire for known parameters: botocore's serializer
(create_serializer(protocol).serialize_to_request), then the URL assembly and request preparation the
client does before sending. Run with the pip botocore (python3 on PATH):

    python3 tests/Sagewright.Protocol.Tests/Fixtures/make_rest_fixtures.py
"""
import base64
import datetime
import json
import pathlib
import urllib.parse

import botocore
import botocore.session
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.serialize import create_serializer

UTC = datetime.timezone.utc
WHEN = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
BUCKET = "my-bucket"
TRICKY_KEY = "dir/a b+c%2F..//ü/../~x?y#z&=;.txt"

CASES = [
    ("s3", "ListBuckets", {}),
    ("s3", "CreateBucket", {"Bucket": BUCKET, "ACL": "private", "ObjectLockEnabledForBucket": True,
                            "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}),
    ("s3", "HeadBucket", {"Bucket": BUCKET}),
    ("s3", "DeleteBucket", {"Bucket": BUCKET}),
    ("s3", "GetBucketLocation", {"Bucket": BUCKET}),
    ("s3", "PutObject", {"Bucket": BUCKET, "Key": TRICKY_KEY, "Body": b"hello world", "ContentType": "text/plain",
                         "ContentLength": 11, "Metadata": {"owner": "alice", "Mixed-Case": "v"}, "Expires": WHEN,
                         "ACL": "public-read", "Tagging": "a=b&c=d", "StorageClass": "STANDARD"}),
    ("s3", "GetObject", {"Bucket": BUCKET, "Key": "photos/2024/01/img.jpg", "Range": "bytes=0-9",
                         "IfModifiedSince": WHEN, "ResponseExpires": WHEN, "VersionId": "v1",
                         "ResponseContentType": "application/json", "PartNumber": 1}),
    ("s3", "GetObject", {"Bucket": BUCKET, "Key": "dir/"}),
    ("s3", "HeadObject", {"Bucket": BUCKET, "Key": "a", "IfNoneMatch": '"etag"'}),
    ("s3", "GetObjectAcl", {"Bucket": BUCKET, "Key": "a", "VersionId": "v2"}),
    ("s3", "GetObjectTagging", {"Bucket": BUCKET, "Key": "a/b"}),
    ("s3", "GetObjectAttributes", {"Bucket": BUCKET, "Key": "k", "ObjectAttributes": ["ETag", "ObjectSize"], "MaxParts": 3}),
    ("s3", "DeleteObject", {"Bucket": BUCKET, "Key": "k", "VersionId": "v"}),
    ("s3", "ListObjectsV2", {"Bucket": BUCKET, "Prefix": "p/", "Delimiter": "/", "MaxKeys": 100, "FetchOwner": True,
                             "StartAfter": "p/a", "ContinuationToken": "tok+/==", "EncodingType": "url",
                             "OptionalObjectAttributes": ["RestoreStatus"]}),
    ("s3", "ListObjects", {"Bucket": BUCKET, "Marker": "m", "MaxKeys": 5}),
    ("s3", "ListObjectVersions", {"Bucket": BUCKET, "Prefix": "p"}),
    ("s3", "ListMultipartUploads", {"Bucket": BUCKET, "Prefix": "p"}),
    ("s3", "DeleteObjects", {"Bucket": BUCKET, "Delete": {"Objects": [{"Key": "a"}, {"Key": "b & <c>", "VersionId": "v"}],
                                                          "Quiet": True}}),
    ("s3", "CreateMultipartUpload", {"Bucket": BUCKET, "Key": "big.bin", "ContentType": "application/octet-stream",
                                     "Metadata": {"x": "1"}}),
    ("s3", "UploadPart", {"Bucket": BUCKET, "Key": "big.bin", "PartNumber": 2, "UploadId": "up-1", "Body": b"part"}),
    ("s3", "UploadPartCopy", {"Bucket": BUCKET, "Key": "big.bin", "PartNumber": 3, "UploadId": "up-1",
                              "CopySource": "src-bucket/src%20key", "CopySourceRange": "bytes=0-99"}),
    ("s3", "CompleteMultipartUpload", {"Bucket": BUCKET, "Key": "big.bin", "UploadId": "up-1",
                                       "MultipartUpload": {"Parts": [{"ETag": '"e1"', "PartNumber": 1},
                                                                     {"ETag": '"e2"', "PartNumber": 2, "ChecksumCRC32": "AAAAAA=="}]}}),
    ("s3", "AbortMultipartUpload", {"Bucket": BUCKET, "Key": "big.bin", "UploadId": "up-1"}),
    ("s3", "ListParts", {"Bucket": BUCKET, "Key": "big.bin", "UploadId": "up-1", "MaxParts": 10}),
    ("s3", "CopyObject", {"Bucket": BUCKET, "Key": "copy", "CopySource": "src/k", "MetadataDirective": "REPLACE",
                          "Metadata": {"a": "b"}, "CopySourceIfModifiedSince": WHEN}),
    ("s3", "PutBucketTagging", {"Bucket": BUCKET, "Tagging": {"TagSet": [{"Key": "env", "Value": "prod"},
                                                                         {"Key": "blank", "Value": " "}]}}),
    ("s3", "PutBucketPolicy", {"Bucket": BUCKET, "Policy": '{"Version":"2012-10-17","Statement":[]}'}),
    ("s3", "PutBucketAcl", {"Bucket": BUCKET, "AccessControlPolicy": {
        "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc", "DisplayName": "x"}, "Permission": "FULL_CONTROL"},
                   {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}],
        "Owner": {"ID": "abc"}}}),
    ("s3", "PutBucketVersioning", {"Bucket": BUCKET, "VersioningConfiguration": {"Status": "Enabled", "MFADelete": "Disabled"}}),
    ("s3", "GetBucketLifecycleConfiguration", {"Bucket": BUCKET}),
    ("s3", "PutObjectRetention", {"Bucket": BUCKET, "Key": "k", "Retention": {"Mode": "GOVERNANCE", "RetainUntilDate": WHEN}}),
    ("s3", "RestoreObject", {"Bucket": BUCKET, "Key": "k", "RestoreRequest": {"Days": 2, "GlacierJobParameters": {"Tier": "Standard"}}}),
    ("sagemaker-runtime", "InvokeEndpoint", {
        "EndpointName": "my-endpoint", "Body": b'{"x":[1,2]}', "ContentType": "application/json", "Accept": "application/json",
        "CustomAttributes": "c000b4f9-df62-4c85-a0bf-7c525f9104a4,trace=1", "TargetModel": "model.tar.gz",
        "TargetVariant": "variant-a", "TargetContainerHostname": "container-1", "InferenceId": "inf-1",
        "EnableExplanations": "`true`", "InferenceComponentName": "ic", "SessionId": "NEW_SESSION"}),
    ("sagemaker-runtime", "InvokeEndpointAsync", {"EndpointName": "my-endpoint", "InputLocation": "s3://b/k",
                                                  "RequestTTLSeconds": 600, "InvocationTimeoutSeconds": 900,
                                                  "ContentType": "text/csv"}),
    ("lex-runtime", "PostText", {"botName": "OrderFlowers", "botAlias": "$LATEST", "userId": "user/with space",
                                 "inputText": "I want flowers", "sessionAttributes": {"a": "1"},
                                 "requestAttributes": {"x": "y"},
                                 "activeContexts": [{"name": "ctx", "timeToLive": {"timeToLiveInSeconds": 60, "turnsToLive": 3},
                                                     "parameters": {"p": "v"}}]}),
    ("lex-runtime", "PostContent", {"botName": "OrderFlowers", "botAlias": "prod", "userId": "u1",
                                    "contentType": "text/plain; charset=utf-8", "accept": "text/plain; charset=utf-8",
                                    "inputStream": b"hello", "sessionAttributes": {"k": "v", "n": "ü"},
                                    "requestAttributes": {"r": "1"}, "activeContexts": [{"name": "ctx"}]}),
    ("lex-runtime", "GetSession", {"botName": "b", "botAlias": "alias", "userId": "user-1", "checkpointLabelFilter": "label"}),
    ("lex-runtime", "DeleteSession", {"botName": "bot", "botAlias": "alias", "userId": "user-1"}),
    ("personalize-runtime", "GetRecommendations", {
        "campaignArn": "arn:aws:personalize:us-east-1:123456789012:campaign/c", "userId": "u1", "itemId": "i1",
        "numResults": 25, "context": {"DEVICE": "mobile"}, "filterArn": "arn:aws:personalize:us-east-1:123456789012:filter/f",
        "filterValues": {"GENRE": '"comedy"'},
        "promotions": [{"name": "promo", "percentPromotedItems": 20, "filterValues": {"X": "1"}}],
        "metadataColumns": {"ITEMS": ["title", "genre"]}}),
    ("personalize-runtime", "GetPersonalizedRanking", {"campaignArn": "arn:aws:personalize:us-east-1:123456789012:campaign/c",
                                                       "inputList": ["a", "b"], "userId": "u1"}),
    ("lex-models", "GetBots", {"maxResults": 10, "nameContains": "Or", "nextToken": "t"}),
    ("lex-models", "GetBot", {"name": "OrderBot", "versionOrAlias": "$LATEST"}),
    ("lex-models", "GetUtterancesView", {"botName": "OrderBot", "botVersions": ["1", "2"], "statusType": "Detected"}),
    ("lex-models", "UntagResource", {"resourceArn": "arn:aws:lex:us-east-1:123456789012:bot:b", "tagKeys": ["a", "b"]}),
    ("lex-models", "TagResource", {"resourceArn": "arn:aws:lex:us-east-1:123456789012:bot:b",
                                   "tags": [{"key": "k", "value": "v"}]}),
]


def to_json(value):
    """Parameters in JSON-protocol form: timestamps as ISO-8601 text, blobs as base64."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def wire_request(service_name, operation_name, params, session):
    model = session.get_service_model(service_name)
    operation = model.operation_model(operation_name)
    request = create_serializer(model.metadata["protocol"]).serialize_to_request(params, operation)
    prepare_request_dict(request, endpoint_url="http://localhost:4566")
    prepared = create_request_object(request).prepare()
    url = urllib.parse.urlsplit(prepared.url)
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    return {
        "method": prepared.method,
        "path": url.path,
        "query": url.query,
        "headers": [[k, v.decode() if isinstance(v, bytes) else v] for k, v in prepared.headers.items()],
        "bodyBase64": base64.b64encode(body).decode(),
    }


def main():
    session = botocore.session.get_session()
    cases = [
        {"service": s, "operation": o, "params": to_json(p), "request": wire_request(s, o, p, session)}
        for s, o, p in CASES
    ]
    target = pathlib.Path(__file__).with_name("rest-requests.json")
    document = {"botocoreVersion": botocore.__version__, "cases": cases}
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {target} with botocore {botocore.__version__}")


if __name__ == "__main__":
    main()
