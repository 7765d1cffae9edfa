// Package hwp reads Hangul Word Processor documents into a
// *document.Document: HWP 5.0 (.hwp, a compound binary file) and HWPX
// (.hwpx, OWPML / KS X 6101, a zip of XML parts). ParseFile and Parse tell
// the two apart by content. Both readers build one small tree
// (paragraphs with the tables, pictures, notes and text boxes anchored in
// them), and one emitter maps it to the model the ODT and PDF parsers
// produce: headings with section paths, paragraphs, list items,
// footnotes, tables with spans, figures.
//
// HWP 5.0 (한글문서파일형식 5.0, Hancom, public; field layouts
// cross-checked against hahnlee/hwp.js and neolord0/hwplib): the compound
// file is read with github.com/richardlehane/mscfb; FileHeader gives the
// version and flags (compressed; password, DRM and distribution documents
// are refused with ErrEncrypted or ErrDRM); DocInfo gives binary items,
// numberings, paragraph shapes (outline/number/bullet heads and levels)
// and style names; BodyText/Section* are raw-deflate streams of records
// (tag, level, size) nested by level. PARA_TEXT's control characters
// (char, inline and extended, 1 or 8 code units) are mapped in order to
// the paragraph's CTRL_HEADER records: tables (LIST_HEADER cell address
// and spans, caption before the TABLE record), drawing objects (pictures
// linked through DocInfo to BinData/BINxxxx.ext, text boxes, groups),
// footnotes and endnotes, headers and footers, equations (their script
// becomes text).
//
// HWPX: META-INF/manifest.xml with encryption data means a
// password-protected package (ErrEncrypted, "password-protected HWPX;
// cannot be read"); Contents/content.hpf (found through
// META-INF/container.xml) lists the sections in spine order and the
// images; Contents/header.xml gives paragraph heads, numberings and style
// names; Contents/section*.xml hold hp:p paragraphs, hp:tbl tables
// (hp:cellAddr, hp:cellSpan), hp:pic pictures, hp:ctrl notes, headers and
// footers, drawing-object text.
//
// Mapping: outline paragraphs (개요 styles, outline heads) are headings
// of their level; numbered paragraphs get the number Hangul draws ("1.",
// "가.", "(1)"), so that the numbering patterns shared with the ODT parser
// (document.HeadingRank) make section headings of them; bulleted ones are
// list items. Tables are laid out by cell address, with empty cells where
// no cell starts or spans, so Grid keeps every cell in its column; a
// one-column table or one whose cell holds running text is a layout box
// and its content becomes ordinary blocks (the ODT parser's rule). Page
// headers and footers are kept apart from the body: they follow it as
// paragraphs under the section "머리말" or "꼬리말". Pages are estimated from
// the saved line layout (a line's vertical position restarting) and page
// breaks.
//
// Bounds: a stream or part decompressing past 256 MiB is ErrTooLarge; a
// record running past its stream is ErrRecord; spans, grids, nesting and
// XML node counts are capped. Errors name the file and no partial
// document is returned with them.
//
// 본 제품은 한글과컴퓨터의 글 문서 파일(.hwp) 공개 문서를 참고하여
// 개발하였습니다.
package hwp
