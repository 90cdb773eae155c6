"""S3 through Debian's AWS CLI v2.9: mb, cp, sync both ways, ls, rm, presigned URLs, s3api multipart by hand."""
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET

import pytest

from s3_helpers import MiB, file_sha256, md5_hex, multipart_etag, new_bucket, s3  # noqa: F401 (fixture)

# name -> size; 8 MiB is exactly the CLI's multipart threshold.
TREE = {
    "empty.bin": 0,
    "one-byte.bin": 1,
    "five-mib.bin": 5 * MiB,
    "eight-mib-exactly.bin": 8 * MiB,
    "seventeen-mib.bin": 17 * MiB,
    "hundred-mib.bin": 100 * MiB,
    "name with spaces.txt": 1234,
    "plus+sign+name.txt": 77,
    "ünïcödé-名前.txt": 4096,
    "nested/deeper/dir/leaf.txt": 65 * 1024,
    "nested/sibling.txt": 10,
}


def ok(result):
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    return result


def write_tree(root):
    for name, size in TREE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            remaining = size
            while remaining:
                chunk = min(remaining, 4 * MiB)
                f.write(os.urandom(chunk))
                remaining -= chunk


def tree_hashes(root):
    return {str(p.relative_to(root)): file_sha256(p) for p in root.rglob("*") if p.is_file()}


def transfer_lines(output, verb):
    return [line for line in output.splitlines() if line.startswith(f"{verb}:")]


def test_cli_tree_round_trip(server, aws_cli, tmp_path):
    creds = server.root
    bucket = f"cli-{uuid.uuid4().hex[:16]}"
    source = tmp_path / "source"
    write_tree(source)
    expected = tree_hashes(source)
    assert len(expected) == len(TREE)

    assert f"make_bucket: {bucket}" in ok(aws_cli(["s3", "mb", f"s3://{bucket}"], creds)).stdout

    uploaded = ok(aws_cli(["s3", "sync", str(source), f"s3://{bucket}/tree/", "--no-progress"], creds))
    assert len(transfer_lines(uploaded.stdout, "upload")) == len(TREE)
    again = ok(aws_cli(["s3", "sync", str(source), f"s3://{bucket}/tree/", "--no-progress"], creds))
    assert transfer_lines(again.stdout, "upload") == [], again.stdout

    listing = ok(aws_cli(["s3", "ls", f"s3://{bucket}/tree/", "--recursive"], creds)).stdout
    listed = {}
    for line in listing.splitlines():
        match = re.match(r"^\S+ \S+\s+(\d+) (.*)$", line)
        assert match, line
        listed[match.group(2)] = int(match.group(1))
    assert listed == {f"tree/{name}": size for name, size in TREE.items()}
    top = ok(aws_cli(["s3", "ls", f"s3://{bucket}/tree/"], creds)).stdout
    assert "PRE nested/" in top
    assert "hundred-mib.bin" in top and "leaf.txt" not in top

    # ETags: plain MD5 below the CLI's 8 MiB threshold, multipart (8 MiB parts) at and above it.
    def head(key):
        return json.loads(ok(aws_cli(["s3api", "head-object", "--bucket", bucket, "--key", key], creds)).stdout)
    one = (source / "plus+sign+name.txt").read_bytes()
    assert head("tree/plus+sign+name.txt")["ETag"] == f'"{md5_hex(one)}"'
    eight = (source / "eight-mib-exactly.bin").read_bytes()
    assert head("tree/eight-mib-exactly.bin")["ETag"] == multipart_etag([eight])
    seventeen = (source / "seventeen-mib.bin").read_bytes()
    assert head("tree/seventeen-mib.bin")["ETag"] == multipart_etag([seventeen[:8 * MiB], seventeen[8 * MiB:16 * MiB], seventeen[16 * MiB:]])

    # cp both ways, and s3 -> s3 (CopyObject below 8 MiB; above it see test_cli_copy_between_s3_locations).
    single = tmp_path / "single"
    ok(aws_cli(["s3", "cp", f"s3://{bucket}/tree/ünïcödé-名前.txt", str(single / "down.txt"), "--no-progress"], creds))
    assert file_sha256(single / "down.txt") == expected["ünïcödé-名前.txt"]
    ok(aws_cli(["s3", "cp", str(source / "seventeen-mib.bin"), f"s3://{bucket}/single/up 17.bin", "--no-progress"], creds))
    ok(aws_cli(["s3", "cp", f"s3://{bucket}/single/up 17.bin", str(single / "up17.bin"), "--no-progress"], creds))
    assert file_sha256(single / "up17.bin") == expected["seventeen-mib.bin"]
    ok(aws_cli(["s3", "cp", f"s3://{bucket}/tree/name with spaces.txt", f"s3://{bucket}/copies/spaces copy.txt", "--no-progress"], creds))
    ok(aws_cli(["s3", "cp", f"s3://{bucket}/copies/", str(single / "copies"), "--recursive", "--no-progress"], creds))
    assert file_sha256(single / "copies" / "spaces copy.txt") == expected["name with spaces.txt"]

    target = tmp_path / "target"
    downloaded = ok(aws_cli(["s3", "sync", f"s3://{bucket}/tree/", str(target), "--no-progress"], creds))
    assert len(transfer_lines(downloaded.stdout, "download")) == len(TREE)
    assert tree_hashes(target) == expected
    again = ok(aws_cli(["s3", "sync", f"s3://{bucket}/tree/", str(target), "--no-progress"], creds))
    assert transfer_lines(again.stdout, "download") == [], again.stdout

    # A changed local file is uploaded again, and only that one.
    (source / "nested" / "sibling.txt").write_bytes(b"changed and longer")
    changed = ok(aws_cli(["s3", "sync", str(source), f"s3://{bucket}/tree/", "--no-progress"], creds))
    assert [line.split(" to ")[-1] for line in transfer_lines(changed.stdout, "upload")] == [f"s3://{bucket}/tree/nested/sibling.txt"]

    removed = ok(aws_cli(["s3", "rm", f"s3://{bucket}/", "--recursive"], creds))
    assert len(transfer_lines(removed.stdout, "delete")) == len(TREE) + 2
    assert ok(aws_cli(["s3", "ls", f"s3://{bucket}/", "--recursive"], creds)).stdout.strip() == ""
    ok(aws_cli(["s3", "rb", f"s3://{bucket}"], creds))
    assert bucket not in ok(aws_cli(["s3", "ls"], creds)).stdout


