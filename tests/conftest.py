"""Suite-wide rules.

With NEWSFLOW_STRICT_SKIPS=1 (set by .ci/run) a skipped test fails instead: CI has Redis, the
eval data in ../shared and the browser, so a skip there means something is missing."""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("NEWSFLOW_STRICT_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under NEWSFLOW_STRICT_SKIPS=1: {reason}"
