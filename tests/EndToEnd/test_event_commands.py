"""Command targets: an approval runs an AWS-Lambda-style Python handler (tools/lambda-runner.py) with the target role.

The module starts its own server with two `--event-command` functions whose handlers it writes itself: `deploy`, a
handler as it would be written for AWS Lambda (plain `boto3.client(...)`, no endpoint or credentials in code), and
`notify`, which records its attempt and raises. When the server runs as root, commands run as `nobody`, so the
handlers (and the runner) live in a world-readable directory.
"""
import json
import os
import pathlib
import pwd
import shutil
import stat
import subprocess
import tempfile
import textwrap
import uuid

import pytest

from conftest import ROOT, SAGEWRIGHT, fresh_postgres, make_client, start_server, stop_server
from events_helpers import dead_letters, wait_for

REGION = "us-east-1"
RUNNER = ROOT / "tools" / "lambda-runner.py"

DEPLOY_HANDLER = '''
import json
import os

import boto3

BUCKET = "__BUCKET__"
sagemaker = boto3.client("sagemaker")
s3 = boto3.client("s3")
sts = boto3.client("sts")


def lambda_handler(event, context):
    package = sagemaker.describe_model_package(ModelPackageName=event["detail"]["ModelPackageArn"])
    record = {
        "ModelPackageArn": package["ModelPackageArn"],
        "ModelApprovalStatus": package["ModelApprovalStatus"],
        "ModelDataUrl": package["InferenceSpecification"]["Containers"][0]["ModelDataUrl"],
        "FunctionName": context.function_name,
        "InvokedFunctionArn": context.invoked_function_arn,
        "RequestId": context.aws_request_id,
        "RemainingMillis": context.get_remaining_time_in_millis(),
        "CallerArn": sts.get_caller_identity()["Arn"],
        "EventId": event["id"],
        "Uid": os.getuid(),
    }
    key = "deployments/{}/{}.json".format(package["ModelPackageGroupName"], package["ModelPackageVersion"])
    s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(record))
    return {"deployed": key}
'''

NOTIFY_HANDLER = '''
import boto3

BUCKET = "__BUCKET__"


def lambda_handler(event, context):
    boto3.client("s3").put_object(Bucket=BUCKET,
                                  Key="failures/{}/{}".format(event["label"], context.aws_request_id), Body=b"")
    raise RuntimeError("notification service unreachable")
'''


def readable_by_anyone(path):
    """Whether any user can read path: it is world-readable and every directory above it world-searchable."""
    path = pathlib.Path(path).resolve()
    if not path.stat().st_mode & stat.S_IROTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.parents)


def write_handler(directory, name, source, bucket):
    # Commands get no environment variables of their own (unlike Lambda functions), so the bucket is templated in.
    path = directory / f"{name}.py"
    path.write_text(source.replace("__BUCKET__", bucket))
    path.chmod(0o644)
    return path