def test_cli_copy_between_s3_locations(server, aws_cli, s3, tmp_path):
    """s3 -> s3 copies: CopyObject below 8 MiB; above it the CLI copies tags (GetObjectTagging) and uses UploadPartCopy."""
    creds = server.root
    bucket = new_bucket(s3)
    small, large = os.urandom(1000), os.urandom(9 * MiB)
    s3.put_object(Bucket=bucket, Key="src/small.bin", Body=small, Metadata={"kind": "small"})
    s3.put_object(Bucket=bucket, Key="src/large file.bin", Body=large)
    ok(aws_cli(["s3", "cp", f"s3://{bucket}/src/small.bin", f"s3://{bucket}/dst/small.bin", "--no-progress"], creds))
    assert s3.get_object(Bucket=bucket, Key="dst/small.bin")["Body"].read() == small
    assert s3.head_object(Bucket=bucket, Key="dst/small.bin")["Metadata"] == {"kind": "small"}
    ok(aws_cli(["s3", "cp", f"s3://{bucket}/src/large file.bin", f"s3://{bucket}/dst/large file.bin", "--no-progress"], creds))
    copied = s3.get_object(Bucket=bucket, Key="dst/large file.bin")
    assert copied["ContentLength"] == 9 * MiB
    assert copied["Body"].read() == large
    synced = ok(aws_cli(["s3", "sync", f"s3://{bucket}/src/", f"s3://{bucket}/synced/", "--no-progress"], creds))
    assert len(transfer_lines(synced.stdout, "copy")) == 2
    assert s3.get_object(Bucket=bucket, Key="synced/large file.bin")["Body"].read() == large


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def error_code(body):
    return ET.fromstring(body).findtext("Code")


def test_presigned_urls(server, aws_cli, s3):
    creds = server.root
    bucket = new_bucket(s3)
    key = "presigned/file with spaces+plus ü.bin"
    body = os.urandom(200 * 1024)
    s3.put_object(Bucket=bucket, Key=key, Body=body)

    url = ok(aws_cli(["s3", "presign", f"s3://{bucket}/{key}", "--expires-in", "300"], creds)).stdout.strip()
    assert "X-Amz-Signature=" in url and url.startswith(server.endpoint)
    status, got = http_get(url)
    assert (status, got) == (200, body)

    # Anonymous requests without a signature are refused.
    status, got = http_get(url.split("?")[0])
    assert status == 403

    tampered = re.sub(r"X-Amz-Signature=([0-9a-f])", lambda m: "X-Amz-Signature=" + ("0" if m.group(1) != "0" else "1"), url)
    assert tampered != url
    status, got = http_get(tampered)
    assert status == 403
    assert error_code(got) == "SignatureDoesNotMatch"

    # Changing what was signed (the key) breaks the signature too.
    parsed = urllib.parse.urlsplit(url)
    status, got = http_get(urllib.parse.urlunsplit(parsed._replace(path=parsed.path + "x")))
    assert status == 403 and error_code(got) == "SignatureDoesNotMatch"

    short = ok(aws_cli(["s3", "presign", f"s3://{bucket}/{key}", "--expires-in", "1"], creds)).stdout.strip()
    time.sleep(2.5)
    status, got = http_get(short)
    assert status == 403
    assert error_code(got) == "AccessDenied"
    assert "expired" in ET.fromstring(got).findtext("Message").lower()


