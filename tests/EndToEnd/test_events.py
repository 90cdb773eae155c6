"""EventBridge through boto3: buses, rules, targets, PutEvents and durable delivery between accounts' buses.

There is no SQS here, so delivery is observed through the dead-letter table (`sagewright admin list-dead-letters`):
an event forwarded to another account's bus and matched there by a rule that would forward it again is dead-lettered
in the receiver's account (EventBridge never forwards an event on to a third bus), which proves it arrived and was routed.
"""
import json
import subprocess
import time

import botocore.exceptions
import pytest

from events_helpers import dead_letters, wait_for_dead_letter
from aws_helpers import error_of, unique


@pytest.fixture
def events(client, create_account):
    def make():
        account = create_account()
        return account, client("events", account)
    return make


def test_bus_and_rule_api_shapes_and_errors(events):
    account, eb = events()
    bus = unique("bus")
    arn = eb.create_event_bus(Name=bus)["EventBusArn"]
    assert arn == f"arn:aws:events:us-east-1:{account['AccountId']}:event-bus/{bus}"
    assert eb.describe_event_bus(Name=arn)["Name"] == bus
    assert {"default", bus} <= {b["Name"] for b in eb.list_event_buses()["EventBuses"]}

    rule_arn = eb.put_rule(Name="orders", EventBusName=bus, EventPattern=json.dumps({"source": ["shop"]}))["RuleArn"]
    assert rule_arn.endswith(f":rule/{bus}/orders")
    assert eb.describe_rule(Name="orders", EventBusName=bus)["State"] == "ENABLED"

    with pytest.raises(botocore.exceptions.ClientError) as invalid:
        eb.put_rule(Name="bad", EventPattern=json.dumps({"ip": [{"cidr": "10.0.0.0"}]}))
    assert error_of(invalid)["Code"] == "InvalidEventPatternException"
    assert error_of(invalid)["Message"] == "Event pattern is not valid. Reason: Malformed CIDR, one '/' required"

    failed = eb.put_targets(Rule="orders", EventBusName=bus, Targets=[{"Id": "q", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}])
    assert failed["FailedEntryCount"] == 1 and failed["FailedEntries"][0]["ErrorCode"] == "InvalidArgument"

    eb.put_targets(Rule="orders", EventBusName=bus, Targets=[{"Id": "b", "Arn": f"arn:aws:events:us-east-1:{account['AccountId']}:event-bus/default"}])
    with pytest.raises(botocore.exceptions.ClientError) as busy:
        eb.delete_rule(Name="orders", EventBusName=bus)
    assert error_of(busy)["Message"] == "Rule can't be deleted since it has targets."

    assert eb.test_event_pattern(EventPattern=json.dumps({"source": ["shop"]}), Event=json.dumps({
        "id": "1", "account": account["AccountId"], "source": "shop", "time": "2026-03-01T12:00:00Z",
        "region": "us-east-1", "resources": [], "detail-type": "Order", "detail": {}}))["Result"] is True

    answer = eb.put_events(Entries=[{"Source": "shop", "DetailType": "Order", "Detail": "{not json"}])
    assert answer["FailedEntryCount"] == 1 and answer["Entries"][0]["ErrorCode"] == "MalformedDetail"


def test_event_forwarded_to_a_permitting_account_arrives_there(server, events):
    sender, sender_eb = events()
    receiver, receiver_eb = events()
    inbound = unique("inbound")
    inbound_arn = receiver_eb.create_event_bus(Name=inbound)["EventBusArn"]
    receiver_eb.put_permission(EventBusName=inbound, Action="events:PutEvents", Principal=sender["AccountId"], StatementId="sender")
    assert sender["AccountId"] in receiver_eb.describe_event_bus(Name=inbound)["Policy"]
    receiver_eb.put_rule(Name="relay", EventBusName=inbound, EventPattern=json.dumps({"source": ["e2e.orders"]}))
    receiver_eb.put_targets(Rule="relay", EventBusName=inbound, Targets=[
        {"Id": "onward", "Arn": f"arn:aws:events:us-east-1:{receiver['AccountId']}:event-bus/default"}])

    sender_eb.put_rule(Name="to-partner", EventPattern=json.dumps({"source": ["e2e.orders"]}))
    sender_eb.put_targets(Rule="to-partner", Targets=[{"Id": "partner", "Arn": inbound_arn}])
    answer = sender_eb.put_events(Entries=[{"Source": "e2e.orders", "DetailType": "Order Placed", "Detail": json.dumps({"total": 42})}])
    assert answer["FailedEntryCount"] == 0
    event_id = answer["Entries"][0]["EventId"]

    letter = wait_for_dead_letter(server, receiver["AccountId"], event_id)
    assert letter["RuleArn"] == f"arn:aws:events:us-east-1:{receiver['AccountId']}:rule/{inbound}/relay"
    assert "does not forward it on to a third bus" in letter["Reason"]
    assert letter["Event"]["account"] == sender["AccountId"]
    assert letter["Event"]["detail"] == {"total": 42}
    assert dead_letters(server, sender["AccountId"]) == []


def test_event_forwarded_to_a_bus_that_does_not_permit_is_dead_lettered_as_denied(server, events):
    sender, sender_eb = events()
    other, other_eb = events()
    closed = unique("closed")
    closed_arn = other_eb.create_event_bus(Name=closed)["EventBusArn"]

    sender_eb.put_rule(Name="to-closed", EventPattern=json.dumps({"source": ["e2e.denied"]}))
    sender_eb.put_targets(Rule="to-closed", Targets=[{"Id": "closed", "Arn": closed_arn}])
    event_id = sender_eb.put_events(Entries=[{"Source": "e2e.denied", "DetailType": "X", "Detail": "{}"}])["Entries"][0]["EventId"]

    letter = wait_for_dead_letter(server, sender["AccountId"], event_id)
    assert letter["TargetArn"] == closed_arn
    assert "is not authorized to perform: events:PutEvents" in letter["Reason"]
    assert letter["Attempts"] == 1
