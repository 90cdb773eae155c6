"""IAM through real clients: users, keys, inline and managed policies, enforcement, errors, the simulator."""
import json

import botocore.exceptions
import pytest
from aws_helpers import error_of, unique


def allow(action, resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})


@pytest.fixture
def account(create_account):
    return create_account()


@pytest.fixture
def iam(client, account):
    return client("iam", account)


def new_user(iam, name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}


def test_create_user_key_and_inline_policy(iam, account, client):
    name = unique("alice")
    user = iam.create_user(UserName=name, Path="/e2e/")["User"]
    assert user["Arn"] == f"arn:aws:iam::{account['AccountId']}:user/e2e/{name}"
    assert user["UserId"].startswith("AIDA")

    key = iam.create_access_key(UserName=name)["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["SecretAccessKey"]) == 40
    iam.put_user_policy(UserName=name, PolicyName="list", PolicyDocument=allow("iam:ListUsers"))

    document = iam.get_user_policy(UserName=name, PolicyName="list")["PolicyDocument"]
    assert document == json.loads(allow("iam:ListUsers"))  # botocore decodes the URL-encoded JSON
    assert iam.list_user_policies(UserName=name)["PolicyNames"] == ["list"]

    as_user = client("iam", {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]})
    assert name in [u["UserName"] for u in as_user.list_users()["Users"]]
    identity = client("sts", key).get_caller_identity()
    assert identity["Arn"] == user["Arn"]


def test_user_is_denied_outside_its_policy(iam, account, client):
    name = unique("bob")
    creds = new_user(iam, name, allow("iam:ListUsers"))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam", creds).create_user(UserName=unique("mallory"))
    error = error_of(excinfo)
    assert error["Code"] == "AccessDenied"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert f"User: arn:aws:iam::{account['AccountId']}:user/{name} is not authorized to perform: iam:CreateUser" in error["Message"]


def test_malformed_policy_is_rejected(iam):
    name = unique("carol")
    iam.create_user(UserName=name)
    missing_resource = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.put_user_policy(UserName=name, PolicyName="bad", PolicyDocument=missing_resource)
    assert error_of(excinfo)["Code"] == "MalformedPolicyDocument"
    assert error_of(excinfo)["Message"] == "Missing required field Resource"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_policy(PolicyName=unique("bad"), PolicyDocument="{not json")
    assert error_of(excinfo)["Code"] == "MalformedPolicyDocument"


def test_deleted_access_key_is_an_invalid_token(iam, client):
    name = unique("dave")
    creds = new_user(iam, name)
    client("sts", creds).get_caller_identity()
    iam.delete_access_key(UserName=name, AccessKeyId=creds["AccessKeyId"])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", creds).get_caller_identity()
    assert error_of(excinfo)["Code"] == "InvalidClientTokenId"


def test_inactive_access_key_is_an_invalid_token(iam, client):
    name = unique("erin")
    creds = new_user(iam, name)
    iam.update_access_key(UserName=name, AccessKeyId=creds["AccessKeyId"], Status="Inactive")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts", creds).get_caller_identity()
    assert error_of(excinfo)["Code"] == "InvalidClientTokenId"
    iam.update_access_key(UserName=name, AccessKeyId=creds["AccessKeyId"], Status="Active")
    client("sts", creds).get_caller_identity()


def test_tampered_signature_of_a_user_key(iam, client):
    creds = new_user(iam, unique("frank"))
    tampered = dict(creds, SecretAccessKey=creds["SecretAccessKey"][::-1])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam", tampered).get_user()
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"


def test_errors_use_iam_codes(iam):
    with pytest.raises(iam.exceptions.NoSuchEntityException) as excinfo:
        iam.get_user(UserName="nobody-here")
    assert error_of(excinfo)["Message"] == "The user with name nobody-here cannot be found."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404

    name = unique("gina")
    iam.create_user(UserName=name)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.create_user(UserName=name.upper())

    iam.create_access_key(UserName=name)
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName=name)
    iam.create_access_key(UserName=name)
    with pytest.raises(iam.exceptions.LimitExceededException):
        iam.create_access_key(UserName=name)


def test_list_users_paginates(iam):
    prefix = f"/{unique('page')}/"
    names = sorted(unique("u") for _ in range(5))
    for name in names:
        iam.create_user(UserName=name, Path=prefix)
    first = iam.list_users(PathPrefix=prefix, MaxItems=2)
    assert first["IsTruncated"] and len(first["Users"]) == 2
    pages = iam.get_paginator("list_users").paginate(PathPrefix=prefix, PaginationConfig={"PageSize": 2})
    assert [u["UserName"] for page in pages for u in page["Users"]] == names


