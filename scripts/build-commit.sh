#!/bin/sh
# Builds dlexam as it was at a git revision and prints the path of its binary.
# The commit is checked out in a worktree and built with the release profile it committed;
# binaries are kept in $BUILDS_DIR (default /tmp/dlexam-builds) as COMMIT.bin, so asking again
# for a commit already built returns at once. Build output goes to standard error.
#
# Usage: scripts/build-commit.sh REV
#   e.g. scripts/build-commit.sh 3537b39
set -eu
[ $# = 1 ] || { echo "usage: scripts/build-commit.sh REV" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${BUILDS_DIR:-/tmp/dlexam-builds}
commit=$(git -C "$repo" rev-parse --short "$1^{commit}" 2>/dev/null) ||
    { echo "build-commit: $1 is not a commit of $repo" >&2; exit 2; }
bin="$dir/$commit.bin"
if [ ! -x "$bin" ]; then
    mkdir -p "$dir"
    tree="$dir/tree-$commit"
    [ -d "$tree" ] || git -C "$repo" worktree add --detach -f "$tree" "$commit" >&2
    (cd "$tree" && CARGO_TARGET_DIR="$dir/target" cargo build --release --quiet) >&2
    cp "$dir/target/release/dlexam" "$bin.part"
    mv "$bin.part" "$bin"
fi
echo "$bin"
