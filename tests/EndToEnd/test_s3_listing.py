"""S3 listings through boto3: prefixes, delimiters, paging (V1 and V2), versions, URL-encoded keys, paginators."""
import concurrent.futures

import botocore.exceptions
import pytest

from s3_helpers import error_of, new_bucket, s3  # noqa: F401 (fixture)


def put_keys(s3, bucket, keys, workers=8):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=k.encode()), keys))


def keys_of(page):
    return [o["Key"] for o in page.get("Contents", [])]


def prefixes_of(page):
    return [p["Prefix"] for p in page.get("CommonPrefixes", [])]


TREE = ["a/1", "a/2", "a/b/3", "a/b/4", "a/c/5", "b/1", "c", "d.txt", "e/"]


def test_prefix_and_delimiter(s3):
    bucket = new_bucket(s3)
    put_keys(s3, bucket, TREE)

    everything = s3.list_objects_v2(Bucket=bucket)
    assert keys_of(everything) == sorted(TREE)
    assert everything["KeyCount"] == len(TREE)
    assert everything["IsTruncated"] is False
    first = everything["Contents"][0]
    assert first["Size"] == len(b"a/1") and first["ETag"].startswith('"') and first["StorageClass"] == "STANDARD"

    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert keys_of(top) == ["c", "d.txt"]
    assert prefixes_of(top) == ["a/", "b/", "e/"]
    assert top["KeyCount"] == 5
    assert top["Delimiter"] == "/"

    under_a = s3.list_objects_v2(Bucket=bucket, Prefix="a/", Delimiter="/")
    assert keys_of(under_a) == ["a/1", "a/2"]
    assert prefixes_of(under_a) == ["a/b/", "a/c/"]
    assert under_a["Prefix"] == "a/"

    assert keys_of(s3.list_objects_v2(Bucket=bucket, Prefix="a/b")) == ["a/b/3", "a/b/4"]
    assert keys_of(s3.list_objects_v2(Bucket=bucket, Prefix="e/", Delimiter="/")) == ["e/"]
    nothing = s3.list_objects_v2(Bucket=bucket, Prefix="zzz")
    assert keys_of(nothing) == [] and nothing["KeyCount"] == 0

    # A delimiter other than '/'.
    dotted = s3.list_objects_v2(Bucket=bucket, Delimiter=".")
    assert prefixes_of(dotted) == ["d."]
    assert "d.txt" not in keys_of(dotted)


def test_start_after(s3):
    bucket = new_bucket(s3)
    put_keys(s3, bucket, TREE)
    assert keys_of(s3.list_objects_v2(Bucket=bucket, StartAfter="a/c/5")) == ["b/1", "c", "d.txt", "e/"]
    assert keys_of(s3.list_objects_v2(Bucket=bucket, StartAfter="b")) == ["b/1", "c", "d.txt", "e/"]
    assert keys_of(s3.list_objects_v2(Bucket=bucket, StartAfter="zzz")) == []
    page = s3.list_objects_v2(Bucket=bucket, StartAfter="a", Delimiter="/")
    assert prefixes_of(page) == ["a/", "b/", "e/"]  # 'a/' sorts after 'a'
    page = s3.list_objects_v2(Bucket=bucket, StartAfter="a/", Delimiter="/")
    assert prefixes_of(page) == ["b/", "e/"]


def test_v2_paging_with_continuation_tokens(s3):
    bucket = new_bucket(s3)
    keys = [f"key-{i:03d}" for i in range(25)]
    put_keys(s3, bucket, keys)
    collected, tokens, kwargs = [], [], {}
    pages = 0
    while True:
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=7, **kwargs)
        pages += 1
        assert page["MaxKeys"] == 7
        assert page["KeyCount"] == len(page.get("Contents", []))
        collected += keys_of(page)
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        assert page["KeyCount"] == 7
        token = page["NextContinuationToken"]
        assert token not in tokens
        tokens.append(token)
        kwargs = {"ContinuationToken": token}
        assert pages < 10
    assert pages == 4
    assert collected == keys