def test_managed_policy_versions_and_attachments(iam, account, client):
    name = unique("managed")
    arn = iam.create_policy(PolicyName=name, PolicyDocument=allow("iam:ListRoles"))["Policy"]["Arn"]
    assert arn == f"arn:aws:iam::{account['AccountId']}:policy/{name}"
    version = iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow("iam:List*"), SetAsDefault=True)["PolicyVersion"]
    assert version["VersionId"] == "v2" and version["IsDefaultVersion"]
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"] == json.loads(allow("iam:List*"))
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == ["v2", "v1"]

    user = unique("hank")
    creds = new_user(iam, user)
    iam.attach_user_policy(UserName=user, PolicyArn=arn)
    iam.attach_user_policy(UserName=user, PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    attached = {p["PolicyName"] for p in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]}
    assert attached == {name, "AmazonS3ReadOnlyAccess"}
    client("iam", creds).list_users()  # allowed by the managed policy's default version v2

    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_policy(PolicyArn=arn)
    iam.detach_user_policy(UserName=user, PolicyArn=arn)
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    iam.delete_policy(PolicyArn=arn)
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=arn)


def test_aws_managed_policies_are_listed(iam):
    names = {p["PolicyName"] for p in iam.list_policies(Scope="AWS")["Policies"]}
    assert {"AdministratorAccess", "ReadOnlyAccess", "AmazonSageMakerFullAccess"} <= names
    policy = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")["Policy"]
    assert policy["DefaultVersionId"] == "v1"


def test_role_lifecycle(iam, account):
    name = unique("role")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account['AccountId']}:root"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=7200,
                           Tags=[{"Key": "team", "Value": "ml"}])["Role"]
    assert role["Arn"] == f"arn:aws:iam::{account['AccountId']}:role/{name}"
    fetched = iam.get_role(RoleName=name)["Role"]
    assert fetched["AssumeRolePolicyDocument"] == trust
    assert fetched["MaxSessionDuration"] == 7200
    assert iam.list_role_tags(RoleName=name)["Tags"] == [{"Key": "team", "Value": "ml"}]

    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=allow("s3:*"))
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_role(RoleName=name)
    iam.delete_role_policy(RoleName=name, PolicyName="p")
    iam.delete_role(RoleName=name)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as excinfo:
        iam.get_role(RoleName=name)
    assert error_of(excinfo)["Message"] == f"The role with name {name} cannot be found."


def test_malformed_trust_policy_is_rejected(iam):
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as excinfo:
        iam.create_role(RoleName=unique("role"), AssumeRolePolicyDocument=allow("sts:AssumeRole"))
    assert "Principal" in error_of(excinfo)["Message"]


def test_simulate_custom_policy(iam):
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]})
    results = iam.simulate_custom_policy(PolicyInputList=[policy],
                                         ActionNames=["s3:GetObject", "s3:DeleteBucket", "sagemaker:CreateModel"])["EvaluationResults"]
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in results}
    assert decisions == {"s3:GetObject": "allowed", "s3:DeleteBucket": "explicitDeny", "sagemaker:CreateModel": "implicitDeny"}
    assert results[0]["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"


def test_simulate_custom_policy_with_context(iam):
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                                                                 "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}]})
    def decide(region):
        return iam.simulate_custom_policy(
            PolicyInputList=[policy], ActionNames=["s3:GetObject"],
            ContextEntries=[{"ContextKeyName": "aws:RequestedRegion", "ContextKeyValues": [region], "ContextKeyType": "string"}],
        )["EvaluationResults"][0]["EvalDecision"]
    assert decide("eu-west-1") == "allowed"
    assert decide("us-east-1") == "implicitDeny"


def test_simulate_principal_policy(iam, account):
    name = unique("sim")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=allow("sagemaker:Describe*"))
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    results = iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{account['AccountId']}:user/{name}",
        ActionNames=["sagemaker:DescribeModel", "s3:GetObject", "s3:PutObject"])["EvaluationResults"]
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in results}
    assert decisions == {"sagemaker:DescribeModel": "allowed", "s3:GetObject": "allowed", "s3:PutObject": "implicitDeny"}
    sources = {s["SourcePolicyType"] for r in results for s in r["MatchedStatements"]}
    assert sources == {"user", "aws-managed"}


def test_aws_cli_reads_iam(iam, account, aws_cli):
    name = unique("cli")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=allow("s3:GetObject"))
    result = aws_cli(["iam", "get-user-policy", "--user-name", name, "--policy-name", "p"], account)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["PolicyDocument"] == json.loads(allow("s3:GetObject"))
    result = aws_cli(["iam", "get-user", "--user-name", "nobody-here"], account)
    assert result.returncode != 0 and "NoSuchEntity" in result.stderr


def test_account_authorization_details(iam):
    name = unique("audit")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=allow("s3:GetObject"))
    details = iam.get_account_authorization_details(Filter=["User"])
    user = next(u for u in details["UserDetailList"] if u["UserName"] == name)
    assert user["UserPolicyList"] == [{"PolicyName": "p", "PolicyDocument": json.loads(allow("s3:GetObject"))}]
    assert details["RoleDetailList"] == []
