// Package reader is policyqa's extractive question-answering stage: given a
// question and a few passages it returns the most likely answer spans, each
// mapped back to byte offsets of the passage it came from.
//
// The work is split the way hugot's question-answering pipeline is, into
// small steps that tests reach without any native library:
//
//   - preprocess: the question and every passage are tokenised separately
//     (offsets kept), the question is cut to MaxQuestionTokens, and each
//     passage is cut into overlapping windows of at most MaxLength tokens
//     laid out by the model's own pair template ([CLS] q [SEP] p [SEP] for
//     BERT/ELECTRA, <s> q </s></s> p </s> for RoBERTa/XLM-R), Stride tokens
//     of overlap between neighbouring windows (Hugging Face's doc_stride);
//   - forward: windows of all passages are sorted by length and batched
//     (at most BatchSize, a new batch where padding would exceed a quarter
//     of the longest window) and run through the model, Workers batches at
//     a time;
//   - postprocess: every (start, end) pair inside a window's passage part,
//     at most MaxAnswerTokens long, is scored start_logit + end_logit. Raw
//     logit sums, not per-window softmax, keep scores comparable across
//     windows and passages. Spans are mapped to byte offsets through the
//     tokenizer's offsets; duplicates (the same bytes seen from two
//     overlapping windows) keep their best score; the n best are returned.
//     The SQuAD 2.0 null score (the [CLS] position) is reported per passage
//     in Span.Null.
//
// ONNXReader runs the model with ONNX Runtime (github.com/yalue/onnxruntime_go)
// and tokenises with Hugging Face tokenizers (github.com/daulet/tokenizers).
// Both are native: the implementation is compiled only with the build tag
// "ort" (make build passes it; it needs third_party/lib/libtokenizers.a from
// scripts/build-tokenizers.sh at link time and libonnxruntime.so from
// scripts/install-onnxruntime.sh at run time). Without the tag New returns
// ErrNotBuilt, so the rest of the repository builds, vets and tests without
// the native libraries. Fake is a Reader for other packages' tests.
package reader
