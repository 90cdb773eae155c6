"""STS through real clients: identities, cross-account AssumeRole, temporary credentials and their limits."""
import json

import botocore.exceptions
import pytest
from aws_helpers import error_of, unique


def allow(action, resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})


def trust(principal, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def temporary(credentials):
    return {k: credentials[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")}


def new_user(iam, policy=None):
    name = unique("user")
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return name, {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}


@pytest.fixture
def accounts(create_account):
    return create_account(), create_account()


def test_get_caller_identity_with_root_credentials(server, client):
    identity = client("sts", server.root).get_caller_identity()
    assert identity["Account"] == server.root["AccountId"]
    assert identity["Arn"] == f"arn:aws:iam::{server.root['AccountId']}:root"
    assert identity["UserId"] == server.root["AccountId"]


def test_aws_cli_get_caller_identity(server, aws_cli):
    result = aws_cli(["sts", "get-caller-identity"], server.root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:iam::{server.root['AccountId']}:root"


def test_cross_account_assume_role_with_external_id(accounts, client, aws_cli):
    a, b = accounts
    role = unique("partner")
    role_arn = client("iam", b).create_role(
        RoleName=role, AssumeRolePolicyDocument=trust(f"arn:aws:iam::{a['AccountId']}:root", {"StringEquals": {"sts:ExternalId": "xyzzy"}}),
    )["Role"]["Arn"]
    client("iam", b).put_role_policy(RoleName=role, PolicyName="p", PolicyDocument=allow("iam:ListRoles"))
    _, alice = new_user(client("iam", a), allow("sts:AssumeRole"))
    sts = client("sts", alice)

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.assume_role(RoleArn=role_arn, RoleSessionName="s1")
    assert error_of(excinfo)["Code"] == "AccessDenied"
    assert f"is not authorized to perform: sts:AssumeRole on resource: {role_arn}" in error_of(excinfo)["Message"]

    assumed = sts.assume_role(RoleArn=role_arn, RoleSessionName="s1", ExternalId="xyzzy", DurationSeconds=900)
    credentials = assumed["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert len(credentials["SessionToken"]) > 100
    session_arn = f"arn:aws:sts::{b['AccountId']}:assumed-role/{role}/s1"
    assert assumed["AssumedRoleUser"]["Arn"] == session_arn
    assert assumed["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
    assert assumed["AssumedRoleUser"]["AssumedRoleId"].endswith(":s1")

    creds = temporary(credentials)
    identity = client("sts", creds).get_caller_identity()
    assert identity == {**identity, "Arn": session_arn, "Account": b["AccountId"], "UserId": assumed["AssumedRoleUser"]["AssumedRoleId"]}
    assert role in [r["RoleName"] for r in client("iam", creds).list_roles()["Roles"]]

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam", creds).list_users()
    assert error_of(excinfo)["Code"] == "AccessDenied"
    assert f"User: {session_arn} is not authorized to perform: iam:ListUsers" in error_of(excinfo)["Message"]

    result = aws_cli(["sts", "get-caller-identity"], creds)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == session_arn


def test_cross_account_needs_the_callers_identity_permission(accounts, client):
    a, b = accounts
    role = unique("role")
    role_arn = client("iam", b).create_role(RoleName=role, AssumeRolePolicyDocument=trust(a["AccountId"]))["Role"]["Arn"]
    _, unallowed = new_user(client("iam", a))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", unallowed).assume_role(RoleArn=role_arn, RoleSessionName="sess")
    assert error_of(excinfo)["Code"] == "AccessDenied"


def test_same_account_trust_naming_the_user_is_enough(accounts, client):
    a, _ = accounts
    iam = client("iam", a)
    name, alice = new_user(iam)
    role = unique("role")
    role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust(f"arn:aws:iam::{a['AccountId']}:user/{name}"))["Role"]["Arn"]
    assumed = client("sts", alice).assume_role(RoleArn=role_arn, RoleSessionName="direct")
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{a['AccountId']}:assumed-role/{role}/direct"


def test_missing_role_is_access_denied(accounts, client):
    a, b = accounts
    _, alice = new_user(client("iam", a), allow("sts:AssumeRole"))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", alice).assume_role(RoleArn=f"arn:aws:iam::{b['AccountId']}:role/does-not-exist", RoleSessionName="sess")
    assert error_of(excinfo)["Code"] == "AccessDenied"


def test_duration_limits(accounts, client):
    a, _ = accounts
    iam = client("iam", a)
    name, alice = new_user(iam)
    first = unique("first")
    second = unique("second")
    first_arn = iam.create_role(RoleName=first, AssumeRolePolicyDocument=trust(f"arn:aws:iam::{a['AccountId']}:user/{name}"),
                                MaxSessionDuration=7200)["Role"]["Arn"]
    second_arn = iam.create_role(RoleName=second, AssumeRolePolicyDocument=trust(first_arn), MaxSessionDuration=43200)["Role"]["Arn"]
    sts = client("sts", alice)

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.assume_role(RoleArn=first_arn, RoleSessionName="sess", DurationSeconds=7201)
    assert error_of(excinfo)["Code"] == "ValidationError"
    assert error_of(excinfo)["Message"] == "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."

    chained = client("sts", temporary(sts.assume_role(RoleArn=first_arn, RoleSessionName="sess", DurationSeconds=7200)["Credentials"]))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        chained.assume_role(RoleArn=second_arn, RoleSessionName="s2", DurationSeconds=7200)
    assert error_of(excinfo)["Code"] == "ValidationError"
    assert "role chaining" in error_of(excinfo)["Message"]
    assert chained.assume_role(RoleArn=second_arn, RoleSessionName="s2")["AssumedRoleUser"]["Arn"].endswith(f"/{second}/s2")


def test_session_policy_limits_the_session(accounts, client):
    a, _ = accounts
    iam = client("iam", a)
    name, alice = new_user(iam)
    role = unique("role")
    role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust(f"arn:aws:iam::{a['AccountId']}:user/{name}"))["Role"]["Arn"]
    iam.put_role_policy(RoleName=role, PolicyName="p", PolicyDocument=allow("iam:List*"))
    assumed = client("sts", alice).assume_role(RoleArn=role_arn, RoleSessionName="sess", Policy=allow("iam:ListRoles"))
    assert 0 < assumed["PackedPolicySize"] <= 100
    session_iam = client("iam", temporary(assumed["Credentials"]))
    session_iam.list_roles()
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        session_iam.list_users()
    assert error_of(excinfo)["Code"] == "AccessDenied"

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", alice).assume_role(RoleArn=role_arn, RoleSessionName="sess", Policy='{"Statement": []}')
    assert error_of(excinfo)["Code"] == "MalformedPolicyDocument"


def test_tampered_session_token_is_rejected(accounts, client):
    a, _ = accounts
    iam = client("iam", a)
    name, alice = new_user(iam)
    role_arn = iam.create_role(RoleName=unique("role"),
                               AssumeRolePolicyDocument=trust(f"arn:aws:iam::{a['AccountId']}:user/{name}"))["Role"]["Arn"]
    creds = temporary(client("sts", alice).assume_role(RoleArn=role_arn, RoleSessionName="sess")["Credentials"])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", dict(creds, SessionToken=creds["SessionToken"][:-4] + "AAAA")).get_caller_identity()
    assert error_of(excinfo)["Code"] == "InvalidClientTokenId"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", dict(creds, SecretAccessKey=creds["SecretAccessKey"][::-1])).get_caller_identity()
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"


def test_get_session_token_and_access_key_info(accounts, client):
    a, b = accounts
    name, alice = new_user(client("iam", a), allow("iam:ListUsers"))
    client("iam", alice).list_users()
    session = client("sts", alice).get_session_token(DurationSeconds=900)["Credentials"]
    identity = client("sts", temporary(session)).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{a['AccountId']}:user/{name}"
    # AWS refuses IAM calls made with GetSessionToken credentials obtained without MFA.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam", temporary(session)).list_users()
    assert error_of(excinfo)["Code"] == "InvalidClientTokenId"
    assert client("sts", b).get_access_key_info(AccessKeyId=alice["AccessKeyId"])["Account"] == a["AccountId"]
