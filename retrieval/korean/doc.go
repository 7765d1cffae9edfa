// Package korean turns Korean (and mixed Korean/Latin/number) text into
// index terms for retrieval.
//
// Korean words carry particles and endings glued to their stems
// ("지원사업의", "정책을", "확대되었다"), so matching whole words fails. The
// tokenizers here split text into runs of one script and then:
//
//   - ModeBigram: emit overlapping character bigrams for every Hangul/Han
//     run (a unigram for a one-character run), so "지원사업의" shares
//     "지원", "원사", "사업" with "지원사업은";
//   - ModeMorph: emit the content morphemes (nouns, verb and adjective
//     stems, roots, foreign words, numbers) found by the mecab-ko-dic
//     dictionary through kagome;
//   - ModeBigramMorph: both streams.
//   - ModeWord: whitespace-like words, lower-cased (a baseline).
//
// Korean spacing is no reliable word boundary, so ModeBigram and
// ModeBigramMorph also emit the bigram across each blank between two
// Hangul/Han words (민생안정 특약 → 정특; 위 임 장 → 위임, 임장), and
// ModeMorph and ModeBigramMorph read a letter-spaced word (a run of
// one-syllable Hangul words separated by blanks: 위 임 장, 성 명) again as
// the word written together. See Tokenizer.appendSpaced.
//
// Latin letters and digits are kept as whole lower-cased tokens in every
// mode; thousands separators are dropped from numbers ("2,024" → "2024") and
// decimal points kept ("1.5"). Full-width forms are folded to ASCII.
//
// NormalizeQuestion drops interrogatives (무엇, 몇, 얼마, 어느, 언제, 누구, …)
// from a question before it is analysed as a query.
//
// Tokenizer implements bleve's analysis.Tokenizer; the retrieval package
// registers it with bleve's registry in one place.
package korean
