"""Observing event delivery from tests: dead letters (`sagewright admin list-dead-letters`) and polling."""
import json
import subprocess
import time

from conftest import ROOT, SAGEWRIGHT


def dead_letters(server, account_id):
    result = subprocess.run([SAGEWRIGHT, "admin", "list-dead-letters", "--account", account_id, *server.admin_args()],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def wait_for_dead_letter(server, account_id, event_id=None, timeout=20):
    """The first dead letter of the account (for event_id when given)."""
    return wait_for(lambda: next((d for d in dead_letters(server, account_id) if event_id in (None, d["EventId"])), None),
                    timeout, f"a dead letter in account {account_id}" + (f" for event {event_id}" if event_id else ""))


def wait_for(probe, timeout, what, interval=0.2):
    """Polls probe() until it returns something truthy; fails with what was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"no {what} within {timeout} s")
