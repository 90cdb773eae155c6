"""SageMaker model registry through boto3: groups, versioned packages, approval, paging and cross-account group policies."""
import datetime
import json

import botocore.exceptions
import pytest
from aws_helpers import error_of, unique

CONTAINER = {"Image": "registry.local/churn:1", "ModelDataUrl": "s3://models/churn/model.tar.gz"}
INFERENCE = {"Containers": [CONTAINER], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}


@pytest.fixture
def account(create_account):
    return create_account()


@pytest.fixture
def sagemaker(client, account):
    return client("sagemaker", account)


def group_arn(account, name):
    return f"arn:aws:sagemaker:us-east-1:{account['AccountId']}:model-package-group/{name.lower()}"


def test_register_approve_and_describe_versions(sagemaker, account):
    group = unique("Churn")
    arn = sagemaker.create_model_package_group(ModelPackageGroupName=group, ModelPackageGroupDescription="churn")["ModelPackageGroupArn"]
    assert arn == group_arn(account, group)
    described_group = sagemaker.describe_model_package_group(ModelPackageGroupName=group)
    assert described_group["ModelPackageGroupStatus"] == "Completed"
    assert isinstance(described_group["CreationTime"], datetime.datetime)

    first = sagemaker.create_model_package(ModelPackageGroupName=group, InferenceSpecification=INFERENCE,
                                           CustomerMetadataProperties={"team": "risk"})["ModelPackageArn"]
    second = sagemaker.create_model_package(ModelPackageGroupName=group, InferenceSpecification=INFERENCE,
                                            ModelApprovalStatus="Approved")["ModelPackageArn"]
    assert first.endswith(f":model-package/{group.lower()}/1") and second.endswith(f":model-package/{group.lower()}/2")

    sagemaker.update_model_package(ModelPackageArn=first, ModelApprovalStatus="Rejected", ApprovalDescription="drifted")
    described = sagemaker.describe_model_package(ModelPackageName=first)
    assert described["ModelPackageVersion"] == 1 and described["ModelPackageGroupName"] == group
    assert "ModelPackageName" not in described
    assert described["ModelApprovalStatus"] == "Rejected" and described["ApprovalDescription"] == "drifted"
    assert described["InferenceSpecification"]["Containers"][0]["Image"] == CONTAINER["Image"]
    assert described["CustomerMetadataProperties"] == {"team": "risk"}

    approved = sagemaker.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved")["ModelPackageSummaryList"]
    assert [p["ModelPackageArn"] for p in approved] == [second]


def test_missing_group_and_duplicate_group_are_validation_errors(sagemaker, account):
    missing = unique("missing")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sagemaker.describe_model_package_group(ModelPackageGroupName=missing)
    assert error_of(excinfo) == {"Code": "ValidationException", "Message": f"ModelPackageGroup {group_arn(account, missing)} does not exist."}

    group = unique("dup")
    sagemaker.create_model_package_group(ModelPackageGroupName=group)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sagemaker.create_model_package_group(ModelPackageGroupName=group)
    assert error_of(excinfo)["Message"] == f"Model Package Group already exists: {group_arn(account, group)}"


