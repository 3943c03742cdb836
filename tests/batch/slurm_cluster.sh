#!/usr/bin/env bash
# A throw-away one-node Slurm (slurmctld + slurmd + munged) in a folder, as root, without systemd, for the
# job-array test. Every daemon is started with its own pid file and stopped by that pid.
#   slurm_cluster.sh start DIR   -> DIR/slurm.conf (export SLURM_CONF=DIR/slurm.conf for sbatch/squeue)
#   slurm_cluster.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?DIR}")

stop_pid() {  # pid file, name
  [[ -f $1 ]] || return 0
  local pid
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

if [[ $cmd == stop ]]; then
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munge/munged.pid"
  exit 0
fi

[[ $(id -u) -eq 0 ]] || { echo "needs root" >&2; exit 77; }
host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$dir"/{state,spool,munge,logs}
# munged insists on safe permissions; clients need to reach its socket, so the folder is world-searchable.
chmod 755 "$dir" "$dir/munge"
if [[ ! -f $dir/munge/munge.key ]]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
fi
munged --force --socket="$dir/munge/munge.socket.2" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"

cat > "$dir/slurm.conf" <<CONF
ClusterName=ampeltest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket.2
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/logs/slurmctld.log
SlurmdLogFile=$dir/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=batch Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
# Ready when the node is idle.
for _ in $(seq 100); do
  if sinfo -h -o %T 2>/dev/null | grep -qx idle; then exit 0; fi
  sleep 0.2
done
echo "slurm did not come up; logs in $dir/logs" >&2
sinfo >&2 || true
tail -n 20 "$dir/logs/slurmctld.log" "$dir/logs/slurmd.log" >&2 || true
exit 1
