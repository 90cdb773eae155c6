"""End-to-end fixtures: a real Sagewright server on loopback, driven by boto3 and the AWS CLI.

Each pytest worker starts its own server on a free port with a fresh data directory (SQLite), or on a
fresh PostgreSQL database when SAGEWRIGHT_E2E_POSTGRES is set. With SAGEWRIGHT_E2E_EXTERNAL_S3=1 the server
keeps object bytes in an external S3 store: a second Sagewright server (server.backing) with a bucket of its
own. Clients never retry, so a server error shows up as an error rather than as slowness.
"""
import configparser
import json
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

import boto3
import pytest
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAGEWRIGHT = str(ROOT / "sagewright")
AWS_CLI = "/usr/bin/aws"
REGION = "us-east-1"
EXTERNAL_S3 = os.environ.get("SAGEWRIGHT_E2E_EXTERNAL_S3") == "1"


class Server:
    def __init__(self, endpoint, data_dir, postgres, process, log_path):
        self.endpoint = endpoint
        self.data_dir = data_dir
        self.postgres = postgres
        self.process = process
        self.log_path = log_path
        self.root = None
        self.backing = None  # the external S3 store's server, with .bucket and .prefix, when there is one

    def admin_args(self):
        args = ["--data-dir", self.data_dir]
        if self.postgres:
            args += ["--postgres", self.postgres]
        return args


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_for_worker(worker):
    """A fresh database per worker on the test PostgreSQL cluster (created by scripts/test.sh)."""
    return fresh_postgres(worker)


def fresh_postgres(name):
    """A new database named after the run and `name` when the run is on PostgreSQL, else None (SQLite)."""
    base = os.environ.get("SAGEWRIGHT_E2E_POSTGRES")
    if not base:
        return None
    parts = dict(p.split("=", 1) for p in base.split(";") if p)
    db = f"{parts['Database']}_{name}"
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-q", "-h", os.environ.get("SAGEWRIGHT_TEST_PG_DIR", "/tmp/sagewright-test-pg"),
         "-p", parts["Port"], "-c", f"CREATE DATABASE {db} OWNER {parts['Username']}"],
        check=True, capture_output=True)
    parts["Database"] = db
    return ";".join(f"{k}={v}" for k, v in parts.items())


def start_server(data_dir, postgres=None, extra_args=()):
    port = _free_port()
    log_path = os.path.join(data_dir, "server.log")
    args = [SAGEWRIGHT, "serve", "--data-dir", data_dir, "--port", str(port), "--log-format", "text", *extra_args]
    if postgres:
        args += ["--postgres", postgres]
    log = open(log_path, "ab")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180  # the first start may build the server
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sagewright serve exited with {process.returncode}:\n{pathlib.Path(log_path).read_text()}")
        try:
            with urllib.request.urlopen(endpoint + "/_sagewright/health", timeout=2) as response:
                if response.status == 200:
                    return Server(endpoint, data_dir, postgres, process, log_path)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"sagewright serve did not become healthy:\n{pathlib.Path(log_path).read_text()}")


def stop_server(server):
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()


def read_root_credentials(data_dir):
    parser = configparser.ConfigParser()
    parser.read(os.path.join(data_dir, "credentials"))
    return {
        "AccessKeyId": parser["default"]["aws_access_key_id"],
        "SecretAccessKey": parser["default"]["aws_secret_access_key"],
    }


def stored_blobs(server):
    """(name, bytes) of every blob the server holds: files in its data directory, or objects in its external store."""
    if server.backing:
        s3 = make_client(server.backing, "s3", server.backing.root)
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=server.backing.bucket, Prefix=server.backing.prefix)
        keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
        blobs = []
        for key in keys:
            try:
                blobs.append((key, s3.get_object(Bucket=server.backing.bucket, Key=key)["Body"].read()))
            except s3.exceptions.NoSuchKey:
                pass  # the server's sweeper deleted a garbage blob between the listing and the read
        return blobs
    root = pathlib.Path(server.data_dir) / "s3" / "blobs"
    assert root.is_dir(), f"no blob directory at {root}"
    blobs = []
    for path in root.rglob("*"):
        try:
            if path.is_file():
                blobs.append((str(path), path.read_bytes()))
        except FileNotFoundError:
            pass  # swept between the walk and the read
    return blobs


def make_client(server, service, creds, region=REGION, **config):
    return boto3.client(
        service,
        endpoint_url=server.endpoint,
        region_name=region,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds.get("SessionToken"),
        config=Config(retries={"total_max_attempts": 1}, **config),
    )


def start_backing_store(worker):
    """Another Sagewright server standing in for an external S3-compatible store, with a bucket for the blobs."""
    backing = start_server(tempfile.mkdtemp(prefix=f"sagewright-e2e-backing-{worker}-"))
    backing.root = read_root_credentials(backing.data_dir)
    backing.bucket, backing.prefix = "sagewright-blobs", "blobs/"
    make_client(backing, "s3", backing.root).create_bucket(Bucket=backing.bucket)
    return backing


def backing_store_args(backing):
    return ["--s3-backend-endpoint", backing.endpoint, "--s3-backend-bucket", backing.bucket,
            "--s3-backend-access-key", backing.root["AccessKeyId"], "--s3-backend-secret-key", backing.root["SecretAccessKey"],
            "--s3-backend-prefix", backing.prefix]


@pytest.fixture(scope="session")
def server(worker_id):
    backing = start_backing_store(worker_id) if EXTERNAL_S3 else None
    data_dir = tempfile.mkdtemp(prefix=f"sagewright-e2e-{worker_id}-")
    try:
        srv = start_server(data_dir, _postgres_for_worker(worker_id), backing_store_args(backing) if backing else ())
    except Exception:
        if backing:
            stop_server(backing)
        raise
    srv.backing = backing
    srv.root = read_root_credentials(data_dir)
    identity = make_client(srv, "sts", srv.root).get_caller_identity()
    srv.root["AccountId"] = identity["Account"]
    yield srv
    stop_server(srv)
    if backing:
        stop_server(backing)


@pytest.fixture(scope="session")
def worker_id(request):
    # pytest-xdist provides its own worker_id fixture; this is the fallback without xdist.
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture
def create_account(server):
    def create(name=None):
        name = name or f"acct-{uuid.uuid4().hex[:10]}"
        result = subprocess.run([SAGEWRIGHT, "admin", "create-account", name, *server.admin_args()],
                                check=True, capture_output=True, text=True, cwd=ROOT)
        return json.loads(result.stdout)
    return create


@pytest.fixture
def client(server):
    def make(service, creds, region=REGION, **config):
        return make_client(server, service, creds, region, **config)
    return make


@pytest.fixture
def aws_cli(server):
    """Runs Debian's AWS CLI v2 against the server; returns the CompletedProcess (check=False)."""
    def run(args, creds, region=REGION):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
            "AWS_DEFAULT_REGION": region,
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_PAGER": "",
        })
        if creds.get("SessionToken"):
            env["AWS_SESSION_TOKEN"] = creds["SessionToken"]
        return subprocess.run([AWS_CLI, "--endpoint-url", server.endpoint, "--output", "json", *args],
                              capture_output=True, text=True, env=env)
    return run
