#!/usr/bin/env python3
"""Time `stratwiki serve` from a saved edit to the reload event, over many edits.

    python3 bench/serve_latency.py [--pages 1000] [--edits 50] [--stratwiki PATH]
                                   [--change body|title|link|index] [--git-commits N]

Generates a wiki with bench/gen_corpus.py (no git history, or N commits with --git-commits),
starts `stratwiki serve --port 0`, subscribes to its event stream, then saves one page EDITS
times (one edit at a time, waiting for each reload) and prints the median and 95th percentile
of the time from the write to the `reload` event. What each save changes (--change):

  body   appends a line to a goal (its body only)
  title  gives a goal a new title (shown in indexes, links, owners' pages, the dashboard)
  link   appends a link from a goal to another case study each time (a new backlink)
  index  gives a folder's index page (`chapters/part-01/README.md`, added before the server
         starts) a new first heading, its title (shown in the contents of every page)

The server's debounce (60 ms) is part of what is measured; the script also prints the figures
with it subtracted. The reload event is sent once the saved page is current; with a reload of
the model (title, link, index) the rest of the site catches up in the background, and the
server holds back other pages until it has (`serve` in README.md).
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEBOUNCE_MS = 60


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--stratwiki", default=os.path.join(REPO, "target", "release", "stratwiki"))
    ap.add_argument("--change", choices=["body", "title", "link", "index"], default="body")
    ap.add_argument("--git-commits", type=int, default=0)
    ap.add_argument("--pause", type=float, default=0.15, help="seconds between edits")
    args = ap.parse_args()
    if not os.path.exists(args.stratwiki):
        sys.exit(f"no binary at {args.stratwiki}: run cargo build --release")

    work = tempfile.mkdtemp(prefix="stratwiki-serve-bench-")
    try:
        wiki = os.path.join(work, "wiki")
        gen = [sys.executable, os.path.join(HERE, "gen_corpus.py"), wiki, "--pages", str(args.pages), "-q"]
        if args.git_commits:
            gen += ["--git-commits", str(args.git_commits)]
        subprocess.run(gen, check=True)
        content = os.path.join(wiki, "content")
        index = os.path.join(content, "chapters", "part-01", "README.md")
        if args.change == "index":
            with open(index, "w", encoding="utf-8") as f:
                f.write("# Part one\n\nWhat this part covers.\n")
        server = subprocess.Popen(
            [args.stratwiki, "serve", "--port", "0", "--root", wiki],
            stdout=subprocess.PIPE,
            stderr=open(os.environ["SERVE_LOG"], "w") if os.environ.get("SERVE_LOG") else subprocess.DEVNULL,
            text=True,
        )
        try:
            line = server.stdout.readline()
            addr = line.split("http://")[1].strip().rstrip("/")
            host, port = addr.split(":")
            sock = socket.create_connection((host, int(port)))
            sock.sendall(f"GET /__stratwiki/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
            sock.settimeout(30)
            buf = b""

            def wait_for(needle):
                nonlocal buf
                while needle not in buf:
                    chunk = sock.recv(65536)
                    if not chunk:
                        sys.exit("event stream closed")
                    buf += chunk
                buf = buf[buf.index(needle) + len(needle):]

            wait_for(b"event: hello")
            goals = sorted(os.listdir(os.path.join(content, "goals")))
            cases = sorted(os.listdir(os.path.join(content, "case-studies")))
            page = index if args.change == "index" else os.path.join(content, "goals", goals[0])
            with open(page, encoding="utf-8") as f:
                original = f.read()

            def edited(i):
                if args.change == "body":
                    return original + f"\nEdit {i}.\n"
                if args.change == "title":
                    return re.sub(r"(?m)^title: .*$", f"title: Retitled goal {i}", original, count=1)
                if args.change == "link":
                    links = "".join(f"\nSee [case {j}](../case-studies/{cases[j]}).\n" for j in range(i + 1))
                    return original + links
                return original.replace("# Part one", f"# Part one, edit {i}", 1)

            times = []
            for i in range(args.edits):
                time.sleep(args.pause)  # let the watcher settle between edits
                text = edited(i)
                start = time.perf_counter()
                with open(page, "w", encoding="utf-8") as f:
                    f.write(text)
                wait_for(b"event: reload")
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
            med = statistics.median(times)
            print(f"pages: {args.pages}, git commits: {args.git_commits}, change: {args.change}, edits: {args.edits}")
            print(f"save → reload event: median {med:.0f} ms, p95 {p95:.0f} ms (debounce included)")
            print(
                f"debounce ({DEBOUNCE_MS} ms) excluded: median {med - DEBOUNCE_MS:.0f} ms, "
                f"p95 {p95 - DEBOUNCE_MS:.0f} ms"
            )
        finally:
            server.terminate()
            try:
                # A build or catch-up in progress finishes first.
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