@pytest.fixture(scope="module")
def functions(worker_id):
    """A server running `deploy` and `notify` as event commands, with the bucket their handlers write to."""
    code_dir = pathlib.Path(tempfile.mkdtemp(prefix="sagewright-e2e-functions-"))
    code_dir.chmod(0o755)  # mkdtemp makes 0700 directories; commands may run as nobody
    runner = RUNNER
    if not readable_by_anyone(RUNNER):
        runner = code_dir / RUNNER.name
        shutil.copyfile(RUNNER, runner)
        runner.chmod(0o644)
    bucket = f"deployments-{uuid.uuid4().hex[:8]}"
    handlers = {name: write_handler(code_dir, name, source, bucket)
                for name, source in (("deploy", DEPLOY_HANDLER), ("notify", NOTIFY_HANDLER))}
    extra_args = []
    for name, handler in handlers.items():
        extra_args += ["--event-command", f"{name}=python3 {runner} {handler} lambda_handler"]

    data_dir = tempfile.mkdtemp(prefix=f"sagewright-e2e-commands-{worker_id}-")
    srv = start_server(data_dir, fresh_postgres(f"{worker_id}_commands"), extra_args)
    srv.bucket = bucket
    yield srv
    stop_server(srv)
    shutil.rmtree(code_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def account(functions):
    result = subprocess.run([SAGEWRIGHT, "admin", "create-account", f"ml-{uuid.uuid4().hex[:8]}", *functions.admin_args()],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    account = json.loads(result.stdout)
    account["clients"] = {s: make_client(functions, s, account) for s in ("iam", "s3", "sagemaker", "events")}
    return account


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def function_arn(account, name):
    return f"arn:aws:lambda:{REGION}:{account['AccountId']}:function:{name}"


def approved_in(group):
    return json.dumps({"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"],
                       "detail": {"ModelApprovalStatus": ["Approved"], "ModelPackageGroupName": [group]}})


def create_target_role(account, bucket, group):
    role = f"deployer-{uuid.uuid4().hex[:8]}"
    iam = account["clients"]["iam"]
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=policy(
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"aws:SourceAccount": account["AccountId"]}}}))["Role"]["Arn"]
    iam.put_role_policy(RoleName=role, PolicyName="deploy", PolicyDocument=policy(
        {"Effect": "Allow", "Action": "sagemaker:DescribeModelPackage",
         "Resource": f"arn:aws:sagemaker:{REGION}:{account['AccountId']}:model-package/{group.lower()}/*"},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/*"}))
    return role, arn


def keys(s3, bucket, prefix):
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]


def test_an_unconfigured_function_is_rejected_by_put_targets(account):
    events = account["clients"]["events"]
    events.put_rule(Name="to-nowhere", EventPattern=approved_in("any"))
    missing = function_arn(account, "not-configured")
    result = events.put_targets(Rule="to-nowhere", Targets=[
        {"Id": "missing", "Arn": missing}, {"Id": "deploy", "Arn": function_arn(account, "deploy")}])
    assert result["FailedEntryCount"] == 1
    assert result["FailedEntries"] == [{"TargetId": "missing", "ErrorCode": "ResourceNotFoundException",
                                        "ErrorMessage": f"Function not found: {missing}"}]
    assert [t["Id"] for t in events.list_targets_by_rule(Rule="to-nowhere")["Targets"]] == ["deploy"]
    events.remove_targets(Rule="to-nowhere", Ids=["deploy"])


def test_approval_runs_the_lambda_handler_with_the_target_role(functions, account):
    sm, s3, events = (account["clients"][s] for s in ("sagemaker", "s3", "events"))
    bucket, group = functions.bucket, f"churn-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    sm.create_model_package_group(ModelPackageGroupName=group)
    role, role_arn = create_target_role(account, bucket, group)

    events.put_rule(Name="deploy-on-approval", EventPattern=approved_in(group))
    deploy_arn = function_arn(account, "deploy")
    result = events.put_targets(Rule="deploy-on-approval", Targets=[{"Id": "deploy", "Arn": deploy_arn, "RoleArn": role_arn}])
    assert result["FailedEntryCount"] == 0, result
    # Lambda retries a failed asynchronous invocation twice; a RetryPolicy replaces that with the dispatcher's.
    notify_rule = events.put_rule(Name="notify-on-approval", EventPattern=approved_in(group))["RuleArn"]
    result = events.put_targets(Rule="notify-on-approval", Targets=[
        {"Id": "lambda-retries", "Arn": function_arn(account, "notify"), "RoleArn": role_arn, "Input": '{"label": "lambda-retries"}'},
        {"Id": "no-retries", "Arn": function_arn(account, "notify"), "RoleArn": role_arn, "Input": '{"label": "no-retries"}',
         "RetryPolicy": {"MaximumRetryAttempts": 0}}])
    assert result["FailedEntryCount"] == 0, result

    model_url = f"s3://{bucket}/models/churn.tar.gz"
    package = sm.create_model_package(
        ModelPackageGroupName=group, ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={"Containers": [{"Image": "registry.local/churn:1", "ModelDataUrl": model_url}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})["ModelPackageArn"]
    sm.update_model_package(ModelPackageArn=package, ModelApprovalStatus="Approved")

    key = f"deployments/{group.lower()}/1.json"
    wait_for(lambda: keys(s3, bucket, key), 30, f"deployment record {key}")
    record = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    assert record["ModelPackageArn"] == package
    assert record["ModelApprovalStatus"] == "Approved"
    assert record["ModelDataUrl"] == model_url
    assert record["FunctionName"] == "deploy" and record["InvokedFunctionArn"] == deploy_arn
    assert record["RequestId"] and 0 < record["RemainingMillis"] <= 60_000
    # The handler called STS with the target role's session, not with the server's or the account root's credentials.
    assert record["CallerArn"].startswith(f"arn:aws:sts::{account['AccountId']}:assumed-role/{role}/"), record["CallerArn"]
    assert record["Uid"] == (pwd.getpwnam("nobody").pw_uid if os.geteuid() == 0 else os.geteuid())
    # Only the approval matched: registering the pending version ran nothing.
    assert keys(s3, bucket, "deployments/") == [key]

    def notify_letters():
        letters = {d["TargetId"]: d for d in dead_letters(functions, account["AccountId"]) if d["RuleArn"] == notify_rule}
        return letters if len(letters) == 2 else None

    letters = wait_for(notify_letters, 30, "dead letters of both notify targets")
    for letter in letters.values():
        assert letter["TargetArn"] == function_arn(account, "notify")
        assert letter["Event"]["id"] == record["EventId"]
        assert letter["Event"]["detail"]["ModelPackageArn"] == package
    assert letters["lambda-retries"]["Attempts"] == 3
    assert "Function notify exited with code 1." in letters["lambda-retries"]["Reason"]
    assert "Gave up after 3 attempts" in letters["lambda-retries"]["Reason"]
    assert letters["no-retries"]["Attempts"] == 1
    assert "retries exhausted after 1 attempts (MaximumRetryAttempts 0)" in letters["no-retries"]["Reason"]
    # Each attempt really ran the handler (as the role, with the target's Input on stdin) before it raised.
    assert len(keys(s3, bucket, "failures/lambda-retries/")) == 3
    assert len(keys(s3, bucket, "failures/no-retries/")) == 1
