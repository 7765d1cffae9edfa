// Package numbers reads the quantities of Korean policy text: numbers with
// thousands separators and decimals, Korean magnitudes (십, 백, 천, 만, 억,
// 조: "3조 1천억 원", "5천만 원"), ranges ("10~20%", "3~5만 명"), bounds
// ("20일 미만", "100 mg/kg 이하"), units (명, 개, 일, 원, %, ㎎/㎏, ㎡, …) and
// footnote marks ("제안기준1)", "소나무2)") that are not numbers at all.
//
// Find lists the quantities of a text with their byte offsets; Parse reads
// one quantity from a short string such as a table cell; ParseUnit reads
// the unit a column name asks for ("보증 한도(만 원)" → 만 원) and In
// converts a quantity into it. Format prints a value the way answers are
// written: no thousands separators, no trailing zeros.
package numbers
