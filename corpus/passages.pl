# passages.pl - split one document's pdftotext output into passages.
#
# Usage: pdftotext -enc UTF-8 FILE - | perl -CSD passages.pl LANG POOL
# Reads the whole text on stdin and prints one line per kept passage:
#   LANG <TAB> POOL <TAB> eclis <TAB> un_symbols <TAB> text
# See make-passages.sh for why passages are dropped or rewritten.
use strict;
use warnings;

my ($lang, $pool) = @ARGV;
die "usage: passages.pl LANG POOL\n" unless defined $pool;

local $/;
my $text = <STDIN> // '';
$text =~ s/\f/\n\n/g;
$text =~ s/\r//g;
$text =~ s/\t/ /g;

# Blocks at blank lines; page-number lines and bare paragraph numbers go.
my @blocks;
for my $b (split /\n\s*\n/, $text) {
	my @lines = grep { !/^\s*\d{1,4}\s*$/ && !/^\s*$/ } split /\n/, $b;
	next unless @lines;
	my $s = join "\n", @lines;
	next if $s =~ /^\s*\d+(\.\d+)*\.?\s*$/;
	push @blocks, $s;
}

# Join a block with the next one when a page break cut a sentence.
my @joined;
for my $b (@blocks) {
	if (@joined && length($joined[-1]) > 80
	    && $joined[-1] !~ /[.!?:;)\x{201D}"]\s*$/ && $b =~ /^[\p{Ll}0-9(]/) {
		$joined[-1] .= "\n" . $b;
	} else {
		push @joined, $b;
	}
}

for my $b (@joined) {
	my @lines = split /\n/, $b;
	my $chars = 0;
	$chars += length for @lines;
	next if $chars / @lines < 40;            # lists of names, headings
	my $s = '';
	for my $l (@lines) {
		$l =~ s/^\s+|\s+$//g;
		if ($s eq '') { $s = $l; }
		elsif ($s =~ /\p{L}-$/ && $l =~ /^\p{Ll}/) { $s .= $l; }
		else { $s .= ' ' . $l; }
	}
	$s =~ tr/\x{2011}\x{2012}\x{2212}\x{27A2}\x{25AA}/\-\x{2013}\-\x{2022}\x{2022}/;
	$s =~ s/\x{AD}//g;
	$s =~ s/\s+/ /g;
	$s =~ s/^\d+(\.\d+)*\.?\s+//;              # the maker numbers paragraphs
	next if length($s) < 200;
	next unless $s =~ /[.!?]/;
	next if $s =~ /^\p{Ll}/;                  # the tail of a cut sentence
	next if $s =~ /VOORBEELDDOCUMENT|SYNTHETI|geconstrueerd voor testdoeleinden/i;
	if ($lang eq 'nl') {
		next if $s =~ /verdrag|IVRK|kinderrechtencomit|\bCRC\b|Comité voor de rechten/i;
	} else {
		next if $s =~ /\b(?:articles?|arts?\.)\s*\d/i;
		next if $s =~ /\bCRC\s+art/i;
	}
	if (length($s) > 2400) {                  # cut at a sentence end
		my $cut = rindex($s, '. ', 2000);
		next if $cut < 400;
		$s = substr($s, 0, $cut + 1);
	}
	# Dutch ECLIs become the impossible synthetic form.
	$s =~ s{ECLI:NL:([A-Z]+):(\d{4}):(?:TEST\.|SYN\.)?[A-Z]{0,2}(\d+)}
	       {sprintf("ECLI:NL:%s:%s:SYN.%06d", $1, $2, $3 % 1000000)}ge;
	my (%ecli, %un);
	$ecli{$1} = 1 while $s =~ /(ECLI:[A-Z]{2}:[A-Z]+:\d{4}:[A-Za-z0-9.]*[A-Za-z0-9])/g;
	$un{$1} = 1 while $s =~ m{\b((?:CRC|CEDAW|CMW|CCPR|CESCR|CAT|CRPD)/C/[A-Za-z0-9./-]*[A-Za-z0-9])}g;
	# "general comment No. N" is taken to be the CRC's (N <= 26), with its
	# official symbol; the early ones were numbered CRC/GC/<year>/<N>.
	my %early = (1 => 2001, 2 => 2002, 3 => 2003, 4 => 2003, 5 => 2003, 6 => 2005);
	while ($s =~ /\bgeneral comments? No\.\s*(\d{1,2})\b/gi) {
		my $n = $1;
		next if $n < 1 || $n > 26;
		$un{$early{$n} ? "CRC/GC/$early{$n}/$n" : $n == 7 ? "CRC/C/GC/7/Rev.1" : "CRC/C/GC/$n"} = 1;
	}
	print join("\t", $lang, $pool, join(';', sort keys %ecli),
	           join(';', sort keys %un), $s), "\n";
}
