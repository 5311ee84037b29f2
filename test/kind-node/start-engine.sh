#!/usr/bin/env bash
# Starts a Docker engine for the Docker-backed tests on a Linux machine that has none running
# (CI, a headless box). Installs Debian's docker.io and busybox-static if they are missing.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /bin/busybox ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static >/dev/null
fi

# kind runs its nodes --privileged, which asks for every capability. In a sandbox whose
# bounding set lacks some (CAP_SYS_RESOURCE, say) runc refuses, so runc goes through a wrapper
# that drops just those from each container's and exec's spec.
caps=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE
  NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT
  SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE
  AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ
  PERFMON BPF CHECKPOINT_RESTORE)
bounding=$((16#$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)))
sed_args=()
for i in "${!caps[@]}"; do
  if (((bounding >> i) & 1)); then continue; fi
  c="CAP_${caps[$i]}"
  sed_args+=(-e "s/\"$c\",//g" -e "s/,\"$c\"//g")
done
runtime_args=()
if [ ${#sed_args[@]} -gt 0 ]; then
  wrapper=/usr/local/lib/l8-test/runc
  mkdir -p "$(dirname "$wrapper")"
  {
    echo '#!/bin/sh'
    echo 'prev=""'
    echo 'for a in "$@"; do'
    echo '  case "$prev" in --bundle | -b) f="$a/config.json" ;; --process | -p) f="$a" ;; *) f="" ;; esac'
    echo '  case "$a" in --bundle=*) f="${a#--bundle=}/config.json" ;; --process=*) f="${a#--process=}" ;; esac'
    echo "  if [ -n \"\$f\" ] && [ -f \"\$f\" ]; then sed -i ${sed_args[*]@Q} \"\$f\"; fi"
    echo '  prev="$a"'
    echo 'done'
    echo "exec $(command -v runc) \"\$@\""
  } >"$wrapper"
  chmod +x "$wrapper"
  runtime_args=(--add-runtime "l8-runc=$wrapper" --default-runtime l8-runc)
fi

log=${TMPDIR:-/tmp}/l8-dockerd.log
# Its own session: stopping whatever started this script does not stop the engine.
setsid nohup dockerd "${runtime_args[@]}" >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker engine $(docker info --format '{{.ServerVersion}}') started (log: $log)"
    exit 0
  fi
  sleep 0.5
done
echo "dockerd did not start; its log:" >&2
tail -n 30 "$log" >&2
exit 1
