"""SageMaker hosting's control plane through boto3: models, endpoint configurations, and endpoints not built yet."""
import datetime

import botocore.exceptions
import pytest
from aws_helpers import error_of, unique

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:1.8.1-cpu-py36-ubuntu18.04"


@pytest.fixture
def account(create_account):
    return create_account()


@pytest.fixture
def sagemaker(client, account):
    return client("sagemaker", account)


def role(account):
    return f"arn:aws:iam::{account['AccountId']}:role/sagemaker-execution"


def model_arn(account, name):
    return f"arn:aws:sagemaker:us-east-1:{account['AccountId']}:model/{name.lower()}"


def container(hostname=None):
    c = {"Image": IMAGE, "ModelDataUrl": "s3://models/mnist/model.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}
    if hostname:
        c["ContainerHostname"] = hostname
    return c


def test_create_describe_list_and_delete_a_direct_mode_model(sagemaker, account):
    name = unique("Mnist")
    arn = sagemaker.create_model(ModelName=name, ExecutionRoleArn=role(account),
                                 Containers=[container("pytorch-mnist"), container("tensorflow-mnist")],
                                 InferenceExecutionConfig={"Mode": "Direct"})["ModelArn"]
    assert arn == model_arn(account, name)

    described = sagemaker.describe_model(ModelName=name)
    assert described["ModelName"] == name and described["ModelArn"] == arn
    assert [c["ContainerHostname"] for c in described["Containers"]] == ["pytorch-mnist", "tensorflow-mnist"]
    assert described["Containers"][0]["Environment"] == {"SAGEMAKER_PROGRAM": "inference.py"}
    assert described["InferenceExecutionConfig"] == {"Mode": "Direct"}
    assert described["EnableNetworkIsolation"] is False
    assert isinstance(described["CreationTime"], datetime.datetime)

    listed = sagemaker.list_models(NameContains=name.lower())["Models"]
    assert [m["ModelName"] for m in listed] == [name]

    sagemaker.delete_model(ModelName=name)
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        sagemaker.describe_model(ModelName=name)
    assert error_of(missing) == {"Code": "ValidationException", "Message": f'Could not find model "{arn}".'}


def test_duplicate_model_and_bad_hostnames_are_validation_errors(sagemaker, account):
    name = unique("dup")
    sagemaker.create_model(ModelName=name, ExecutionRoleArn=role(account), PrimaryContainer=container())
    with pytest.raises(botocore.exceptions.ClientError) as duplicate:
        sagemaker.create_model(ModelName=name, ExecutionRoleArn=role(account), PrimaryContainer=container())
    assert error_of(duplicate)["Message"] == f'Cannot create already existing model "{model_arn(account, name)}".'

    with pytest.raises(botocore.exceptions.ClientError) as unnamed:
        sagemaker.create_model(ModelName=unique("direct"), ExecutionRoleArn=role(account),
                               Containers=[container("a"), container()], InferenceExecutionConfig={"Mode": "Direct"})
    assert error_of(unnamed)["Code"] == "ValidationException"

    with pytest.raises(botocore.exceptions.ClientError) as too_many:
        sagemaker.create_model(ModelName=unique("many"), ExecutionRoleArn=role(account),
                               Containers=[container(f"c{i}") for i in range(16)], InferenceExecutionConfig={"Mode": "Direct"})
    assert error_of(too_many)["Code"] == "ValidationException"


def test_list_models_pages_with_next_token(sagemaker, account):
    prefix = unique("page")
    names = [f"{prefix}-{i}" for i in range(5)]
    for name in names:
        sagemaker.create_model(ModelName=name, ExecutionRoleArn=role(account), PrimaryContainer=container())
    seen = []
    kwargs = {"NameContains": prefix, "SortBy": "Name", "SortOrder": "Ascending", "MaxResults": 2}
    while True:
        page = sagemaker.list_models(**kwargs)
        seen += [m["ModelName"] for m in page["Models"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert seen == names


def test_endpoint_config_lifecycle(sagemaker, account):
    model = unique("model")
    sagemaker.create_model(ModelName=model, ExecutionRoleArn=role(account), PrimaryContainer=container())
    name = unique("Config")
    arn = sagemaker.create_endpoint_config(
        EndpointConfigName=name,
        ProductionVariants=[
            {"VariantName": "Blue", "ModelName": model, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"},
            {"VariantName": "Green", "ModelName": model, "InitialInstanceCount": 2, "InstanceType": "ml.m5.large", "InitialVariantWeight": 0.5},
        ],
        DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 20, "DestinationS3Uri": "s3://capture/mnist",
                           "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]},
    )["EndpointConfigArn"]
    assert arn == f"arn:aws:sagemaker:us-east-1:{account['AccountId']}:endpoint-config/{name.lower()}"

    described = sagemaker.describe_endpoint_config(EndpointConfigName=name)
    assert [(v["VariantName"], v["InitialVariantWeight"]) for v in described["ProductionVariants"]] == [("Blue", 1.0), ("Green", 0.5)]
    assert described["DataCaptureConfig"]["InitialSamplingPercentage"] == 20
    assert [c["EndpointConfigName"] for c in sagemaker.list_endpoint_configs(NameContains=name.lower())["EndpointConfigs"]] == [name]

    sagemaker.delete_endpoint_config(EndpointConfigName=name)
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        sagemaker.describe_endpoint_config(EndpointConfigName=name)
    assert error_of(missing)["Message"] == f'Could not find endpoint configuration "{arn}".'


def test_endpoint_config_with_a_missing_model_is_refused(sagemaker, account):
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        sagemaker.create_endpoint_config(EndpointConfigName=unique("cfg"), ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": "no-such-model", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    assert error_of(missing) == {"Code": "ValidationException", "Message": f'Could not find model "{model_arn(account, "no-such-model")}".'}


def test_create_endpoint_answers_not_implemented(sagemaker):
    with pytest.raises(botocore.exceptions.ClientError) as unbuilt:
        sagemaker.create_endpoint(EndpointName=unique("endpoint"), EndpointConfigName="any")
    assert error_of(unbuilt)["Code"] == "NotImplemented"
    assert unbuilt.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
