"""What the operating system says about a process: CPU seconds and peak memory (Linux /proc,
via psutil where it has the figure)."""

from pathlib import Path

import psutil


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds `pid` has used so far (all its threads); 0.0 once it is gone."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


def peak_rss_bytes(pid: int | str = "self") -> int | None:
    """The peak resident set size (`VmHWM`) of `pid` over its life so far; None if unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024  # reported in kB
    return None


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(psutil.Process().cpu_affinity() or []) or psutil.cpu_count() or 1
    except (AttributeError, psutil.Error):
        return psutil.cpu_count() or 1
