"""EventBridge connections and API destinations through real clients (the delivery side is tested in .NET)."""
import uuid

import botocore.exceptions
import pytest


@pytest.fixture
def events(create_account, client):
    return client("events", create_account())


def test_connection_and_api_destination_lifecycle(events):
    name = f"jenkins-{uuid.uuid4().hex[:8]}"
    created = events.create_connection(
        Name=name, AuthorizationType="BASIC",
        AuthParameters={"BasicAuthParameters": {"Username": "builder", "Password": "api-token"},
                        "InvocationHttpParameters": {"QueryStringParameters": [{"Key": "token", "Value": "t", "IsValueSecret": True}]}})
    assert created["ConnectionState"] == "AUTHORIZED"
    assert created["ConnectionArn"].startswith(f"arn:aws:events:us-east-1:") and f":connection/{name}/" in created["ConnectionArn"]

    described = events.describe_connection(Name=name)
    assert described["AuthParameters"]["BasicAuthParameters"] == {"Username": "builder"}
    assert "Value" not in described["AuthParameters"]["InvocationHttpParameters"]["QueryStringParameters"][0]

    destination = events.create_api_destination(
        Name=name, ConnectionArn=created["ConnectionArn"], HttpMethod="GET",
        InvocationEndpoint="http://jenkins.internal:8080/job/*/buildWithParameters", InvocationRateLimitPerSecond=2)
    assert destination["ApiDestinationState"] == "ACTIVE"
    listed = events.list_api_destinations(ConnectionArn=created["ConnectionArn"])["ApiDestinations"]
    assert [d["Name"] for d in listed] == [name]

    events.delete_api_destination(Name=name)
    assert events.delete_connection(Name=name)["ConnectionState"] == "DELETING"
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        events.describe_connection(Name=name)
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert missing.value.response["Error"]["Message"] == f"Failed to describe the connection(s). Connection '{name}' does not exist."


def test_create_connection_twice_is_resource_already_exists(events):
    args = dict(Name="twice", AuthorizationType="API_KEY",
                AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k"}})
    events.create_connection(**args)
    with pytest.raises(botocore.exceptions.ClientError) as again:
        events.create_connection(**args)
    assert again.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
