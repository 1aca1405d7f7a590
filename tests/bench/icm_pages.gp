# Device memory (ICM pages) against rules in one BWC matcher, RX-only rules
# next to rules that go both ways, for each size policy.  Input: the files
# of
#   hwsctl bench --compare --rules N --policy assured --series A
#   hwsctl bench --compare --rules N --policy compact --series C
# Run: gnuplot -e "assured='A'; compact='C'; out='docs/icm_pages.png'" \
#      tests/bench/icm_pages.gp
if (!exists("assured")) assured = 'assured.dat'
if (!exists("compact")) compact = 'compact.dat'
if (!exists("out")) out = 'icm_pages.png'

set terminal pngcairo size 900,560 font ",11"
set output out
set title "libhws BWC matcher on the device model: ICM pages per rule count"
set xlabel "rules in the matcher"
set ylabel "ICM pages (4 KiB)"
set logscale xy 2
set format x "2^{%L}"
set format y "2^{%L}"
set key top left
set grid
plot assured using 2:(strcol(1) eq "bidirectional" ? $3 : 1/0) \
	with linespoints pt 5 title "assured, both directions (flow source any)", \
     assured using 2:(strcol(1) eq "rx_only" ? $3 : 1/0) \
	with linespoints pt 7 title "assured, RX only (flow source uplink)", \
     compact using 2:(strcol(1) eq "bidirectional" ? $3 : 1/0) \
	with linespoints pt 4 title "compact, both directions", \
     compact using 2:(strcol(1) eq "rx_only" ? $3 : 1/0) \
	with linespoints pt 6 title "compact, RX only"
