#!/usr/bin/env bash
# Installs headless Chromium (Debian package `chromium`) when /usr/bin/chromium is missing: the
# report rendering test of ferrite-cli (ReportRenderingTest) opens `ferrite bench`'s report.html
# in it and must run in CI. Needs root and apt-get (the CI machine is a fresh Debian).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo ".ci/chromium.sh: /usr/bin/chromium is missing and there is no apt-get to install it" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium
