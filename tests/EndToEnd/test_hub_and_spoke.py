"""The hub-and-spoke model registry patterns of the AWS ML blog, with boto3 and three accounts (two spokes, one hub).

Push: a spoke assumes a hub role, copies model.tar.gz into the hub bucket and registers a version in the hub group.
Pull: a spoke rule forwards "Model Package State Change" events with ModelApprovalStatus Approved to the hub's bus; a
hub rule replicates the package (and its artifact) into the hub group. An approval also triggers a Jenkins-style
`buildWithParameters` call with basic auth through an API destination.
"""
import base64
import http.server
import json
import os
import threading
import urllib.parse

import botocore.exceptions
import pytest

from events_helpers import wait_for, wait_for_dead_letter
from aws_helpers import unique

REGION = "us-east-1"
APPROVED_PATTERN = {
    "source": ["aws.sagemaker"],
    "detail-type": ["SageMaker Model Package State Change"],
    "detail": {"ModelApprovalStatus": ["Approved"]},
}


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, resources, **extra):
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def inference(model_data_url):
    return {"Containers": [{"Image": "registry.local/churn:1", "ModelDataUrl": model_data_url}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}


def group_arn(account, name):
    return f"arn:aws:sagemaker:{REGION}:{account['AccountId']}:model-package-group/{name.lower()}"


def create_role(iam, name, trust, permissions):
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="permissions", PolicyDocument=permissions)
    return arn


def assume(sts, role_arn):
    credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="spoke-ci")["Credentials"]
    return {"AccessKeyId": credentials["AccessKeyId"], "SecretAccessKey": credentials["SecretAccessKey"],
            "SessionToken": credentials["SessionToken"]}


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


@pytest.fixture
def accounts(create_account, client):
    """Three accounts, each with the clients the patterns use."""
    def make():
        account = create_account()
        account["clients"] = {s: client(s, account) for s in ("iam", "s3", "sagemaker", "events", "sts")}
        return account
    return make


def test_push_pattern_spoke_registers_in_hub_through_a_hub_role(accounts, client):
    hub, spoke = accounts(), accounts()
    bucket, group = unique("hub-models"), unique("central")
    hub["clients"]["s3"].create_bucket(Bucket=bucket)
    hub["clients"]["sagemaker"].create_model_package_group(ModelPackageGroupName=group)
    role_arn = create_role(
        hub["clients"]["iam"], unique("spoke-registrar"),
        policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{spoke['AccountId']}:root"}, "Action": "sts:AssumeRole"}),
        policy(allow("sagemaker:CreateModelPackage", group_arn(hub, group)),
               allow("s3:PutObject", f"arn:aws:s3:::{bucket}/*")))

    as_hub_role = assume(spoke["clients"]["sts"], role_arn)
    model = os.urandom(4096)
    client("s3", as_hub_role).put_object(Bucket=bucket, Key="churn/model.tar.gz", Body=model)
    url = f"s3://{bucket}/churn/model.tar.gz"
    arn = client("sagemaker", as_hub_role).create_model_package(
        ModelPackageGroupName=group_arn(hub, group), InferenceSpecification=inference(url),
        ModelApprovalStatus="PendingManualApproval")["ModelPackageArn"]

    assert arn == f"arn:aws:sagemaker:{REGION}:{hub['AccountId']}:model-package/{group.lower()}/1"
    described = hub["clients"]["sagemaker"].describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
    assert described["InferenceSpecification"]["Containers"][0]["ModelDataUrl"] == url
    assert hub["clients"]["s3"].get_object(Bucket=bucket, Key="churn/model.tar.gz")["Body"].read() == model

    # Without the hub role the spoke cannot write to the hub, and the role itself cannot approve.
    with pytest.raises(botocore.exceptions.ClientError) as direct:
        spoke["clients"]["sagemaker"].create_model_package(
            ModelPackageGroupName=group_arn(hub, group), InferenceSpecification=inference(url))
    assert error_code(direct) == "AccessDeniedException"
    with pytest.raises(botocore.exceptions.ClientError) as approve:
        client("sagemaker", as_hub_role).update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    assert error_code(approve) == "AccessDeniedException"
    assert len(hub["clients"]["sagemaker"].list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]) == 1


