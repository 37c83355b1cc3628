#!/bin/sh
# install-deps.sh - installs what kindex needs to build, run and be tested,
# from Debian's packages.  Run as root (or it uses sudo).
set -eu
PACKAGES="build-essential pkg-config
 libxapian-dev xapian-tools xapian-omega
 libpoppler-glib-dev libglib2.0-dev poppler-utils
 libmicrohttpd-dev libgnutls28-dev libjson-c-dev libsodium-dev zlib1g-dev libzstd-dev libjemalloc-dev libcmocka-dev libcairo2-dev
 libsqlite3-dev libzip-dev libxml2-dev libpango1.0-dev fonts-dejavu-core unzip
 libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng
 clang libclang-rt-14-dev
 python3 curl wrk valgrind busybox time qpdf util-linux
 man-db openssl strace systemd
 dict-freedict-nld-eng
 chromium"
# Node.js with npm runs the browser tests (playwright-core).  A machine may
# already have them from elsewhere (NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package): install Debian's only when missing.
command -v npm > /dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $PACKAGES
