#!/usr/bin/env bash
# Stand-in for Flink's nvidia-gpu-discovery.sh on a machine without GPUs (CI, laptops).
# Flink's GPUDriver calls it as: SCRIPT AMOUNT [ARGS from external-resource.gpu.param.discovery-script.args]
# and reads the GPU indices, comma-separated, from stdout.
# Usage: stand-in-gpu-discovery.sh AMOUNT --indices 0,1
set -euo pipefail
amount=${1:?amount}
shift
indices=""
while [ $# -gt 0 ]; do
  case "$1" in
    --indices) indices=${2:?indices}; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
IFS=, read -ra all <<< "$indices"
if [ "${#all[@]}" -lt "$amount" ]; then
  echo "asked for $amount GPUs, only ${#all[@]} listed: $indices" >&2
  exit 1
fi
(IFS=,; echo "${all[*]:0:$amount}")
