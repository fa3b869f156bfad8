#!/usr/bin/env bash
# Checks that this machine can build and run NinNotebooks: the .NET 10 SDK is installed, and TorchSharp loads
# and computes (`nin doctor`, which also applies the libstdc++ compatibility step where needed).
# Usage: bash environment/check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK is not on PATH. Install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0" >&2
  exit 1
fi

sdk="$(dotnet --version 2>/dev/null || true)"
if [[ "${sdk%%.*}" != "10" && ! "$(dotnet --list-sdks 2>/dev/null)" =~ (^|$'\n')10\. ]]; then
  echo "error: NinNotebooks needs the .NET 10 SDK; found '${sdk:-none}'. Install it: https://dotnet.microsoft.com/download/dotnet/10.0" >&2
  exit 1
fi
echo "SDK: .NET ${sdk}"

exec "$root/nin" doctor