def test_presigned_url_with_curl(server, aws_cli, s3, tmp_path):
    bucket = new_bucket(s3)
    body = os.urandom(3 * MiB)
    s3.put_object(Bucket=bucket, Key="curl.bin", Body=body)
    url = ok(aws_cli(["s3", "presign", f"s3://{bucket}/curl.bin"], server.root)).stdout.strip()
    out = tmp_path / "curl.bin"
    result = subprocess.run(["curl", "-sS", "-f", "-o", str(out), url], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == body


def s3api(aws_cli, creds, *args):
    result = ok(aws_cli(["s3api", *args], creds))
    return json.loads(result.stdout) if result.stdout.strip() else {}


def test_s3api_multipart_by_hand(server, aws_cli, s3, tmp_path):
    creds = server.root
    bucket = new_bucket(s3)
    key = "by-hand/assembled.bin"
    first, second = os.urandom(5 * MiB), os.urandom(123_456)
    (tmp_path / "part1").write_bytes(first)
    (tmp_path / "part2").write_bytes(second)

    upload_id = s3api(aws_cli, creds, "create-multipart-upload", "--bucket", bucket, "--key", key,
                      "--content-type", "application/x-by-hand")["UploadId"]
    etags = []
    for number, path in ((1, tmp_path / "part1"), (2, tmp_path / "part2")):
        etags.append(s3api(aws_cli, creds, "upload-part", "--bucket", bucket, "--key", key, "--upload-id", upload_id,
                           "--part-number", str(number), "--body", str(path))["ETag"])
    assert etags == [f'"{md5_hex(first)}"', f'"{md5_hex(second)}"']

    parts = s3api(aws_cli, creds, "list-parts", "--bucket", bucket, "--key", key, "--upload-id", upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts] == [(1, etags[0], 5 * MiB), (2, etags[1], 123_456)]

    (tmp_path / "parts.json").write_text(json.dumps({"Parts": [{"PartNumber": n + 1, "ETag": e} for n, e in enumerate(etags)]}))
    completed = s3api(aws_cli, creds, "complete-multipart-upload", "--bucket", bucket, "--key", key, "--upload-id", upload_id,
                      "--multipart-upload", f"file://{tmp_path / 'parts.json'}")
    assert completed["ETag"] == multipart_etag([first, second])
    assert completed["Key"] == key

    head = s3api(aws_cli, creds, "get-object", "--bucket", bucket, "--key", key, str(tmp_path / "out.bin"))
    assert head["ContentType"] == "application/x-by-hand"
    assert head["ContentLength"] == 5 * MiB + 123_456
    assert (tmp_path / "out.bin").read_bytes() == first + second


def test_s3api_abort_and_list_multipart_uploads(server, aws_cli, s3):
    creds = server.root
    bucket = new_bucket(s3)
    kept = s3api(aws_cli, creds, "create-multipart-upload", "--bucket", bucket, "--key", "uploads/kept")["UploadId"]
    aborted = s3api(aws_cli, creds, "create-multipart-upload", "--bucket", bucket, "--key", "uploads/aborted")["UploadId"]
    listed = s3api(aws_cli, creds, "list-multipart-uploads", "--bucket", bucket)["Uploads"]
    assert sorted((u["Key"], u["UploadId"]) for u in listed) == [("uploads/aborted", aborted), ("uploads/kept", kept)]

    s3api(aws_cli, creds, "abort-multipart-upload", "--bucket", bucket, "--key", "uploads/aborted", "--upload-id", aborted)
    listed = s3api(aws_cli, creds, "list-multipart-uploads", "--bucket", bucket)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in listed] == [("uploads/kept", kept)]

    failed = aws_cli(["s3api", "list-parts", "--bucket", bucket, "--key", "uploads/aborted", "--upload-id", aborted], creds)
    assert failed.returncode != 0
    assert "NoSuchUpload" in failed.stderr
    s3api(aws_cli, creds, "abort-multipart-upload", "--bucket", bucket, "--key", "uploads/kept", "--upload-id", kept)
    assert "Uploads" not in s3api(aws_cli, creds, "list-multipart-uploads", "--bucket", bucket)


def test_cli_errors(server, aws_cli, s3):
    creds = server.root
    bucket = new_bucket(s3)
    missing = aws_cli(["s3", "cp", f"s3://{bucket}/nope.txt", "-"], creds)
    assert missing.returncode != 0
    assert "404" in missing.stderr or "Not Found" in missing.stderr
    again = aws_cli(["s3", "mb", "s3://Invalid_Name"], creds)
    assert again.returncode != 0
    assert "InvalidBucketName" in again.stderr or "Invalid bucket name" in again.stderr