def test_v2_paging_with_delimiter_does_not_repeat_prefixes(s3):
    bucket = new_bucket(s3)
    keys = ["a", "b/1", "b/2", "b/3", "c", "d/1", "d/2", "e", "f/x/1", "g"]
    put_keys(s3, bucket, keys)
    entries, kwargs = [], {}
    for _ in range(20):
        page = s3.list_objects_v2(Bucket=bucket, Delimiter="/", MaxKeys=2, **kwargs)
        assert page["KeyCount"] <= 2
        entries += keys_of(page) + prefixes_of(page)
        if not page["IsTruncated"]:
            break
        kwargs = {"ContinuationToken": page["NextContinuationToken"]}
    assert sorted(entries) == ["a", "b/", "c", "d/", "e", "f/", "g"]
    assert len(entries) == 7


def test_max_keys_zero(s3):
    bucket = new_bucket(s3)
    put_keys(s3, bucket, ["x", "y"])
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert keys_of(page) == []
    assert page["KeyCount"] == 0


def test_v1_paging_with_marker(s3):
    bucket = new_bucket(s3)
    keys = [f"k{i:02d}" for i in range(25)]
    put_keys(s3, bucket, keys)
    collected, marker = [], ""
    for _ in range(10):
        page = s3.list_objects(Bucket=bucket, MaxKeys=7, Marker=marker)
        assert page["Marker"] == marker
        collected += keys_of(page)
        if not page["IsTruncated"]:
            break
        # Without a delimiter S3 sends no NextMarker: clients continue from the last key.
        assert "NextMarker" not in page
        marker = page["Contents"][-1]["Key"]
    assert collected == keys
    owner = s3.list_objects(Bucket=bucket, MaxKeys=1)["Contents"][0]["Owner"]
    assert len(owner["ID"]) == 64


def test_v1_next_marker_with_delimiter(s3):
    bucket = new_bucket(s3)
    put_keys(s3, bucket, ["a", "b/1", "b/2", "c", "d/1", "e"])
    seen, marker = [], ""
    for _ in range(10):
        page = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2, Marker=marker)
        seen += keys_of(page) + prefixes_of(page)
        if not page["IsTruncated"]:
            break
        marker = page["NextMarker"]
        assert marker == max(keys_of(page) + prefixes_of(page))
    assert sorted(seen) == ["a", "b/", "c", "d/", "e"]
    assert len(seen) == 5


def test_list_object_versions_of_an_unversioned_bucket(s3):
    bucket = new_bucket(s3)
    put_keys(s3, bucket, ["v1", "v2", "v3"])
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    versions = s3.list_object_versions(Bucket=bucket)
    assert [v["Key"] for v in versions["Versions"]] == ["v1", "v2", "v3"]
    assert {v["VersionId"] for v in versions["Versions"]} == {"null"}
    assert all(v["IsLatest"] for v in versions["Versions"])
    assert versions.get("DeleteMarkers", []) == []
    paged = s3.list_object_versions(Bucket=bucket, MaxKeys=2)
    assert paged["IsTruncated"] is True
    assert paged["NextKeyMarker"] == "v2"
    rest = s3.list_object_versions(Bucket=bucket, KeyMarker=paged["NextKeyMarker"], VersionIdMarker=paged["NextVersionIdMarker"])
    assert [v["Key"] for v in rest["Versions"]] == ["v3"]
    # Reading the "null" version is reading the object.
    assert s3.get_object(Bucket=bucket, Key="v1", VersionId="null")["Body"].read() == b"v1"


SPECIAL_KEYS = [
    "with space",
    "plus+sign",
    "per%cent",
    "per%20cent-encoded-looking",
    "unicode-ü-日本語-😀",
    "ctrl\x01char",
    "tab\tand newline\n",
    "a//double/slash",
    "q?mark&amp=1#hash",
    "<xml>&'\"",
    "tilde~star*",
    "dir/",
    "../dots/./x",
]


