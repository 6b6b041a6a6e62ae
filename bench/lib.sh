# Shared by the benchmark scripts: messages, the stratwiki binary, GNU time and Hugo, and the
# choice of a work directory. Source it after setting BENCH_NAME, REPO_ROOT, STRATWIKI, TIME,
# NO_INSTALL (and HUGO, where Hugo is used).
# shellcheck shell=bash

die() { echo "$BENCH_NAME: error: $*" >&2; exit 1; }
note() { echo "$BENCH_NAME: $*" >&2; }

# Check STRATWIKI, make it absolute, and set STALE to the sources newer than it (a binary older
# than the sources measures old code: say so up front), and STRATWIKI_VERSION.
bench_require_stratwiki() {
    if [[ ! -e $STRATWIKI ]]; then
        die "stratwiki binary not found: $STRATWIKI
  build it first:  (cd $REPO_ROOT && cargo build --release)
  or point STRATWIKI at a binary:  STRATWIKI=/path/to/stratwiki $0"
    fi
    [[ -f $STRATWIKI && -x $STRATWIKI ]] || die "stratwiki binary is not an executable file: $STRATWIKI"
    STRATWIKI=$(cd "$(dirname "$STRATWIKI")" && pwd)/$(basename "$STRATWIKI")
    STALE=""
    if [[ $STRATWIKI == "$REPO_ROOT"/target/* && -d $REPO_ROOT/src ]]; then
        STALE=$(find "$REPO_ROOT/src" "$REPO_ROOT/Cargo.toml" "$REPO_ROOT/Cargo.lock" \
            -newer "$STRATWIKI" -type f 2>/dev/null | sed "s|^$REPO_ROOT/||" | head -n 8 | tr '\n' ' ')
        [[ -n $STALE ]] && note "WARNING: $STRATWIKI is older than: $STALE(rebuild: cargo build --release)"
    fi
    # shellcheck disable=SC2034 # read by the scripts that source this file
    STRATWIKI_VERSION=$("$STRATWIKI" --version 2>/dev/null | head -n1 || true)
}

# Install Debian packages when running as root and NO_INSTALL is not 1.
bench_apt_install() {
    if [[ $NO_INSTALL != 1 && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        note "installing Debian package(s): $*"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >&2
        return
    fi
    return 1
}

# GNU time at $TIME, installed if missing.
bench_require_time() {
    if [[ ! -x $TIME ]]; then
        bench_apt_install time || die "$TIME (GNU time) is missing: apt-get install time"
        [[ -x $TIME ]] || die "$TIME still missing after installing 'time'"
    fi
}

# Hugo at $HUGO (a command or a path), installed if missing; sets HUGO_VERSION.
bench_require_hugo() {
    if ! command -v "$HUGO" >/dev/null; then
        if [[ $HUGO == hugo ]]; then
            bench_apt_install hugo || die "hugo is missing: apt-get install hugo (or set HUGO=/path/to/hugo)"
        fi
        command -v "$HUGO" >/dev/null || die "hugo binary not found: $HUGO"
    fi
    HUGO=$(command -v "$HUGO")
    # shellcheck disable=SC2034 # read by the scripts that source this file
    HUGO_VERSION=$("$HUGO" version 2>/dev/null | head -n1) || die "'$HUGO version' failed"
}

# Set PARENT, the folder the work directory goes in: BENCH_TMP when set, else tmpfs
# (/dev/shm) when it has NEED_KIB free (and, with MIN_MEM_KIB, that much memory available: tmpfs
# lives in RAM), else TMPDIR or /tmp. On this VM's disk, writing and deleting tens of thousands
# of output files costs seconds of kernel time per build, which would swamp what the tools do;
# BENCH_TMP=/some/disk/dir measures that case deliberately.
bench_work_parent() {
    local need_kib=$1 min_mem_kib=${2:-0} mem_kib
    mem_kib=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
    if [[ -n ${BENCH_TMP:-} ]]; then
        PARENT=$BENCH_TMP
    elif [[ -d /dev/shm && -w /dev/shm ]] &&
            (( $(df -Pk /dev/shm | awk 'NR == 2 {print $4}') > need_kib )) &&
            (( ${mem_kib:-0} > min_mem_kib )); then
        PARENT=/dev/shm
    else
        PARENT=${TMPDIR:-/tmp}
    fi
    mkdir -p "$PARENT"
}
