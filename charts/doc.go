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
// Renderer draws charts from a Spec with a Korean TrueType font (Nanum
// Gothic from Debian's fonts-nanum, see scripts/install-ocr.sh);
// RandomSpec makes seeded random specs and Bench scores Extract against
// them (bin/policyqa bench charts).
package charts
