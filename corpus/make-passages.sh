#!/bin/sh
# make-passages.sh - build corpus/passages.tsv.gz, the text that mkcorpus
# recombines into synthetic benchmark documents.
#
# Usage: corpus/make-passages.sh [CORPUS_DIR [OUTPUT]]
#   CORPUS_DIR defaults to /work/shared/corpus (must hold MANIFEST.tsv),
#   OUTPUT     defaults to corpus/passages.tsv.gz next to this script.
#
# What it does:
#   1. Runs `pdftotext -enc UTF-8` over every text PDF in MANIFEST.tsv
#      (scans/ have no text layer; treaties/ and French rulings are skipped).
#   2. Splits the text into paragraphs at blank lines, drops page numbers,
#      headings and title-block lines, and joins paragraphs that a page
#      break cut in two.
#   3. Tags each paragraph with the language from MANIFEST.tsv and a pool
#      name from the folder (un_gc, un_views, report, echr, ruling,
#      legislation).
#   4. Keeps the labels honest: mkcorpus lists in its MANIFEST exactly the
#      CRC articles it cites itself, so paragraphs that already cite a
#      Convention article are dropped (English: any "article N" outside
#      Dutch-law context; Dutch: any mention of a "verdrag" or the IVRK).
#      Dutch ECLIs are rewritten to the impossible synthetic form
#      ECLI:NL:<COURT>:<YEAR>:SYN.<NNNNNN>; the ECLIs and UN symbols that
#      remain are listed per paragraph so the maker can label them.
#   5. Deduplicates, caps each pool so the gzip stays well under 2 MB, and
#      writes the TSV, sorted, so the output is reproducible.
#
# Output columns (tab-separated, UTF-8, no header):
#   lang  pool  eclis(;-separated)  un_symbols(;-separated)  text
#
# Needs: pdftotext (poppler-utils), perl, gzip, sort.  Exits non-zero on
# the first missing tool or unreadable manifest.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=${1:-/work/shared/corpus}
out=${2:-$here/passages.tsv.gz}

for tool in pdftotext perl gzip sort; do
	command -v "$tool" >/dev/null 2>&1 || { echo "make-passages: $tool not found" >&2; exit 1; }
done
[ -r "$src/MANIFEST.tsv" ] || { echo "make-passages: $src/MANIFEST.tsv not readable" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# file<TAB>language, text PDFs only.
tail -n +2 "$src/MANIFEST.tsv" | cut -f1,3 |
	grep -v -e '^scans/' -e '^treaties/' |
	while IFS='	' read -r file lang; do
		case $lang in en|nl) ;; *) continue ;; esac
		case $file in
		un/views/*) pool=un_views ;;
		un/*) pool=un_gc ;;
		reports/*|rulings/other/*) pool=report ;;
		rulings/echr/*) pool=echr ;;
		rulings/nl*) pool=ruling ;;
		legislation/*) pool=legislation ;;
		*) continue ;;
		esac
		pdftotext -enc UTF-8 -q "$src/$file" - 2>/dev/null |
			perl -CSD "$here/passages.pl" "$lang" "$pool" ||
			echo "make-passages: skipped $file" >&2
	done >"$tmp/all.tsv"

# Deduplicate, then cap every pool at a byte budget so the committed file
# stays small.  The cap keeps an evenly spread sample (every k-th line of
# the sorted pool), which keeps it deterministic.
LC_ALL=C sort -u "$tmp/all.tsv" |
	perl -CSD -F'\t' -lane '
		BEGIN { %cap = (un_gc => 1000000, un_views => 1000000, report => 700000, echr => 600000,
		                ruling => 1200000, legislation => 900000); }
		push @{$p{"$F[0]\t$F[1]"}}, $_; $b{"$F[0]\t$F[1]"} += length($_);
		END {
			for my $k (sort keys %p) {
				my ($pool) = (split /\t/, $k)[1];
				my $step = $b{$k} / $cap{$pool};
				$step = 1 if $step < 1;
				my $n = 0; my $next = 0;
				for my $l (@{$p{$k}}) {
					if ($n++ >= $next) { print $l; $next += $step; }
				}
			}
		}' | gzip -9n >"$out"

echo "make-passages: $(gzip -dc "$out" | wc -l) passages, $(wc -c <"$out") bytes -> $out" >&2
gzip -dc "$out" | cut -f1,2 | sort | uniq -c >&2