def test_keys_that_need_url_encoding_come_back_exactly(s3):
    bucket = new_bucket(s3)
    for key in SPECIAL_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    expected = sorted(SPECIAL_KEYS, key=lambda k: k.encode())  # S3 orders keys by their UTF-8 bytes

    v2 = s3.list_objects_v2(Bucket=bucket)  # botocore asks for EncodingType=url and decodes
    assert keys_of(v2) == expected
    assert keys_of(s3.list_objects(Bucket=bucket)) == expected
    assert [v["Key"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]] == expected
    for key in SPECIAL_KEYS:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode(), key
        assert s3.head_object(Bucket=bucket, Key=key)["ContentLength"] == len(key.encode())

    # Prefixes and delimiters with characters that need encoding.
    assert keys_of(s3.list_objects_v2(Bucket=bucket, Prefix="per%")) == ["per%20cent-encoded-looking", "per%cent"]
    assert keys_of(s3.list_objects_v2(Bucket=bucket, Prefix="unicode-ü")) == ["unicode-ü-日本語-😀"]
    page = s3.list_objects_v2(Bucket=bucket, Delimiter=" ")
    assert prefixes_of(page) == ["tab\tand ", "with "]
    paged, kwargs = [], {}
    for _ in range(20):
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=4, **kwargs)
        paged += keys_of(page)
        if not page["IsTruncated"]:
            break
        kwargs = {"ContinuationToken": page["NextContinuationToken"]}
    assert paged == expected
    # A control character cannot travel in DeleteObjects' XML body (XML 1.0 has no \x01): delete that one alone.
    s3.delete_object(Bucket=bucket, Key="ctrl\x01char")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in SPECIAL_KEYS if k != "ctrl\x01char"]})
    assert keys_of(s3.list_objects_v2(Bucket=bucket)) == []


def test_utf8_byte_order(s3):
    bucket = new_bucket(s3)
    # UTF-16 order would put U+FF5E before U+1F600; S3 sorts by UTF-8 bytes, where it comes after.
    keys = ["a", "\uff5e", "\U0001f600", "z", "é"]
    put_keys(s3, bucket, keys)
    expected = sorted(keys, key=lambda k: k.encode())
    assert keys_of(s3.list_objects_v2(Bucket=bucket)) == expected
    paged, kwargs = [], {}
    for _ in range(10):
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, **kwargs)
        paged += keys_of(page)
        if not page["IsTruncated"]:
            break
        kwargs = {"ContinuationToken": page["NextContinuationToken"]}
    assert paged == expected


def test_paginator_over_1100_keys(s3):
    bucket = new_bucket(s3)
    keys = [f"many/{i:05d}" for i in range(1100)]
    put_keys(s3, bucket, keys, workers=10)
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))
    assert [p["KeyCount"] for p in pages] == [1000, 100]
    assert [k for p in pages for k in keys_of(p)] == keys
    small = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="many/00", PaginationConfig={"PageSize": 300}))
    assert [p["KeyCount"] for p in small] == [300, 300, 300, 100]
    v1 = [k for p in s3.get_paginator("list_objects").paginate(Bucket=bucket) for k in keys_of(p)]
    assert v1 == keys


def test_invalid_encoding_type(s3):
    bucket = new_bucket(s3)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.list_objects_v2(Bucket=bucket, EncodingType="base64")
    assert error_of(excinfo)["Code"] == "InvalidArgument"


def test_list_buckets(s3):
    names = sorted(new_bucket(s3, "listed") for _ in range(3))
    listed = s3.list_buckets()
    mine = [b["Name"] for b in listed["Buckets"] if b["Name"] in names]
    assert mine == names
    assert len(listed["Owner"]["ID"]) == 64
    assert all(b["CreationDate"] for b in listed["Buckets"])
