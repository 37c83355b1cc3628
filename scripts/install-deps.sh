#!/bin/sh
# install-deps.sh - installs what kindex needs to build, run and be tested,
# from Debian's packages.  Run as root (or it uses sudo).
set -eu
PACKAGES="build-essential pkg-config
 libxapian-dev xapian-tools xapian-omega
 libpoppler-glib-dev poppler-utils
 libmicrohttpd-dev libgnutls28-dev libjson-c-dev libsodium-dev zlib1g-dev libcmocka-dev libcairo2-dev
 clang libclang-rt-14-dev
 python3 curl wrk valgrind busybox time qpdf
 chromium nodejs npm"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $PACKAGES
