"""KMS through real clients: keys, aliases, envelope encryption, key states, key policies and cross-account use."""
import datetime
import json
import uuid

import botocore.exceptions
import pytest
from aws_helpers import error_of, unique


def allow(actions, resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]})


def key_policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": action, "Resource": "*"} for principal, action in statements]})


def new_user(iam, policy=None):
    name = unique("user")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return arn, {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}


@pytest.fixture
def account(create_account):
    return create_account()


@pytest.fixture
def kms(client, account):
    return client("kms", account)


def root_arn(account):
    return f"arn:aws:iam::{account['AccountId']}:root"


def test_key_alias_and_encrypt_decrypt_round_trip(kms, account):
    metadata = kms.create_key(Description="orders", Tags=[{"TagKey": "team", "TagValue": "payments"}])["KeyMetadata"]
    key_id = metadata["KeyId"]
    assert metadata["Arn"] == f"arn:aws:kms:us-east-1:{account['AccountId']}:key/{key_id}"
    assert metadata["KeyState"] == "Enabled" and metadata["Enabled"] is True
    assert metadata["KeySpec"] == "SYMMETRIC_DEFAULT" and metadata["KeyManager"] == "CUSTOMER"
    assert isinstance(metadata["CreationDate"], datetime.datetime)

    alias = unique("alias/orders")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    encrypted = kms.encrypt(KeyId=alias, Plaintext=b"card 4111", EncryptionContext={"order": "42"})
    assert encrypted["KeyId"] == metadata["Arn"]

    decrypted = kms.decrypt(CiphertextBlob=encrypted["CiphertextBlob"], EncryptionContext={"order": "42"})
    assert decrypted["Plaintext"] == b"card 4111"
    assert decrypted["KeyId"] == metadata["Arn"]

    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == key_id
    aliases = kms.list_aliases(KeyId=key_id)["Aliases"]
    assert [(a["AliasName"], a["TargetKeyId"]) for a in aliases] == [(alias, key_id)]
    assert key_id in [k["KeyId"] for k in kms.list_keys()["Keys"]]
    assert kms.list_resource_tags(KeyId=key_id)["Tags"] == [{"TagKey": "team", "TagValue": "payments"}]


def test_generate_data_key_plaintext_is_what_its_ciphertext_decrypts_to(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    context = {"aws:s3:arn": "arn:aws:s3:::bucket/object"}

    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context)
    assert len(data_key["Plaintext"]) == 32
    assert kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=context)["Plaintext"] == data_key["Plaintext"]

    without = kms.generate_data_key_without_plaintext(KeyId=key_id, NumberOfBytes=16)
    assert "Plaintext" not in without
    assert len(kms.decrypt(CiphertextBlob=without["CiphertextBlob"])["Plaintext"]) == 16


def test_encryption_context_mismatch_is_invalid_ciphertext(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret", EncryptionContext={"purpose": "a"})["CiphertextBlob"]

    for context in ({"purpose": "b"}, {}, {"purpose": "a", "extra": "x"}):
        with pytest.raises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=tampered, EncryptionContext={"purpose": "a"})


def test_decrypt_with_another_key_id_is_incorrect_key(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]
    with pytest.raises(kms.exceptions.IncorrectKeyException):
        kms.decrypt(CiphertextBlob=blob, KeyId=other)
    assert kms.decrypt(CiphertextBlob=blob, KeyId=key_id)["Plaintext"] == b"secret"


