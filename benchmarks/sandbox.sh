#!/usr/bin/env bash
# The sandbox's start cost: `python3 -c pass` inside bubblewrap with the flags Podium's sandbox
# uses (Sources/PodiumCore/Runs/Sandbox.swift) against the same bare, paired run by run
# (farm-bench, 11 pairs); then `podium doctor`, whose probe is one whole sandboxed run with its
# cgroup made and removed. Needs bubblewrap and farm-bench. usage: bash benchmarks/sandbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product podium --scratch-path .build-release >/dev/null 2>&1
podium=$PWD/.build-release/release/podium
binds=()
for path in /etc/alternatives /etc/ld.so.cache /etc/ld.so.conf /etc/ld.so.conf.d /etc/localtime; do
  [ -e "$path" ] && binds+=(--ro-bind "$path" "$path")
done
sandboxed=(bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL --uid 65534 --gid 65534 --clearenv
  --ro-bind /usr /usr --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/bin /bin --symlink usr/sbin /sbin
  --proc /proc --dev /dev --size 1073741824 --tmpfs /tmp "${binds[@]}" --setenv PATH /usr/bin:/bin --chdir /tmp --
  /usr/bin/python3 -c pass)
echo "== python3 -c pass: in the sandbox (A) against bare (B)"
farm-bench -n 11 --vs "/usr/bin/python3 -c pass" -- "${sandboxed[@]}" | grep -E "wall s|A/B wall"
echo "== podium doctor (one sandboxed probe, its cgroup made and removed)"
farm-bench -n 5 -- "$podium" doctor | grep -E "wall s"