def test_group_with_packages_cannot_be_deleted_until_they_are(sagemaker):
    group = unique("busy")
    sagemaker.create_model_package_group(ModelPackageGroupName=group)
    package = sagemaker.create_model_package(ModelPackageGroupName=group, InferenceSpecification=INFERENCE)["ModelPackageArn"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sagemaker.delete_model_package_group(ModelPackageGroupName=group)
    assert error_of(excinfo)["Code"] == "ConflictException"

    sagemaker.delete_model_package(ModelPackageName=package)
    sagemaker.delete_model_package_group(ModelPackageGroupName=group)
    with pytest.raises(botocore.exceptions.ClientError):
        sagemaker.describe_model_package_group(ModelPackageGroupName=group)


def test_paginators_walk_every_group_and_version(sagemaker):
    prefix = unique("pg")
    groups = [f"{prefix}-{i}" for i in range(5)]
    for name in groups:
        sagemaker.create_model_package_group(ModelPackageGroupName=name)
    listed = [g["ModelPackageGroupName"]
              for page in sagemaker.get_paginator("list_model_package_groups").paginate(NameContains=prefix, SortBy="Name", PaginationConfig={"PageSize": 2})
              for g in page["ModelPackageGroupSummaryList"]]
    assert listed == groups

    for _ in range(3):
        sagemaker.create_model_package(ModelPackageGroupName=groups[0], InferenceSpecification=INFERENCE)
    versions = [p["ModelPackageVersion"]
                for page in sagemaker.get_paginator("list_model_packages").paginate(ModelPackageGroupName=groups[0], SortOrder="Descending", PaginationConfig={"PageSize": 2})
                for p in page["ModelPackageSummaryList"]]
    assert versions == [3, 2, 1]


def test_hub_group_policy_lets_another_account_read_packages(create_account, client):
    hub, spoke = create_account(), create_account()
    hub_sm = client("sagemaker", hub)
    group = unique("shared")
    hub_sm.create_model_package_group(ModelPackageGroupName=group)
    package = hub_sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=INFERENCE)["ModelPackageArn"]
    spoke_sm = client("sagemaker", spoke)

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        spoke_sm.describe_model_package(ModelPackageName=package)
    assert error_of(excinfo)["Code"] == "AccessDeniedException"

    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{spoke['AccountId']}:root"},
        "Action": ["sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"],
        "Resource": [f"arn:aws:sagemaker:us-east-1:{hub['AccountId']}:model-package/{group.lower()}/*", group_arn(hub, group)]}]})
    hub_sm.put_model_package_group_policy(ModelPackageGroupName=group, ResourcePolicy=policy)
    assert json.loads(hub_sm.get_model_package_group_policy(ModelPackageGroupName=group)["ResourcePolicy"]) == json.loads(policy)

    assert spoke_sm.describe_model_package(ModelPackageName=package)["ModelPackageArn"] == package
    listed = spoke_sm.list_model_packages(ModelPackageGroupName=group_arn(hub, group))["ModelPackageSummaryList"]
    assert [p["ModelPackageArn"] for p in listed] == [package]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        spoke_sm.delete_model_package(ModelPackageName=package)
    assert error_of(excinfo)["Code"] == "AccessDeniedException"


def test_tags_on_groups_and_packages(sagemaker, account):
    group = unique("Tagged")
    arn = sagemaker.create_model_package_group(ModelPackageGroupName=group, Tags=[{"Key": "team", "Value": "risk"}])["ModelPackageGroupArn"]
    package = sagemaker.create_model_package(ModelPackageGroupName=group, InferenceSpecification=INFERENCE)["ModelPackageArn"]

    sagemaker.add_tags(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    sagemaker.add_tags(ResourceArn=package, Tags=[{"Key": "stage", "Value": "candidate"}])
    sagemaker.delete_tags(ResourceArn=arn, TagKeys=["team"])

    assert sagemaker.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert sagemaker.list_tags(ResourceArn=package)["Tags"] == [{"Key": "stage", "Value": "candidate"}]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sagemaker.add_tags(ResourceArn=arn, Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert error_of(excinfo)["Code"] == "ValidationException"


def test_created_by_names_the_caller(sagemaker, account):
    if "IamIdentity" not in sagemaker.meta.service_model.shape_for("UserContext").members:
        pytest.skip("this botocore's UserContext predates IamIdentity, so the client drops it")
    group = unique("Owned")
    sagemaker.create_model_package_group(ModelPackageGroupName=group)

    created_by = sagemaker.describe_model_package_group(ModelPackageGroupName=group)["CreatedBy"]

    assert created_by["IamIdentity"]["Arn"] == f"arn:aws:iam::{account['AccountId']}:root"


def test_batch_describe_model_package(sagemaker, account):
    if "BatchDescribeModelPackage" not in sagemaker.meta.service_model.operation_names:
        pytest.skip("this botocore predates BatchDescribeModelPackage")
    group = unique("Batch")
    sagemaker.create_model_package_group(ModelPackageGroupName=group)
    arn = sagemaker.create_model_package(ModelPackageGroupName=group, InferenceSpecification=INFERENCE)["ModelPackageArn"]
    missing = arn[:-1] + "9"

    output = sagemaker.batch_describe_model_package(ModelPackageArnList=[arn, missing])

    assert output["ModelPackageSummaries"][arn]["ModelPackageVersion"] == 1
    assert isinstance(output["ModelPackageSummaries"][arn]["CreationTime"], datetime.datetime)
    assert output["BatchDescribeModelPackageErrorMap"][missing]["ErrorCode"] == "ValidationException"