def test_disabled_key_is_refused_until_enabled(kms):
    metadata = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=metadata["KeyId"])
    assert kms.describe_key(KeyId=metadata["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"

    with pytest.raises(kms.exceptions.DisabledException) as excinfo:
        kms.encrypt(KeyId=metadata["KeyId"], Plaintext=b"x")
    assert error_of(excinfo)["Message"] == f"{metadata['Arn']} is disabled."

    kms.enable_key(KeyId=metadata["KeyId"])
    kms.encrypt(KeyId=metadata["KeyId"], Plaintext=b"x")


def test_scheduled_deletion_makes_the_key_unusable_until_cancelled(kms):
    metadata = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=metadata["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    before = datetime.datetime.now(datetime.timezone.utc)

    scheduled = kms.schedule_key_deletion(KeyId=metadata["KeyId"], PendingWindowInDays=7)
    assert scheduled["KeyState"] == "PendingDeletion"
    assert scheduled["KeyId"] == metadata["Arn"]
    expected = before + datetime.timedelta(days=7)
    assert abs((scheduled["DeletionDate"] - expected).total_seconds()) < 120
    described = kms.describe_key(KeyId=metadata["KeyId"])["KeyMetadata"]
    assert described["KeyState"] == "PendingDeletion" and "DeletionDate" in described

    with pytest.raises(kms.exceptions.KMSInvalidStateException) as excinfo:
        kms.decrypt(CiphertextBlob=blob)
    assert error_of(excinfo)["Message"] == f"{metadata['Arn']} is pending deletion."
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        kms.schedule_key_deletion(KeyId=metadata["KeyId"], PendingWindowInDays=3)
    assert error_of(excinfo)["Code"] == "ValidationException"

    kms.cancel_key_deletion(KeyId=metadata["KeyId"])
    assert kms.describe_key(KeyId=metadata["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"


def test_pending_window_outside_seven_to_thirty_days_is_rejected(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=6)
    assert error_of(excinfo)["Code"] == "ValidationException"
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"


def test_missing_key_and_alias_use_aws_messages(kms, account):
    missing = str(uuid.uuid4())
    with pytest.raises(kms.exceptions.NotFoundException) as excinfo:
        kms.describe_key(KeyId=missing)
    assert error_of(excinfo)["Message"] == f"Key 'arn:aws:kms:us-east-1:{account['AccountId']}:key/{missing}' does not exist"
    with pytest.raises(kms.exceptions.NotFoundException) as excinfo:
        kms.encrypt(KeyId="alias/nothing-here", Plaintext=b"x")
    assert error_of(excinfo)["Message"] == f"Alias arn:aws:kms:us-east-1:{account['AccountId']}:alias/nothing-here is not found."
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/once", TargetKeyId=key_id)
    with pytest.raises(kms.exceptions.AlreadyExistsException):
        kms.create_alias(AliasName="alias/once", TargetKeyId=key_id)


def test_cross_account_use_needs_the_key_policy_and_the_callers_iam_policy(create_account, client):
    a, b = create_account(), create_account()
    kms_a = client("kms", a)
    key_arn = kms_a.create_key(Description="shared")["KeyMetadata"]["Arn"]
    blob = kms_a.encrypt(KeyId=key_arn, Plaintext=b"for b")["CiphertextBlob"]

    iam_b = client("iam", b)
    alice_arn, alice = new_user(iam_b)
    role = unique("kms-user")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": alice_arn}, "Action": "sts:AssumeRole"}]})
    role_arn = iam_b.create_role(RoleName=role, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    credentials = client("sts", alice).assume_role(RoleArn=role_arn, RoleSessionName="use-key")["Credentials"]
    kms_b = client("kms", {k: credentials[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")})

    def denied():
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            kms_b.decrypt(CiphertextBlob=blob)
        assert error_of(excinfo)["Code"] == "AccessDeniedException"

    denied()  # neither policy
    iam_b.put_role_policy(RoleName=role, PolicyName="use-a-key", PolicyDocument=allow(["kms:Decrypt", "kms:Encrypt"], key_arn))
    denied()  # B's IAM policy alone
    kms_a.put_key_policy(KeyId=key_arn, PolicyName="default",
                         Policy=key_policy((root_arn(a), "kms:*"), (role_arn, ["kms:Decrypt", "kms:Encrypt"])))
    assert kms_b.decrypt(CiphertextBlob=blob)["Plaintext"] == b"for b"
    assert kms_b.encrypt(KeyId=key_arn, Plaintext=b"from b")["KeyId"] == key_arn
    iam_b.delete_role_policy(RoleName=role, PolicyName="use-a-key")
    denied()  # A's key policy alone


def test_same_account_iam_allow_without_root_delegation_is_denied(kms, account, client):
    iam = client("iam", account)
    admin_arn, _ = new_user(iam)
    user_arn, user = new_user(iam, allow("kms:*"))
    key_id = kms.create_key(Policy=key_policy((admin_arn, "kms:*")), BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["KeyId"]

    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("kms", user).encrypt(KeyId=key_id, Plaintext=b"x")
    error = error_of(excinfo)
    assert error["Code"] == "AccessDeniedException"
    assert error["Message"].startswith(f"User: {user_arn} is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:")

    # The same IAM allow works once the key policy delegates to the account.
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    client("kms", user).encrypt(KeyId=other, Plaintext=b"x")


def test_malformed_and_lockout_key_policies_are_rejected(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    no_principal = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]})
    with pytest.raises(kms.exceptions.MalformedPolicyDocumentException) as excinfo:
        kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=no_principal)
    assert "Principal" in error_of(excinfo)["Message"]
    with pytest.raises(kms.exceptions.MalformedPolicyDocumentException):
        kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy="{not json")
    with pytest.raises(kms.exceptions.MalformedPolicyDocumentException) as excinfo:
        kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=key_policy(("arn:aws:iam::111122223333:root", "kms:*")))
    assert "will not allow you to update the key policy" in error_of(excinfo)["Message"]
    policy = json.loads(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
    assert policy["Statement"][0]["Sid"] == "Enable IAM User Permissions"
    assert kms.list_key_policies(KeyId=key_id)["PolicyNames"] == ["default"]


def test_list_keys_pages(kms):
    created = sorted(kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(3))
    first = kms.list_keys(Limit=2)
    assert first["Truncated"] is True and len(first["Keys"]) == 2
    rest = kms.list_keys(Limit=2, Marker=first["NextMarker"])
    assert [k["KeyId"] for k in first["Keys"] + rest["Keys"]] == created
    assert [k["KeyId"] for page in kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 1}) for k in page["Keys"]] == created


def test_generate_random_and_re_encrypt(kms):
    assert len(kms.generate_random(NumberOfBytes=24)["Plaintext"]) == 24
    source = kms.create_key()["KeyMetadata"]
    destination = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=source["KeyId"], Plaintext=b"move me", EncryptionContext={"a": "1"})["CiphertextBlob"]
    moved = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext={"a": "1"}, DestinationKeyId=destination["KeyId"])
    assert moved["SourceKeyId"] == source["Arn"] and moved["KeyId"] == destination["Arn"]
    assert kms.decrypt(CiphertextBlob=moved["CiphertextBlob"])["Plaintext"] == b"move me"


def test_aws_cli_describes_keys_and_lists_aliases(kms, account, aws_cli):
    key_id = kms.create_key(Description="from the cli test")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/cli", TargetKeyId=key_id)

    described = aws_cli(["kms", "describe-key", "--key-id", "alias/cli"], account)
    assert described.returncode == 0, described.stderr
    assert json.loads(described.stdout)["KeyMetadata"]["Description"] == "from the cli test"
    aliases = aws_cli(["kms", "list-aliases", "--key-id", key_id], account)
    assert aliases.returncode == 0, aliases.stderr
    assert [a["AliasName"] for a in json.loads(aliases.stdout)["Aliases"]] == ["alias/cli"]
    missing = aws_cli(["kms", "describe-key", "--key-id", "alias/missing"], account)
    assert missing.returncode != 0 and "NotFoundException" in missing.stderr
