// Package dataset reads a dataset mount in the AGC 2022 challenge layout:
//
//	problemsheet.json
//	doc/<NN>/<doc_file>.odt|.pdf|.hwpx|.hwp   (also unpacked ODT folders holding content.xml)
//	ref/<ref_file>.xml|.bmp|.png|.jpg
//
// It parses the problem sheet leniently (one bad entry does not spoil the
// others) and locates documents and reference files by id.
package dataset
