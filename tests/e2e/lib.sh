# lib.sh - helpers for the end-to-end tests (sourced).
set -u
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); printf '  ok   %s\n' "$*"; }
not_ok() { FAIL=$((FAIL + 1)); printf '  FAIL %s\n' "$*"; }
check() { # check "description" command...
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}
finish() {
	printf '%d passed, %d failed\n' "$PASS" "$FAIL"
	[ "$FAIL" -eq 0 ]
}
# json_py 'python expression over d' < file: prints the expression's value.
json_py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
quiet() { "$@" > /dev/null 2>&1; }
