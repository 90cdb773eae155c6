"""Small helpers every end-to-end test file uses."""
import uuid


def unique(prefix):
    """A name no other test (or test run) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def error_of(excinfo):
    """The AWS error (Code, Message...) of a botocore ClientError caught by pytest.raises."""
    return excinfo.value.response["Error"]
