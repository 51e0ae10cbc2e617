"""`newsflow extract` as a user runs it: records on stdout (or `-o`) and nothing else there;
which model loads, a progress bar (on a terminal only) and the closing summary on stderr;
`-` reads standard input."""

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO

pytestmark = [pytest.mark.slow]

GGT_STYLE = REPO / "tests" / "fixtures" / "ggt_style" / "articles.jsonl"
SUMMARY = re.compile(r"^3 articles, \d+ quotes, \d+ entities in \d+\.\d s$")
NEWSFLOW = [sys.executable, "-m", "services.cli.main"]


def run_on_a_terminal(args: list[str], stdin: Path) -> tuple[int, str]:
    """Runs newsflow with stderr on a pseudo-terminal; returns its exit status and stderr."""
    controller, terminal = pty.openpty()
    with stdin.open("rb") as source:
        process = subprocess.Popen(
            [*NEWSFLOW, *args],
            cwd=REPO,
            stdin=source,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
            env={**os.environ, "COLUMNS": "120"},
        )
    os.close(terminal)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    return process.wait(timeout=300), seen.decode("utf-8", "replace")


def test_on_a_terminal_extract_from_stdin_draws_a_bar_and_ends_with_the_summary(tmp_path):
    out = tmp_path / "out.jsonl"
    status, err = run_on_a_terminal(["extract", "-", "-o", str(out)], GGT_STYLE)
    assert status == 0, err
    assert "━" in err and "3/3" in err  # the bar, at its end
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err).splitlines()]
    assert any(line.startswith("loading model ") for line in lines), lines
    assert any(line.startswith("2 of 3 articles have no date") for line in lines), lines
    assert SUMMARY.match(lines[-1]), lines[-1]
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"] for r in records] == ["Harbour Herald", "Prairie Post", "Harbour Herald"]
    assert all(r["title"] and r["title"] != r["id"] for r in records)


def test_into_a_pipe_stdout_holds_only_records_and_stderr_no_bar():
    done = subprocess.run(
        [*NEWSFLOW, "extract", str(GGT_STYLE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == 3 and all("entities" in r for r in records)
    assert "\x1b" not in done.stderr and "━" not in done.stderr
    err = done.stderr.strip().splitlines()
    assert err[0].startswith("loading model en_core_web_sm")  # which model, and why
    assert SUMMARY.match(err[-1]), err
