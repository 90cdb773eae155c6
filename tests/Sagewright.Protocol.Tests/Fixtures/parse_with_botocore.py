#!/usr/bin/env python3
"""Has a real botocore client parse HTTP responses that Sagewright's codecs wrote.

Reads a JSON list of cases from stdin: {service, operation, params, status, headers: [[name, value]],
bodyBase64}. For each, calls the operation on a botocore client whose HTTP send is replaced (the
before-send event) by the given response, so the full client runs: protocol parser, modeled error
fields, S3 customizations (GetBucketLocation, ...). Writes a JSON list of {"result": ...} or
{"error": <ClientError.response>} in JSON-protocol form: timestamps ISO-8601, blobs and streams base64.
"""
import base64
import datetime
import io
import json
import sys

try:
    import botocore.session
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config
    from botocore.exceptions import ClientError
    from botocore.response import StreamingBody
except ImportError as e:  # a clear message for the C# test to show
    sys.exit(f"botocore is not importable by {sys.executable}: {e}")


class RawBody:
    """The urllib3 response surface AWSResponse and StreamingBody use."""

    def __init__(self, data):
        self._io = io.BytesIO(data)

    def stream(self, amt=65536, decode_content=False):
        while chunk := self._io.read(amt):
            yield chunk

    def read(self, amt=None, decode_content=None):
        return self._io.read() if amt is None else self._io.read(amt)

    def close(self):
        pass


def encode(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, StreamingBody):
        return base64.b64encode(value.read()).decode()
    raise TypeError(f"cannot encode {type(value)}")


def blob_params(params, operation):
    shape = operation.input_shape
    if shape is None:
        return params
    return {
        name: value.encode() if shape.members[name].type_name == "blob" and isinstance(value, str) else value
        for name, value in params.items()
    }


def main():
    session = botocore.session.get_session()
    config = Config(retries={"total_max_attempts": 1}, s3={"addressing_style": "path"})
    clients = {}
    results = []
    for case in json.load(sys.stdin):
        service = case["service"]
        if service not in clients:
            clients[service] = session.create_client(
                service, region_name="us-east-1", endpoint_url="http://localhost:4566", config=config,
                aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
        client = clients[service]
        operation = client.meta.service_model.operation_model(case["operation"])
        headers = {}
        for name, value in case["headers"]:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        response = AWSResponse("http://localhost:4566/", case["status"], headers,
                               RawBody(base64.b64decode(case["bodyBase64"])))

        def send(response=response, **_):
            return response

        event = f"before-send.{client.meta.service_model.service_id.hyphenize()}.{case['operation']}"
        client.meta.events.register(event, send, unique_id="sagewright-response")
        try:
            method = getattr(client, botocore.xform_name(case["operation"]))
            results.append({"result": method(**blob_params(case["params"], operation))})
        except ClientError as e:
            results.append({"error": e.response})
        finally:
            client.meta.events.unregister(event, unique_id="sagewright-response")
    json.dump(results, sys.stdout, default=encode)


if __name__ == "__main__":
    main()
