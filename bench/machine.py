"""Who else used the CPU while a page was measured (Linux /proc, no Django).

The benchmark shares a small machine with whatever else runs there; figures
taken while another job kept a core busy are flagged in the report rather
than quietly trusted.
"""

import os
import time

TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, CPU ticks used so far, command line)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
            with open(f"/proc/{entry.name}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # it ended while we looked
            continue
        ticks = int(fields[11]) + int(fields[12])  # user and system time
        found[int(entry.name)] = (int(fields[1]), ticks, command)
    return found


def _descendants(processes, roots: set[int]) -> set[int]:
    ours, grew = set(roots), True
    while grew:
        grew = False
        for pid, (parent, _, _) in processes.items():
            if parent in ours and pid not in ours:
                ours.add(pid)
                grew = True
    return ours


def _steal_and_total() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return fields[7], sum(fields)


class CpuWatch:
    """Start before a phase, `stop()` after: the share of the machine's CPU
    that processes other than ours used (ours: this process's descendants and
    the PostgreSQL server on `pg_port`), and the share the hypervisor stole."""

    def __init__(self, pg_port):
        self.pg_port = str(pg_port or "")
        self.started = time.monotonic()
        self.before = _processes()
        self.steal_before = _steal_and_total()

    def _ours(self, processes) -> set[int]:
        roots = {os.getpid()}
        if self.pg_port:
            roots |= {
                pid
                for pid, (_, _, command) in processes.items()
                if "postgres" in command and f"-p {self.pg_port} " in command
            }
        return _descendants(processes, roots)

    def stop(self) -> dict:
        after = _processes()
        ours = self._ours({**self.before, **after})
        others = sum(
            ticks - self.before.get(pid, (0, 0, ""))[1]
            for pid, (_, ticks, _) in after.items()
            if pid not in ours
        )
        seconds = time.monotonic() - self.started
        capacity = seconds * TICKS * (os.cpu_count() or 1)
        steal, total = (
            a - b for a, b in zip(_steal_and_total(), self.steal_before, strict=True)
        )
        return {
            "others_cpu": round(max(0, others) / capacity, 2),
            "steal_cpu": round(steal / max(1, total), 2),
        }
