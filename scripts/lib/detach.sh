# Sourced by the scripts that start daemons (scripts/slurm.sh): `detach_from_caller` closes
# every descriptor this shell inherited above standard error, before a daemon is started.
# A daemon keeps what it inherits for as long as it runs; a caller that waits for the
# script's end through one of them (Foundation's Process waits for a socket it gives the
# child to close; a pipe read to its end is the same) would wait for the daemon instead.
detach_from_caller() {
  local fd
  for fd in $(ls "/proc/$$/fd"); do
    # 255 is the script bash is reading.
    if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}
