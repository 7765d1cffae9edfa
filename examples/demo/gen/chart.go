package main

import (
	"io"

	"github.com/policyqa/policyqa/charts"
)

// renderChart draws the demo bar chart with the charts package's renderer:
// title, gridlines, value axis, one bar per category with its data label.
func renderChart(w io.Writer) error {
	return charts.RenderDemoChart(w, charts.Spec{
		Title:      chart.title,
		Type:       charts.TypeBar,
		Categories: chart.categories,
		Series:     []charts.Series{{Name: "조성 개소", Values: chart.values}},
		Labels:     true,
		Grid:       true,
		Width:      900,
		Height:     600,
	})
}
