"""The server's foundation seen from real clients: health, authentication, errors, metrics, accounts."""
import json
import subprocess
import urllib.error
import urllib.request

import botocore.exceptions
import pytest


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_health_answers_without_credentials(server):
    with urllib.request.urlopen(server.endpoint + "/_sagewright/health") as response:
        assert response.status == 200
        assert json.load(response) == {"status": "ok"}


def test_unsigned_request_is_refused(server):
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(server.endpoint + "/some-bucket")
    assert excinfo.value.code == 403
    assert b"<Code>AccessDenied</Code>" in excinfo.value.read()


def test_metrics_need_the_bearer_token(server):
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(server.endpoint + "/metrics")
    assert excinfo.value.code == 401
    token = open(f"{server.data_dir}/metrics-token").read().strip()
    request = urllib.request.Request(server.endpoint + "/metrics", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        assert b'sagewright_request_duration_seconds_count{service="sts",operation="GetCallerIdentity"' in response.read()


def test_get_caller_identity_with_generated_root_credentials(server, client):
    identity = client("sts", server.root).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{server.root['AccountId']}:root"
    assert len(identity["Account"]) == 12


def test_aws_cli_get_caller_identity(server, aws_cli):
    result = aws_cli(["sts", "get-caller-identity"], server.root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Account"] == server.root["AccountId"]


def test_tampered_secret_gets_signature_does_not_match(server, client):
    secret = server.root["SecretAccessKey"]
    bad = dict(server.root, SecretAccessKey=secret[:-1] + ("Y" if secret.endswith("X") else "X"))
    assert bad["SecretAccessKey"] != secret
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", bad).get_caller_identity()
    assert error_code(excinfo) == "SignatureDoesNotMatch"


def test_unknown_access_key_is_rejected_in_each_protocol(server, client):
    unknown = {"AccessKeyId": "AKIAUNKNOWNKEY000000", "SecretAccessKey": "x" * 40}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", unknown).get_caller_identity()
    assert error_code(excinfo) == "InvalidClientTokenId"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sagemaker", unknown).list_models()
    assert error_code(excinfo) == "UnrecognizedClientException"


def test_operation_not_built_yet_answers_not_implemented_naming_it(server, client):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sagemaker", server.root).list_training_jobs()
    assert error_code(excinfo) == "NotImplemented"
    assert "sagemaker:ListTrainingJobs" in excinfo.value.response["Error"]["Message"]
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_input_violating_the_model_gets_validation_error_with_aws_wording(server, client):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam", server.root, parameter_validation=False).create_user(UserName="bad name!")
    assert error_code(excinfo) == "ValidationError"
    assert "Value 'bad name!' at 'userName' failed to satisfy constraint" in excinfo.value.response["Error"]["Message"]


def test_malformed_json_body_gets_serialization_exception_not_a_crash(server, client):
    sagemaker = client("sagemaker", server.root)
    def break_body(request, **kwargs):
        request.data = b"{not json"
    sagemaker.meta.events.register_first("before-sign.sagemaker.ListModels", break_body)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sagemaker.list_models()
    assert error_code(excinfo) == "SerializationException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_admin_creates_isolated_accounts(server, create_account, client):
    a = create_account()
    b = create_account()
    assert a["AccountId"] != b["AccountId"] != server.root["AccountId"]
    assert client("sts", a).get_caller_identity()["Account"] == a["AccountId"]
    client("iam", a).create_user(UserName="only-in-a")
    names = [u["UserName"] for u in client("iam", b).list_users()["Users"]]
    assert "only-in-a" not in names


def test_admin_create_account_refuses_a_duplicate_name(server, create_account):
    create_account("dup-name-test")
    result = subprocess.run(["./sagewright", "admin", "create-account", "dup-name-test", *server.admin_args()],
                            capture_output=True, text=True, cwd=str(__import__("conftest").ROOT))
    assert result.returncode != 0
    assert "already exists" in result.stderr


def test_cross_account_assume_role_and_least_privilege(server, create_account, client):
    a = create_account()
    b = create_account()
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{a['AccountId']}:root"}, "Action": "sts:AssumeRole"}]}
    iam_b = client("iam", b)
    role_arn = iam_b.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam_b.put_role_policy(RoleName="reader", PolicyName="list-users", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}))

    creds = client("sts", a).assume_role(RoleArn=role_arn, RoleSessionName="from-a")["Credentials"]
    session = {"AccessKeyId": creds["AccessKeyId"], "SecretAccessKey": creds["SecretAccessKey"], "SessionToken": creds["SessionToken"]}
    assert creds["AccessKeyId"].startswith("ASIA")
    identity = client("sts", session).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{b['AccountId']}:assumed-role/reader/from-a"
    client("iam", session).list_users()  # allowed by the role policy
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam", session).create_user(UserName="not-allowed")
    assert error_code(excinfo) == "AccessDenied"
    assert "iam:CreateUser" in excinfo.value.response["Error"]["Message"]

    c = create_account()  # not trusted by the role
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", c).assume_role(RoleArn=role_arn, RoleSessionName="from-c")
    assert error_code(excinfo) == "AccessDenied"



def test_a_new_data_directory_is_private_to_its_owner():
    import os
    import socket
    import stat as stat_module
    import tempfile
    import time

    from conftest import ROOT, SAGEWRIGHT
    parent = tempfile.mkdtemp(prefix="sagewright-e2e-mode-")
    data_dir = os.path.join(parent, "new-data")  # does not exist yet: the server creates it
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with open(os.path.join(parent, "server.log"), "ab") as log:
        process = subprocess.Popen([SAGEWRIGHT, "serve", "--data-dir", data_dir, "--port", str(port), "--log-format", "text"],
                                   stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sagewright/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        assert stat_module.S_IMODE(os.stat(data_dir).st_mode) == 0o700
        assert stat_module.S_IMODE(os.stat(os.path.join(data_dir, "credentials")).st_mode) == 0o600
    finally:
        process.terminate()
        process.wait(timeout=30)
