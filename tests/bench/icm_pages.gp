# Device memory (ICM pages) against rules in one BWC matcher, RX-only rules
# next to rules that go both ways.  Input: the file of
#   hwsctl bench --compare --rules N --series FILE
# Run: gnuplot -e "series='FILE'; out='docs/icm_pages.png'" tests/bench/icm_pages.gp
if (!exists("series")) series = 'series.dat'
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
plot series using 2:(strcol(1) eq "rx_only" ? $3 : 1/0) \
	with linespoints pt 7 title "RX only (flow source uplink)", \
     series using 2:(strcol(1) eq "bidirectional" ? $3 : 1/0) \
	with linespoints pt 5 title "both directions (flow source any)"
