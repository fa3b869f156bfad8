#!/usr/bin/env bash
# Installs Debian's Chromium, which the browser test of the exported HTML book uses (headless, no network needed).
# Does nothing when /usr/bin/chromium is already there. Needs root (or sudo) and Debian's package mirror.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi
sudo=""
if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium
echo "chromium: $(/usr/bin/chromium --version)"
