#!/usr/bin/env python3
"""How long writing a finished site costs on this machine, and nothing else.

Reads every file of SITE into memory, then times writing them all into a new
folder DEST (which must not exist) with THREADS threads (default 2), the way a
generator writes its output: create, write, close, one file at a time per
thread. The folders are made first and not timed.

    bench/write_floor.py WORK/out-b /dev/shm/floor-b [THREADS]

`versions.sh` with KEEP=1 leaves its two outputs in the work directory: the
time for out-b minus the time for out-a is the least any generator could add
to the default edition's build to write the other editions, however little
it rendered (see bench/README.md, "The versions benchmark").
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def main() -> int:
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) == 4 else 2
    if not os.path.isdir(src):
        print(f"write_floor: {src} is not a folder", file=sys.stderr)
        return 2
    if os.path.exists(dst):
        print(f"write_floor: {dst} exists; give a new folder", file=sys.stderr)
        return 2
    files = []
    for root, _, names in os.walk(src):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                files.append((os.path.relpath(p, src), f.read()))
    for d in sorted({os.path.dirname(r) for r, _ in files}):
        os.makedirs(os.path.join(dst, d), exist_ok=True)

    def write(chunk):
        for rel, data in chunk:
            fd = os.open(os.path.join(dst, rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)

    t = time.perf_counter()
    with ThreadPoolExecutor(threads) as ex:
        list(ex.map(write, [files[i::threads] for i in range(threads)]))
    took = time.perf_counter() - t
    size = sum(len(b) for _, b in files)
    print(f"{len(files)} files, {size / 2**20:.1f} MiB written in {took:.2f} s "
          f"with {threads} thread(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
