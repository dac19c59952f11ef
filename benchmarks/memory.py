"""The peak memory of a benchmark's process, as the benchmarks report it."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_mib() -> float:
    """This process's peak resident memory, in MiB. Linux keeps ru_maxrss across exec: a
    process that a benchmark of hundreds of MiB starts would report the benchmark's peak,
    not its own. VmHWM belongs to the process's own address space (elsewhere, ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
