// Package charts reads the data table out of chart images and draws charts
// with known data to measure how well it does.
//
// Extract decides whether a figure is a bar chart (vertical, horizontal,
// grouped or stacked), a line chart or a pie chart, and recovers its title,
// category labels, series names (legend) and values. It reads text with an
// ocr.Engine in ModeChart (sparse text with word boxes) and measures the
// geometry: flat-coloured marks (bars, lines, slices) are found by colour,
// the value axis is calibrated from the OCR'd tick labels, and data labels
// printed on the chart are preferred to the geometry where they agree with
// it.
//
// Annotations (annotations.go) are what a chart shows besides its data:
// dashed and dotted reference lines valued on the value axis and paired
// with their captions, callouts in the plot, notes under it; they become
// the table's Notes.
//
// Charts from office software are read too: pastel, gray and gradient
// series colours; horizontal bars read as turned vertical ones; 3-D
// columns at their front face (frontFace3D: top and side faces cut off
// where the colour steps; dropSideFaces: faces cut off by an edge or a
// label, or seen only above a shorter neighbour), gray bars opened away
// from the gray floor edges they touch (solidParts); 3-D pies in their
// tilted plane (ellipseTop, perspective); two series of near hues whose
// gradient fills chain into one colour class split apart by their bars'
// mean colours (splitBlended); labels on stacked segments read again as
// ink on white (inkOnColour) and trusted where they add up to the
// stack (stackTolerance), and read a second time by their darkness
// under the colour, the reading nearer the segment's height kept
// (stackedSecondReading); pie percentage labels read word by word the
// same way (pieInk) and weighed against the measured shares, labels
// being rounded (pieShares); lines at their markers on a
// numeric x axis; tick and data labels the first reading missed read
// again numbers-only (ocr.ModeDigits, several regions in one call:
// digitsMosaic); titles, categories and legend names read again one line
// at a time with LabelModel. A value that cannot be read is NaN in
// Series.Values and an empty cell in Document, never a number. BenchDir
// scores a folder of chart images against a truth.jsonl
// (scripts/charts/bench-office.sh renders one with LibreOffice).
//
// Renderer draws charts from a Spec with a Korean TrueType font (Nanum
// Gothic from Debian's fonts-nanum, see scripts/install-ocr.sh);
// RandomSpec makes seeded random specs and Bench scores Extract against
// them (bin/policyqa bench charts).
package charts