def setup_spoke(spoke, hub_replicator_role):
    """A spoke group and bucket that the hub's replicator role may read."""
    bucket, group = unique("spoke-models"), unique("churn")
    spoke["clients"]["s3"].create_bucket(Bucket=bucket)
    spoke["clients"]["s3"].put_bucket_policy(Bucket=bucket, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": hub_replicator_role}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}))
    spoke["clients"]["sagemaker"].create_model_package_group(ModelPackageGroupName=group)
    spoke["clients"]["sagemaker"].put_model_package_group_policy(ModelPackageGroupName=group, ResourcePolicy=policy(
        {"Effect": "Allow", "Principal": {"AWS": hub_replicator_role}, "Action": "sagemaker:DescribeModelPackage",
         "Resource": f"arn:aws:sagemaker:{REGION}:{spoke['AccountId']}:model-package/{group.lower()}/*"}))
    model = os.urandom(10_000)
    spoke["clients"]["s3"].put_object(Bucket=bucket, Key="model.tar.gz", Body=model)
    return bucket, group, model


def forward_approvals(spoke, hub_bus_arn, group):
    spoke_events = spoke["clients"]["events"]
    pattern = {**APPROVED_PATTERN, "detail": {**APPROVED_PATTERN["detail"], "ModelPackageGroupName": [group]}}
    spoke_events.put_rule(Name="to-hub", EventPattern=json.dumps(pattern))
    result = spoke_events.put_targets(Rule="to-hub", Targets=[{"Id": "hub-bus", "Arn": hub_bus_arn}])
    assert result["FailedEntryCount"] == 0, result


def test_pull_pattern_spoke_approval_is_replicated_into_the_hub(server, accounts):
    hub, spoke, outsider = accounts(), accounts(), accounts()
    hub_sm, hub_events = hub["clients"]["sagemaker"], hub["clients"]["events"]
    hub_bucket, hub_group, bus = unique("hub-models"), unique("central"), unique("registry")
    hub["clients"]["s3"].create_bucket(Bucket=hub_bucket)
    hub_sm.create_model_package_group(ModelPackageGroupName=hub_group)
    replicator = create_role(
        hub["clients"]["iam"], unique("replicator"),
        policy({"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": hub["AccountId"]}}}),
        policy(allow("sagemaker:DescribeModelPackage", "*"), allow("s3:GetObject", "*"),
               allow("s3:PutObject", f"arn:aws:s3:::{hub_bucket}/*"),
               allow("sagemaker:CreateModelPackage", group_arn(hub, hub_group))))

    bus_arn = hub_events.create_event_bus(Name=bus)["EventBusArn"]
    hub_events.put_permission(EventBusName=bus, Action="events:PutEvents", Principal=spoke["AccountId"], StatementId="spoke")
    hub_events.put_rule(Name="replicate", EventBusName=bus, EventPattern=json.dumps(APPROVED_PATTERN))
    result = hub_events.put_targets(Rule="replicate", EventBusName=bus, Targets=[{
        "Id": "hub-group", "Arn": group_arn(hub, hub_group), "RoleArn": replicator,
        "SageMakerPipelineParameters": {"PipelineParameterList": [{"Name": "ArtifactS3Uri", "Value": f"s3://{hub_bucket}/replicated/"}]}}])
    assert result["FailedEntryCount"] == 0, result

    spoke_bucket, spoke_group, model = setup_spoke(spoke, replicator)
    forward_approvals(spoke, bus_arn, spoke_group)
    spoke_sm = spoke["clients"]["sagemaker"]
    source = spoke_sm.create_model_package(ModelPackageGroupName=spoke_group, ModelApprovalStatus="PendingManualApproval",
                                           InferenceSpecification=inference(f"s3://{spoke_bucket}/model.tar.gz"),
                                           ModelPackageDescription="churn v1")["ModelPackageArn"]
    # The outsider's bus is not allowed to put events on the hub bus: its forwarded approval is dead-lettered.
    outsider_bucket, outsider_group, _ = setup_spoke(outsider, replicator)
    forward_approvals(outsider, bus_arn, outsider_group)
    outsider_source = outsider["clients"]["sagemaker"].create_model_package(
        ModelPackageGroupName=outsider_group, ModelApprovalStatus="Approved",
        InferenceSpecification=inference(f"s3://{outsider_bucket}/model.tar.gz"))["ModelPackageArn"]

    def hub_versions():
        return hub_sm.list_model_packages(ModelPackageGroupName=hub_group)["ModelPackageSummaryList"]

    spoke_sm.update_model_package(ModelPackageArn=source, ModelApprovalStatus="Approved")
    replicated = wait_for(hub_versions, 30, "replicated package in the hub group")
    assert len(replicated) == 1
    copy = hub_sm.describe_model_package(ModelPackageName=replicated[0]["ModelPackageArn"])
    assert copy["CustomerMetadataProperties"]["sagewright:SourceModelPackageArn"] == source
    assert copy["ModelApprovalStatus"] == "Approved" and copy["ModelPackageDescription"] == "churn v1"
    copied_url = copy["InferenceSpecification"]["Containers"][0]["ModelDataUrl"]
    assert copied_url.startswith(f"s3://{hub_bucket}/replicated/")
    key = urllib.parse.urlparse(copied_url).path.lstrip("/")
    assert hub["clients"]["s3"].get_object(Bucket=hub_bucket, Key=key)["Body"].read() == model

    letter = wait_for_dead_letter(server, outsider["AccountId"])
    assert letter["TargetArn"] == bus_arn and "not authorized" in letter["Reason"], letter
    assert letter["Event"]["detail"]["ModelPackageArn"] == outsider_source
    assert len(hub_versions()) == 1


