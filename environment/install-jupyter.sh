#!/usr/bin/env bash
# Makes this checkout's notebooks runnable in Jupyter: Debian's nbconvert and Jupyter client (when `jupyter nbconvert`
# is missing), then the .NET Interactive kernel from this repository's tool manifest (Microsoft.dotnet-interactive,
# pinned in .config/dotnet-tools.json) registered as Jupyter's ".NET (C#)" kernel with `dotnet interactive jupyter
# install`. The registered kernel starts `dotnet interactive`, which finds the local tool from any folder of this
# checkout (Jupyter starts it in the notebook's folder). Installing Debian's packages needs root (or sudo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! jupyter nbconvert --version > /dev/null 2>&1; then
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client
fi
echo "jupyter nbconvert: $(jupyter nbconvert --version)"
dotnet tool restore > /dev/null
dotnet tool run dotnet-interactive jupyter install
jupyter kernelspec list 2>/dev/null | grep -F '.net-csharp'
