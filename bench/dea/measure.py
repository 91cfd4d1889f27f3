#!/usr/bin/python3
"""Run a command and print one JSON line: wall time, CPU time and peak resident memory.

    /usr/bin/python3 bench/dea/measure.py -- CMD [ARG...]

Peak memory is resource.getrusage(RUSAGE_CHILDREN).ru_maxrss after the child has been waited
for: the largest resident set of any waited-for descendant, in KiB on Linux (this script starts
only the one command, so it is that command's peak). The command's own standard output goes to
standard error, so standard output holds only the JSON line. Exits with the command's status.
"""
import json
import resource
import subprocess
import sys
import time


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit("usage: measure.py -- CMD [ARG...]")
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=sys.stderr)
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
                      "max_rss_kib": ru.ru_maxrss, "returncode": proc.returncode}), flush=True)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