class JenkinsStandIn(http.server.ThreadingHTTPServer):
    """Records the requests a Jenkins `buildWithParameters` endpoint receives and answers 201 like Jenkins."""

    def __init__(self):
        self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(handler):
                body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
                self.requests.append({"path": handler.path, "headers": dict(handler.headers), "body": body})
                handler.send_response(201)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def jenkins():
    stand_in = JenkinsStandIn()
    thread = threading.Thread(target=stand_in.serve_forever, daemon=True)
    thread.start()
    yield stand_in
    stand_in.shutdown()
    stand_in.server_close()


def test_approval_triggers_a_jenkins_build_with_basic_auth(accounts, jenkins):
    spoke = accounts()
    sm, events = spoke["clients"]["sagemaker"], spoke["clients"]["events"]
    group = unique("churn")
    sm.create_model_package_group(ModelPackageGroupName=group)
    connection = events.create_connection(
        Name=unique("jenkins"), AuthorizationType="BASIC",
        AuthParameters={"BasicAuthParameters": {"Username": "deployer", "Password": "jenkins-api-token"}})["ConnectionArn"]
    destination = events.create_api_destination(
        Name=unique("deploy-model"), ConnectionArn=connection, HttpMethod="POST",
        InvocationEndpoint=f"http://127.0.0.1:{jenkins.server_port}/job/deploy-model/buildWithParameters")["ApiDestinationArn"]
    events.put_rule(Name="deploy-on-approval", EventPattern=json.dumps(
        {**APPROVED_PATTERN, "detail": {**APPROVED_PATTERN["detail"], "ModelPackageGroupName": [group]}}))
    result = events.put_targets(Rule="deploy-on-approval", Targets=[{
        "Id": "jenkins", "Arn": destination,
        "HttpParameters": {"QueryStringParameters": {"MODEL_PACKAGE_ARN": "$.detail.ModelPackageArn", "STAGE": "staging"}},
        "InputTransformer": {"InputPathsMap": {"arn": "$.detail.ModelPackageArn", "status": "$.detail.ModelApprovalStatus"},
                             "InputTemplate": '{"package": <arn>, "approval": <status>}'}}])
    assert result["FailedEntryCount"] == 0, result

    arn = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=inference("s3://models/m.tar.gz"))["ModelPackageArn"]
    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")

    request = wait_for(lambda: jenkins.requests[:1], 30, "Jenkins build request")[0]
    url = urllib.parse.urlparse(request["path"])
    assert url.path == "/job/deploy-model/buildWithParameters"
    assert urllib.parse.parse_qs(url.query) == {"MODEL_PACKAGE_ARN": [arn], "STAGE": ["staging"]}
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"deployer:jenkins-api-token").decode()
    assert json.loads(request["body"]) == {"package": arn, "approval": "Approved"}
    # Registering the pending version fired nothing: only the approval matched.
    assert len(jenkins.requests) == 1
