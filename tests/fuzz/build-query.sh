#!/bin/sh
# build-query.sh - builds the query-side libFuzzer target build-fuzz/fuzz_query
# (beside build.sh, which builds fuzz_cite).  Every object of the project
# except cli/main.c is compiled with coverage, ASan and UBSan into
# build-fuzz/query/, then linked with tests/fuzz/fuzz_query.c.
#   tests/fuzz/build-query.sh
#   build-fuzz/fuzz_query -max_total_time=600 tests/fuzz/corpus_query
# (run from the repository root: the fuzz index is built from corpus/samples,
# or set KINDEX_FUZZ_DB to an existing index)
set -eu
cd "$(dirname "$0")/../.."
CC=${CC:-clang}
CXX=${CXX:-clang++}
out=build-fuzz/query
mkdir -p "$out" build-fuzz
# the same libraries as the Makefile, whatever it lists today
PKGS=$(sed -n 's/^PKGS *:= *//p' Makefile)
PKG_CFLAGS=$(pkg-config --cflags $PKGS | sed 's/-I/-isystem /g')
PKG_LIBS=$(pkg-config --libs $PKGS)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
COMMON="-g -O1 -fno-omit-frame-pointer $SAN -I. -D_GNU_SOURCE -DKINDEX_DATADIR=\"$(pwd)/data\" $PKG_CFLAGS"
objs=""
newest_h=$(ls -t base/*.h search/*.h indexer/*.h web/*.h cli/*.h | head -1)
for src in base/*.c search/*.c indexer/*.c web/*.c cli/*.c search/*.cc; do
	[ "$src" = cli/main.c ] && continue
	[ -f "$src" ] || continue
	obj="$out/$(echo "$src" | tr / _).o"
	objs="$objs $obj"
	[ "$obj" -nt "$src" ] && [ "$obj" -nt "$newest_h" ] && continue
	case "$src" in
	*.cc) $CXX -std=c++17 $COMMON -fsanitize=fuzzer-no-link -c -o "$obj" "$src" ;;
	*) $CC -std=gnu11 $COMMON -fsanitize=fuzzer-no-link -Wall -Wextra -c -o "$obj" "$src" ;;
	esac
done
$CC -std=gnu11 $COMMON -fsanitize=fuzzer -Wall -Wextra -Werror -c -o "$out/fuzz_query.o" tests/fuzz/fuzz_query.c
$CXX $SAN -fsanitize=fuzzer -o build-fuzz/fuzz_query "$out/fuzz_query.o" $objs $PKG_LIBS -lpthread -lm
mkdir -p tests/fuzz/corpus_query
echo "built build-fuzz/fuzz_query"
