#!/usr/bin/env python3
"""Runs an AWS-Lambda-style Python handler as a Sagewright event command target.

    python3 tools/lambda-runner.py path/to/handler.py lambda_handler

Reads the event (JSON) from stdin, calls handler(event, context) with a context offering function_name,
invoked_function_arn, aws_request_id and get_remaining_time_in_millis(), prints the result as JSON and exits 0;
an exception is printed to stderr and exits 1 (the target then retries like an asynchronous Lambda invoke).

boto3 before 1.28 ignores AWS_ENDPOINT_URL, so boto3 clients and resources made by the handler default to
SAGEWRIGHT_ENDPOINT_URL (an explicit endpoint_url still wins). Credentials, region and endpoint come from the
environment Sagewright gives the command.
"""
import importlib.util
import json
import os
import sys
import time
import traceback


def _default_boto3_endpoint(endpoint):
    try:
        import boto3.session
    except ImportError:
        return
    for name in ("client", "resource"):
        original = getattr(boto3.session.Session, name)

        def patched(self, *args, _original=original, **kwargs):
            if kwargs.get("endpoint_url") is None:
                kwargs["endpoint_url"] = endpoint
            return _original(self, *args, **kwargs)

        setattr(boto3.session.Session, name, patched)


class LambdaContext:
    def __init__(self):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.invoked_function_arn = os.environ.get("SAGEWRIGHT_FUNCTION_ARN", "")
        self.aws_request_id = os.environ.get("SAGEWRIGHT_REQUEST_ID", "")
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = "0"
        self.log_group_name = ""
        self.log_stream_name = ""
        self._deadline_ms = int(os.environ.get("SAGEWRIGHT_DEADLINE_MS", "0"))

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000)) if self._deadline_ms else 0


def _load_handler(path, name):
    spec = importlib.util.spec_from_file_location("lambda_function", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec.loader.exec_module(module)
    return getattr(module, name)


def main(argv):
    if len(argv) != 3:
        print("usage: lambda-runner.py HANDLER_FILE HANDLER_FUNCTION", file=sys.stderr)
        return 2
    endpoint = os.environ.get("SAGEWRIGHT_ENDPOINT_URL")
    if endpoint:
        _default_boto3_endpoint(endpoint)
    try:
        handler = _load_handler(argv[1], argv[2])
        event = json.loads(sys.stdin.read() or "null")
        result = handler(event, LambdaContext())
    except Exception:
        traceback.print_exc()
        return 1
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
