#!/usr/bin/env bash
# A one-node Slurm cluster on loopback, for Podium's Slurm executor and its tests: munged,
# slurmctld and slurmd started by hand (no systemd), each with a private config and state
# folder under DIR (default /tmp/podium-slurm), inside a network namespace of their own
# (`podium-slurm`: lo, and 10.254.0.1/32 on lo, without which the daemons die on getaddrinfo),
# so that nothing listens on the machine's own interfaces (slurmctld binds 0.0.0.0); with the
# cgroup plugins that enforce --mem. Slurm's commands reach it from inside the namespace:
#   nsenter --net=/run/netns/podium-slurm env SLURM_CONF=DIR/etc/slurm.conf podium worker --executor slurm ...
# Needs Debian's slurm-wlm and munge, iproute2, and root (slurmd runs jobs as their users).
#   bash scripts/slurm.sh start [DIR]   # idempotent; prints the SLURM_CONF to export
#   bash scripts/slurm.sh stop [DIR]    # stops the daemons by their PIDs, removes the namespace
#   bash scripts/slurm.sh status [DIR]
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/podium-slurm}
conf=$dir/etc/slurm.conf

netns=podium-slurm
. "$(dirname "$0")/lib/detach.sh"
# nsenter, not ip netns exec: the latter mounts a sysfs of its own, which hides /sys/fs/cgroup.
inside() { nsenter --net="/run/netns/$netns" env SLURM_CONF="$conf" "$@"; }
# A daemon removes its PID file as it exits: a file gone between the test and the read is no daemon.
running() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

start() {
  for tool in munged mungekey slurmctld slurmd sbatch; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install slurm-wlm munge" >&2; exit 1; }
  done
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid" && running "$dir/munge/munged.pid"; then
    echo "SLURM_CONF=$conf"; return
  fi
  stop >/dev/null 2>&1 || true
  detach_from_caller
  ip netns add "$netns"
  ip netns exec "$netns" ip link set lo up
  ip netns exec "$netns" ip addr add 10.254.0.1/32 dev lo
  mkdir -p "$dir"/{etc,state,spool,munge,log}
  chmod 700 "$dir/munge"
  [ -f "$dir/munge/munge.key" ] || mungekey -c -k "$dir/munge/munge.key"
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
  local cpus memory
  # More CPUs than the machine has (the node's runs mostly wait; config_overrides lets slurmd
  # take the configured count), so that the tests' jobs do not queue behind one another.
  cpus=$(( $(nproc) * 4 ))
  memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  cat >"$conf" <<CONF
ClusterName=podium
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/cgroup
TaskPlugin=task/cgroup
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
SlurmdParameters=config_overrides
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MinJobAge=3600
KillWait=5
InactiveLimit=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  cat >"$dir/etc/cgroup.conf" <<CONF
CgroupPlugin=autodetect
CgroupMountpoint=/sys/fs/cgroup
ConstrainRAMSpace=yes
ConstrainSwapSpace=yes
CONF
  inside slurmctld -c
  inside slurmd -c
  for _ in $(seq 50); do
    if inside sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then echo "SLURM_CONF=$conf"; return; fi
    sleep 0.2
  done
  echo "the cluster did not come up; see $dir/log/" >&2
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  exit 1
}

stop() {
  for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    if running "$pid"; then
      kill "$(cat "$pid" 2>/dev/null)" 2>/dev/null || true
      for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
      # A daemon started by a process that ignores SIGTERM (a test process whose server set it
      # so) inherits that: it is killed outright.
      local left
      left=$(cat "$pid" 2>/dev/null || true)
      if [ -n "$left" ] && kill -0 "$left" 2>/dev/null; then kill -9 "$left" 2>/dev/null || true; fi
    fi
  done
  ip netns del "$netns" 2>/dev/null || true
  echo "stopped"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  status) if running "$dir/slurmctld.pid"; then inside sinfo; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status [DIR]" >&2; exit 2 ;;
esac
