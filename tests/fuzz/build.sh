#!/bin/sh
# build.sh - builds the libFuzzer targets into build-fuzz/.
#   tests/fuzz/build.sh            build
#   build-fuzz/fuzz_cite tests/fuzz/corpus_cite -max_total_time=600   run
set -eu
cd "$(dirname "$0")/../.."
mkdir -p build-fuzz
CC=${CC:-clang}
FLAGS="-std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Wall -Wextra -Werror -I. -D_GNU_SOURCE"
$CC $FLAGS -o build-fuzz/fuzz_cite tests/fuzz/fuzz_cite.c search/cite.c search/cite_[a-z]*.c base/error.c base/xalloc.c
echo "built build-fuzz/fuzz_cite"
