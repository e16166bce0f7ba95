#!/usr/bin/env python3
"""Runs a command and prints one JSON line: wall seconds, CPU seconds and peak memory.

Usage: measure.py LABEL -- COMMAND [ARGS...]

`peak_rss_mib` is the largest resident set of any single process of the run (getrusage of the
waited-for children); `peak_tree_rss_mib` is the largest sum over the command and all its
descendants, sampled from /proc every 50 ms (the analysis runs ffmpeg as child processes).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def tree_rss_kib(root: int) -> int:
    """Resident KiB of `root` and every process descending from it."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    label, command = sys.argv[1], sys.argv[3:]
    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak_tree = 0
    while child.poll() is None:
        peak_tree = max(peak_tree, tree_rss_kib(child.pid))
        time.sleep(0.05)
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "label": label,
        "exit": child.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "peak_tree_rss_mib": round(peak_tree / 1024, 1),
    }))
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
