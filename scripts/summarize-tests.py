#!/usr/bin/env python3
"""Adds up the xUnit (trx) and pytest (JUnit XML) results of one test run into one closing line."""
import pathlib
import sys
import xml.etree.ElementTree as ET

results = pathlib.Path(sys.argv[1])
passed = failed = skipped = 0
for trx in results.glob("*.trx"):
    counters = ET.parse(trx).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0))
        skipped += int(counters.get("notExecuted", 0))
for junit in results.glob("e2e-*.xml"):
    for suite in ET.parse(junit).getroot().iter("testsuite"):
        total, f, e, s = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        passed += total - f - e - s
        failed += f + e
        skipped += s
if passed + failed == 0:
    print("no tests ran")
    sys.exit(1)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
