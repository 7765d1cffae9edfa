package solve

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/textkit"
)

// collectionK is how many passages task 4 re-ranks.
const collectionK = 10

// minFit is the least share of the question's focus a sentence must hold
// to answer from it.
const minFit = 0.3

// contextDiscount weighs the question words a sentence gets from the
// sentences before it in its passage against those it holds itself.
const contextDiscount = 0.9

// candidate is one passage read as a possible answer.
type candidate struct {
	Ev    Evidence
	Value string
	Score float64
}

// collection answers task 4. The question is analysed (answer type, unit,
// superlative, two-step split); a two-step question first finds the entity
// its superlative names, then asks the second part about it. Each step
// searches the whole collection, reads an answer from every passage found
// (the items of a breakdown sentence, the value after the question's
// focus, or a table cell whose row and column the question names),
// re-ranks the passages by retrieval score, match with the question,
// whether an answer was read, and the reader's spans when a reader is set,
// and answers from the best. Evidence lists the passages used, best first.
// When no passage yields an answer, the answer is empty and the evidence
// is the best passages found.
func (s *Solver) collection(ctx context.Context, p dataset.Problem) (Answer, error) {
	ans, err := s.collectionIn(ctx, p.Question, nil)
	if err != nil {
		return Empty(p), fmt.Errorf("problem %s: %w", p.ProblemNo, err)
	}
	return ans, nil
}

// collectionIn answers a task-4 question over the documents docIDs (nil:
// the whole collection); Ask and collection share it.
func (s *Solver) collectionIn(ctx context.Context, question string, docIDs []string) (Answer, error) {
	if parts := splitParts(question); len(parts) > 1 {
		return s.severalValues(ctx, parts, docIDs)
	}
	in := analyse(question)
	if in.First != "" {
		ans, ok, err := s.twoStep(ctx, question, in, docIDs)
		if err != nil {
			return Answer{}, err
		}
		if ok {
			return ans, nil
		}
	}
	ans, err := s.oneStep(ctx, question, in, "", docIDs)
	if err != nil {
		return ans, err
	}
	if v, _ := ans.Value.(string); v != "" && len(ans.Evidence) > 0 && namesBody(in.Expect.Kind) && contactAfter(question) {
		// "담당자는 누구이고 전화번호는?": the second ask has no
		// interrogative of its own; the contact is on the person's line.
		if c := contactNear(ans.Evidence[0].Paragraph, v); c != "" {
			ans.Value = v + ", " + c
		}
	}
	return ans, nil
}

// contactAfter reports whether a question asks a contact after its
// interrogative ("누구이고 전화번호는?", "어느 부서이며 연락처는?").
func contactAfter(q string) bool {
	loc := interrogativeRe.FindStringIndex(q)
	return loc != nil && asksContact(q[loc[1]:])
}

// severalValues answers a question that asks several values, one part at
// a time: the values in the order asked, joined by ", ", and the evidence
// of each part (its best passage first). A part without an answer is left
// out of the value.
func (s *Solver) severalValues(ctx context.Context, parts []part, docIDs []string) (Answer, error) {
	ans := Answer{Value: "", Evidence: []Evidence{}}
	var values []string
	var rest []Evidence
	score := 0.0
	var prev Answer // the last part answered, and its question
	var prevIn intent
	for _, pt := range parts {
		in := analyse(pt.Question)
		if in.Type == typeList {
			// Each part asks one value: "기관별 추천서" of a part names a
			// thing, not a breakdown.
			in.Type = typeNumber
			if (asksWhich(in.Question) || namesBody(in.Expect.Kind)) && !strings.Contains(in.Question, "얼마") && !strings.Contains(in.Question, "몇") {
				in.Type = typeName
			}
		}
		if v, _ := prev.Value.(string); v != "" && len(prev.Evidence) > 0 && asksContact(pt.Question) {
			// "…는 누구이며 연락처는": the phone or mail on the line of
			// the person (or body) just found.
			if c := contactNear(prev.Evidence[0].Paragraph, v); c != "" {
				values = append(values, c)
				score += prev.Score
				continue
			}
		}
		entity := ""
		if v, _ := prev.Value.(string); v != "" && (prevIn.Op == opMax || prevIn.Op == opMin) && in.Type == typeNumber && in.Op == opNone {
			// "가장 많은 곳은 어디이며 정원은 몇 명인가": the value of the
			// entity just found.
			entity = v
		}
		a, err := s.oneStep(ctx, pt.Search, in, entity, docIDs)
		if err != nil {
			return ans, err
		}
		if v, _ := a.Value.(string); v == "" && entity != "" {
			if a, err = s.oneStep(ctx, pt.Search, in, "", docIDs); err != nil {
				return ans, err
			}
		}
		prev, prevIn = a, in
		if v, _ := a.Value.(string); v != "" {
			values = append(values, v)
			score += a.Score
			if len(a.Evidence) > 0 {
				ans.Evidence = appendEvidence(ans.Evidence, a.Evidence[0])
				rest = append(rest, a.Evidence[1:]...)
			}
		} else {
			rest = append(rest, a.Evidence...)
		}
	}
	for _, e := range rest {
		if len(ans.Evidence) >= max(3, len(parts)) {
			break
		}
		ans.Evidence = appendEvidence(ans.Evidence, e)
	}
	ans.Value = strings.Join(values, ", ")
	ans.Score = score / float64(len(parts))
	return ans, nil
}

// bareNames are names listed with a note each ("가평(관광데이터)") without
// the notes.
func bareNames(items []string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		if k := strings.IndexAny(it, "(（"); k > 0 {
			it = strings.TrimSpace(it[:k])
		}
		out[i] = it
	}
	return out
}

// contactWords name a contact a question asks for.
var contactWords = []string{"연락처", "전화번호", "전화", "이메일", "메일", "e-mail", "E-mail"}

// asksContact reports whether a question part asks a phone or mail.
func asksContact(q string) bool { return hasAnyWord(q, contactWords...) }

// mailRe finds an e-mail address.
var mailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// contactNear is the phone number or e-mail address on a line of text
// that names name: the first after the name, else the first on the line; "" when no line names it or none holds one. A contact table's
// row reads as one line ("책임자 과 장 홍길동 (044-100-1000)"), as does
// a sentence "담당자 홍길동(044-100-1000)".
func contactNear(text, name string) string {
	for _, line := range strings.Split(text, "\n") {
		i := strings.Index(line, name)
		if i < 0 {
			continue
		}
		for _, part := range []string{line[i+len(name):], line} {
			// the nearer of the first phone and the first mail (a
			// flattened table runs on into the next rows' contacts)
			p, m := phoneRe.FindStringIndex(part), mailRe.FindStringIndex(part)
			switch {
			case p != nil && (m == nil || p[0] < m[0]):
				v := part[p[0]:p[1]]
				if strings.HasPrefix(v, "(") && !strings.Contains(v, ")") {
					v = v[1:] // "(044-100-1000)": the brackets around it
				}
				return v
			case m != nil:
				return part[m[0]:m[1]]
			}
		}
	}
	return ""
}

// twoStep answers "<X>이 가장 높은 <Head>의 <Y>": the entity first, then
// its Y. ok is false when the first step finds no entity.
func (s *Solver) twoStep(ctx context.Context, question string, in intent, docIDs []string) (Answer, bool, error) {
	ent, ev, score, err := s.superlativeEntity(ctx, in.First, in.Head, docIDs)
	if err != nil || ent == "" {
		return Answer{}, false, err
	}
	s.logger().Debug("two-step question", "question", question, "entity", ent, "first", in.First, "second", in.Second)
	sub := ent + "의 " + in.Second
	subIn := analyse(sub)
	subIn.First = ""
	ans, err := s.oneStep(ctx, sub, subIn, ent, docIDs)
	if err != nil {
		return Answer{}, false, err
	}
	// The first step's passage supports the answer as much as the second's.
	evs := []Evidence{ev}
	for _, e := range ans.Evidence {
		evs = appendEvidence(evs, e)
	}
	if ans.Value == "" {
		return Answer{Value: "", Evidence: evs[:min(len(evs), 3)]}, true, nil
	}
	if len(ans.Evidence) > 0 {
		// Best first: the passage holding the value, then the one naming
		// the entity, then the rest.
		evs = appendEvidence([]Evidence{ans.Evidence[0]}, ev)
		for _, e := range ans.Evidence[1:] {
			evs = appendEvidence(evs, e)
		}
	}
	ans.Evidence = evs[:min(len(evs), 4)]
	ans.Score *= score
	return ans, true, nil
}

// oneStep searches the collection for question and answers it from the
// best passage. With entity set, only passages (or table rows) naming the
// entity may answer; docIDs (nil: all) restricts the search.
func (s *Solver) oneStep(ctx context.Context, question string, in intent, entity string, docIDs []string) (Answer, error) {
	ans := Answer{Value: "", Evidence: []Evidence{}}
	hits, err := s.search(ctx, retrieval.Query{Text: question, K: collectionK, DocIDs: docIDs})
	if err != nil {
		return ans, fmt.Errorf("search: %w", err)
	}
	if len(hits) == 0 {
		return ans, nil
	}
	if label := asksParty(question, in); label != "" && entity == "" {
		if a, ok := s.partyAnswer(ctx, label, in, hits); ok {
			return a, nil
		}
	}
	if entity == "" && asksHistory(question, in) {
		if a, ok := s.historyAnswer(ctx, question, in, hits); ok {
			return a, nil
		}
	}
	docPassages := map[string][]document.Passage{}
	hits, shares, boiler, err := s.bodyHits(ctx, question, hits, docPassages, docIDs)
	if err != nil {
		return ans, err
	}
	bonus := s.readerBonus(ctx, question, in, hits)
	var cands []candidate
	for i, h := range hits {
		c := candidate{Ev: evidenceOf(h.Passage)}
		var fit float64
		if h.Passage.Kind == document.KindTable {
			c.Value, fit, c.Ev = s.tableAnswer(ctx, h.Passage, in, entity)
		} else {
			var header []numbers.Period
			if len(in.Expect.Periods) > 0 {
				header = s.passageHeader(ctx, h.Passage, docPassages)
			}
			c.Value, fit = textAnswerIn(h.Passage.Text, in, entity, header)
		}
		if r, ok := bonus[i]; ok && in.Type == typeName && r.text != "" {
			// The reader's span is a candidate like any other: of the
			// kind asked, or not an answer.
			if v, ok := readerSpanFits(r.text, in.Expect); ok {
				c.Value = v
			}
		}
		c.Score = 0.35*shares[i] + 0.45*fit + bonus[i].score
		if c.Value != "" {
			c.Score += 0.2
		}
		if boiler[i] {
			c.Score -= boilerPenalty
		}
		cands = append(cands, c)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	if namesBody(in.Expect.Kind) && asksAddressee(in.Question) {
		// "이 신청서의 수신자는", "누구 앞으로 제출하는가": a short address
		// line ("… 귀하") rarely ranks; read it from the documents of the
		// best passages, a little above that document's best candidate.
		cands = s.withAddressees(ctx, hits, cands, in.Question)
	}
	if log := s.logger(); log.Enabled(ctx, slog.LevelDebug) {
		for _, c := range cands {
			log.Debug("task 4 candidate", "question", question, "value", c.Value, "score", c.Score, "doc", c.Ev.DocFile, "page", c.Ev.Page, "text", truncateRunes(c.Ev.Paragraph, 80))
		}
	}
	for _, c := range cands {
		if c.Value != "" {
			ans.Value, ans.Score = c.Value, min(c.Score, 1)
			ans.Evidence = append(ans.Evidence, c.Ev)
			break
		}
	}
	if ans.Value != "" {
		// Corroborating passages next: of the rest, those that state the
		// value (a table row's figure is often also written in a
		// sentence, which is then the evidence a reader looks for).
		sort.SliceStable(cands, func(i, j int) bool {
			return statesValue(cands[i].Ev.Paragraph, ans.Value.(string)) && !statesValue(cands[j].Ev.Paragraph, ans.Value.(string))
		})
	}
	for _, c := range cands {
		if len(ans.Evidence) >= 3 {
			break
		}
		ans.Evidence = appendEvidence(ans.Evidence, c.Ev)
	}
	return ans, nil
}

// statesValue reports whether text states value: value occurs in text,
// white space ignored, and a value that starts or ends with a digit is not
// part of a longer number there ("334" is not stated by "1,334" or
// "3345", nor "3.3" by "3.35"). Letters compare case-folded.
func statesValue(text, value string) bool {
	f, v := textkit.Fold(text), textkit.Fold(value).Runes
	t := f.Runes
	if len(v) == 0 || len(v) > len(t) {
		return false
	}
	digit := func(r rune) bool { return r >= '0' && r <= '9' }
	// joined: t[k-1] and t[k] were written without white space between.
	joined := func(k int) bool {
		_, size := utf8.DecodeRuneInString(text[f.Pos[k-1]:])
		return f.Pos[k]-f.Pos[k-1] == size
	}
	for i := 0; i+len(v) <= len(t); i++ {
		if string(t[i:i+len(v)]) != string(v) {
			continue
		}
		if digit(v[0]) && i > 0 && joined(i) && (digit(t[i-1]) || (i > 1 && (t[i-1] == ',' || t[i-1] == '.') && joined(i-1) && digit(t[i-2]))) {
			continue
		}
		if e := i + len(v); digit(v[len(v)-1]) && e < len(t) && joined(e) && (digit(t[e]) || (e+1 < len(t) && (t[e] == ',' || t[e] == '.') && joined(e+1) && digit(t[e+1]))) {
			continue
		}
		return true
	}
	return false
}

// boilerPenalty is taken from the score of a running header or footer.
const boilerPenalty = 0.4

// boilerPages is how many pages of one document a passage must repeat on
// to be a running header or footer.
const boilerPages = 3

// bodyHits scores the retrieved passages by their share of the best
// retrieval score and marks running headers and footers (boilerplate: a
// passage repeated, digits and spaces aside, on boilerPages or more pages
// of its document). When one of the first three hits is boilerplate, the
// question's words it holds (an identifier, the title) have steered the
// search: the documents it is from are searched again without them, and
// those body passages join the list at a slightly lower share.
func (s *Solver) bodyHits(ctx context.Context, question string, hits []retrieval.Hit, docPassages map[string][]document.Passage, docIDs []string) ([]retrieval.Hit, []float64, []bool, error) {
	top := hits[0].Score
	if top <= 0 {
		top = 1
	}
	shares := make([]float64, len(hits))
	boiler := make([]bool, len(hits))
	seen := map[string]bool{}
	var boilerDocs []string
	var boilerText []string
	for i, h := range hits {
		shares[i] = max(h.Score, 0) / top
		seen[h.Passage.ID] = true
		boiler[i] = s.isBoilerplate(ctx, h.Passage, docPassages)
		if boiler[i] && i < 3 {
			if !slices.Contains(boilerDocs, h.Passage.DocID) {
				boilerDocs = append(boilerDocs, h.Passage.DocID)
			}
			boilerText = append(boilerText, h.Passage.Text)
		}
	}
	if len(boilerDocs) == 0 {
		return hits, shares, boiler, nil
	}
	var kept []string
	for _, w := range strings.Fields(question) {
		core := textkit.StripParticle(strings.Trim(w, "?？.,"))
		if core == "" || mentions(strings.Join(boilerText, " "), []string{core}) >= 0 {
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 || len(kept) == len(strings.Fields(question)) {
		return hits, shares, boiler, nil
	}
	more, err := s.search(ctx, retrieval.Query{Text: strings.Join(kept, " "), K: collectionK, DocIDs: boilerDocs})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("search without boilerplate words: %w", err)
	}
	if len(more) == 0 {
		return hits, shares, boiler, nil
	}
	top2 := more[0].Score
	if top2 <= 0 {
		top2 = 1
	}
	for _, h := range more {
		if seen[h.Passage.ID] || len(docIDs) > 0 && !slices.Contains(docIDs, h.Passage.DocID) {
			continue
		}
		seen[h.Passage.ID] = true
		hits = append(hits, h)
		shares = append(shares, 0.9*max(h.Score, 0)/top2)
		boiler = append(boiler, s.isBoilerplate(ctx, h.Passage, docPassages))
	}
	return hits, shares, boiler, nil
}

// isBoilerplate reports whether p repeats, digits and spaces aside, on
// boilerPages or more pages of its document (a running header or footer:
// a title, an identifier, a page number line). docPassages caches the
// documents' passages for one question.
func (s *Solver) isBoilerplate(ctx context.Context, p document.Passage, docPassages map[string][]document.Passage) bool {
	ps := s.cachedPassages(ctx, p.DocID, docPassages)
	key := boilerKey(p.Text)
	if key == "" {
		return false
	}
	pages := map[int]bool{}
	for _, q := range ps {
		if q.Page != p.Page && boilerKey(q.Text) == key {
			pages[q.Page] = true
		}
	}
	return len(pages)+1 >= boilerPages
}

// boilerKey is a passage's text without spaces and page-number digits
// that differ from page to page: letters and the first run of digits
// kept only as a shape (long identifiers stay, since they repeat).
func boilerKey(text string) string {
	var b strings.Builder
	for _, r := range text {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	k := b.String()
	if utf8.RuneCountInString(k) > 200 {
		return "" // a body paragraph, not a header line
	}
	// A page number ("- 3 -", "3 / 15") at either end is not part of the line.
	return strings.TrimFunc(k, func(r rune) bool { return unicode.IsDigit(r) || r == '-' || r == '/' || r == '|' })
}

// readerSpanFits checks a reader span against the kind a question asks
// (a name for 누구, a place for 어디, a date for 언제, a quantity of the unit
// asked) and returns it normalised; ok is false for a span of another kind.
func readerSpanFits(span string, e expectation) (string, bool) {
	switch e.Kind {
	case kindQuantity:
		q, ok := numbers.Parse(span)
		if !ok || numbers.Overlaps(q, numbers.FindPeriods(span)) {
			return "", false
		}
		if fits, _ := e.accepts(q); !fits {
			return "", false
		}
		return strings.TrimSpace(span), true
	case kindUnknown:
		return strings.TrimSpace(span), true
	}
	return fitsKind(span, e.Kind)
}

// truncateRunes cuts s to at most n runes, for logs.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// readerHint is the reader's view of one passage.
type readerHint struct {
	score float64
	text  string
}

// readerBonus asks the reader (when set) about the hits and returns, per
// hit index, a re-ranking bonus (0.3 for the best span's passage, less
// for later spans) and the span text.
func (s *Solver) readerBonus(ctx context.Context, question string, in intent, hits []retrieval.Hit) map[int]readerHint {
	out := map[int]readerHint{}
	if s.Reader == nil {
		return out
	}
	texts := make([]string, len(hits))
	for i, h := range hits {
		texts[i] = h.Passage.Text
	}
	spans, err := s.Reader.Answer(ctx, question, texts, 3)
	if err != nil {
		s.logger().Warn("reader failed; ranking without it", "err", err)
		return out
	}
	for rank, sp := range spans {
		if sp.Passage < 0 || sp.Passage >= len(hits) || strings.TrimSpace(sp.Text) == "" {
			continue
		}
		if _, seen := out[sp.Passage]; seen {
			continue
		}
		out[sp.Passage] = readerHint{score: 0.3 / float64(rank+1), text: strings.TrimSpace(sp.Text)}
	}
	return out
}

// textAnswer reads the answer of a text passage: from its sentence that
// best matches the question's focus, every item for a breakdown question,
// else the value after the focus. fit is that sentence's match (0-1).
func textAnswer(text string, in intent, entity string) (value string, fit float64) {
	return textAnswerIn(text, in, entity, nil)
}

// cachedPassages returns the passages of document id, read once per
// question into cache (nil when the document cannot be read).
func (s *Solver) cachedPassages(ctx context.Context, id string, cache map[string][]document.Passage) []document.Passage {
	ps, ok := cache[id]
	if !ok {
		if s.Docs != nil {
			if doc, err := s.Docs.Document(ctx, id); err == nil {
				ps = document.Passages(doc)
			}
		}
		cache[id] = ps
	}
	return ps
}

// passageHeader returns the header periods of the text-laid table a
// passage is a row of (nil when none); docPassages caches the documents'
// passages for one question.
func (s *Solver) passageHeader(ctx context.Context, p document.Passage, docPassages map[string][]document.Passage) []numbers.Period {
	ps := s.cachedPassages(ctx, p.DocID, docPassages)
	if p.Ordinal < 0 || p.Ordinal >= len(ps) || ps[p.Ordinal].ID != p.ID {
		return nil
	}
	return textTableHeader(ps, p.Ordinal)
}

// headIn reports whether text names the head noun.
func headIn(text, head string) bool {
	st, _ := textkit.FindFolded(text, head)
	return st >= 0
}

// textAnswerIn is textAnswer for a passage that is a row of a text-laid
// table with the given header periods (nil for none).
func textAnswerIn(text string, in intent, entity string, header []numbers.Period) (value string, fit float64) {
	bestFit := -1.0
	sents := textkit.Sentences(text)
	head := focusHead(keywords(in.Focus))
	for si, sent := range sents {
		if entity != "" && mentions(sent, []string{entity}) < 0 {
			continue
		}
		f := textkit.Coverage(in.Core, sent)
		if si > 0 && head != "" {
			// The passage's earlier sentences set the scene ("2022년 결산
			// 결과 총수입은 …. 부채는 …"): a sentence that names the item
			// asked gets the question words they hold, a little discounted,
			// so it beats the first sentence that only shares the scene.
			// Only the first sentence that names it: when an earlier one
			// names it too, each is read on its own.
			prior := strings.Join(sents[:si], " ")
			if st, _ := textkit.FindFolded(sent, head); st >= 0 && !headIn(prior, head) {
				f = max(f, contextDiscount*textkit.Coverage(in.Core, strings.Join(sents[:si+1], " ")))
			}
		}
		if si > 0 && document.IsNote(sent) {
			// A note line ("* (’23) 13개국 21개소 → …") gives the figures
			// of the line it annotates: it is read with that line's words.
			f = max(f, contextDiscount*textkit.Coverage(in.Core, strings.Join(sents[:si+1], " ")))
		}
		v := ""
		if (in.Expect.Count > 0 || in.Several) && in.Type == typeName && in.Op == opNone {
			// "N가지는 무엇인가", "N곳은 어디인가", "어디어디인가": a
			// sentence that lists N items (three or more when not said).
			if items := pickItems(sent, in.Expect.Count); items != nil {
				if namesBody(in.Expect.Kind) {
					items = bareNames(items)
				}
				// A list on the note line under the line that names it
				// ("□ 특구 4곳 지정\n* 가, 나, 다, 라") is about that line.
				fl := max(f, contextDiscount*textkit.Coverage(in.Core, strings.Join(sents[:si+1], " ")))
				if f2 := max(fl, minFit) + 0.2; f2 > bestFit {
					bestFit, value, fit = f2, strings.Join(items, ", "), min(f2, 1)
				}
				continue
			}
		}
		if namesBody(in.Expect.Kind) && in.Op == opNone {
			// "수신자는 누구인가", "누구 앞으로 제출하는가": the addressee
			// line of a letter.
			if v := addressee(sent, in.Question); v != "" {
				if f2 := max(f, minFit) + 0.3; f2 > bestFit {
					bestFit, value, fit = f2, v, min(f2, 1)
				}
				continue
			}
		}
		if in.Op == opNone && in.Type != typeList {
			// "S등급의 가중치는?" over "** 등급별 가중치: (S) 1.6, (A) 1.3":
			// the value of the key the question names, in a line (or
			// under a line) that names what is asked or in the unit asked.
			if kv, ok := keyedValue(sent, in); ok && (head != "" && headIn(strings.Join(sents[:si+1], " "), head) || in.Expect.Unit != "") {
				fk := max(f, contextDiscount*textkit.Coverage(in.Core, strings.Join(sents[:si+1], " ")), minFit) + 0.3
				if fk > bestFit {
					bestFit, value, fit = fk, kv, min(fk, 1)
				}
				continue
			}
		}
		if in.Type == typeName && in.Op == opNone {
			// A name, place or thing after the label the question names
			// ("* 첨부 : …" for "첨부해야 하는 서류"): the label match
			// stands for the sentence's.
			if lv, ls := labeledSpan(sent, in.Core, in.Expect.Kind, focusEnd(sent, in.Focus)); lv != "" {
				f = max(f, minFit+0.4*ls)
				if f+0.1 > bestFit {
					bestFit, value, fit = f+0.1, lv, min(f+0.1, 1)
				}
				continue
			}
		}
		if f < minFit && f >= minFit/2 && namesTopic(sent, in.Focus) {
			// The sentence is about the question's topic ("적립금 잔액은
			// …"), though it lacks the question's date or condition words.
			f = minFit
		}
		if f < minFit {
			// Too little of the question is in the sentence to answer from it.
			if f > bestFit {
				bestFit, value, fit = f, "", f
			}
			continue
		}
		bare := 0.0 // taken from the fit after its cap: a bare number for a count
		switch {
		case in.Type == typeList:
			items := listItems(sent, in)
			if len(items) >= 2 {
				v = joinItems(items)
				f += 0.05 * float64(min(len(items), 4))
			}
		case in.Expect.Kind == kindDate:
			v, _ = pickDates(sent, in.Focus, in.Expect, focusEnd(sent, in.Focus))
		case in.Type == typeNumber && asksDuration(in.Question) && permanentIn(sent, in.Focus) != "":
			// "얼마 동안 보유되나" of "A는 영구, B는 5년간 보유": the word
			// in the clause about A.
			v = permanentIn(sent, in.Focus)
			f += 0.2
		case in.Type == typeNumber:
			if pk := pickPoint(sent, sentencePoints(sent, header), in.Expect, in.Numbers, focusEnd(sent, in.Focus)); pk.OK {
				v = pk.Value
				// A value for the date asked beats one for no stated date.
				if len(in.Expect.Periods) > 0 && pk.Dated {
					f += 0.1
				}
				// A value whose clause is about what is asked beats one
				// from a sentence that shares more of the question's
				// other words (a date, a condition).
				switch {
				case pk.Bound > 0.25:
					f += 0.2
				case pk.Bound < 0:
					f -= 0.1
				}
				if pk.Bare && in.Expect.Unit != "" && countUnit(in.Expect.Unit) {
					// "몇 곳" of a bare number: a count is written with
					// its counter ("11교") in the passage that states it.
					bare = 0.15
				}
			}
		case in.Type == typeName:
			if in.Op == opMax || in.Op == opMin {
				v = entityIn(sent, in.Focus, "")
			} else if k := in.Expect.Kind; k == kindPerson || k == kindPlace {
				v = bodyIn(sent, in.Focus)
			}
		}
		if v != "" {
			f += 0.1
		}
		if f -= bare; f > bestFit {
			bestFit, value, fit = f, v, min(f+bare, 1)-bare
		}
	}
	return value, fit
}

// permanenceWords answer a question about a period without a number.
var permanenceWords = []string{"준영구", "영구", "무기한", "상시"}

// asksDuration reports whether a question asks how long ("얼마 동안",
// "기간은", "몇 년간").
func asksDuration(q string) bool {
	c := strings.ReplaceAll(q, " ", "")
	return strings.Contains(c, "얼마동안") || strings.Contains(c, "몇년간") || strings.Contains(c, "몇년동안") || strings.Contains(c, "기간은") || strings.Contains(c, "보존기간") || strings.Contains(c, "보유기간")
}

// permanentIn is the permanence word ("영구", "무기한") of the clause of
// sent that names the most of the focus's keywords ("서훈기록부는 영구,
// 포상추천서는 5년간 보유" for 서훈기록부), "" when that clause has none
// (its value is a number, read as usual).
func permanentIn(sent, focus string) string {
	kws := keywords(focus)
	best, bestN := "", 0
	for _, clause := range strings.FieldsFunc(sent, func(r rune) bool { return r == ',' || r == '，' || r == ';' }) {
		n := 0
		for _, k := range kws {
			if utf8.RuneCountInString(k) >= 2 && !slices.Contains(predicateNouns, k) && strings.Contains(clause, k) {
				n++
			}
		}
		if n <= bestN {
			continue
		}
		best, bestN = "", n
		for _, w := range permanenceWords {
			if strings.Contains(clause, w) {
				best = w
				break
			}
		}
	}
	return best
}

// qualifies reports whether q may answer: not one of the question's own
// numbers, not an ordinal label, a bound or a total, and in the unit asked.
func qualifies(text string, q numbers.Quantity, in intent) bool {
	for _, n := range in.Numbers {
		if q.Value == n {
			return false
		}
	}
	if in.Expect.countedIn(text, q) {
		return q.Bound == numbers.Exact
	}
	if isOrdinal(text, q) || q.Bound != numbers.Exact {
		return false
	}
	if in.Unit != "" {
		if _, ok := q.In(numbers.Unit{Base: in.Unit, Scale: 1}); !ok {
			return false
		}
	}
	return true
}

// isTotal reports whether the words just before q introduce a total
// ("모두 80개소", "등 51개", "총 4,260건").
func isTotal(text string, q numbers.Quantity) bool {
	before := []rune(strings.TrimSpace(text[:q.Start]))
	from := max(len(before)-4, 0)
	tail := string(before[from:])
	for _, w := range []string{"모두", "총", "등", "합계", "전체", "합"} {
		if strings.HasSuffix(tail, w) || strings.HasSuffix(tail, w+" ") {
			return true
		}
	}
	return false
}

// item is one entry of a breakdown: a label and its quantity.
type item struct {
	Label string
	Q     numbers.Quantity
}

// listItems reads the entries of a breakdown sentence ("출국장면세점 22개,
// 시내면세점 24개, … 등 51개"): every qualifying quantity with the words
// before it as its label; totals and the question's own numbers are left
// out, and only the commonest unit is kept.
func listItems(sent string, in intent) []item {
	var items []item
	prevEnd, first := 0, true
	for _, q := range numbers.Find(sent) {
		if isOrdinal(sent, q) {
			continue // part of the next label ("1차 20")
		}
		if !qualifies(sent, q, in) || isTotal(sent, q) {
			prevEnd, first = q.End, false
			continue
		}
		items = append(items, item{Label: itemLabel(sent[prevEnd:q.Start], first && prevEnd == 0), Q: q})
		prevEnd, first = q.End, false
	}
	// Keep the commonest unit: "20일 미만" or "18.2%" in a list of days.
	count := map[string]int{}
	best := ""
	for _, it := range items {
		count[it.Q.Unit]++
		if count[it.Q.Unit] > count[best] {
			best = it.Q.Unit
		}
	}
	var out []item
	for _, it := range items {
		if it.Q.Unit == best {
			out = append(out, it)
		}
	}
	return out
}

// fillers are words that stand between a label and its value.
var fillers = map[string]bool{"각각": true, "모두": true, "약": true, "총": true, "각": true, "이": true, "가운데": true, "중": true}

// itemLabel cleans the words before an item's value into its label:
// "철회가간은 베이직스토아가" → "베이직스토아", ", 롯데 …, LG홈쇼핑 등은 각각"
// → "롯데 …, LG홈쇼핑 등", " 징수결의, 2차" → "2차".
func itemLabel(seg string, atStart bool) string {
	seg = strings.TrimSpace(seg)
	if strings.HasPrefix(seg, ",") {
		seg = strings.TrimSpace(seg[1:])
	} else if i := strings.Index(seg, ","); i >= 0 && !atStart {
		// The words before the first comma end the previous item.
		seg = strings.TrimSpace(seg[i+1:])
	} else if i := strings.LastIndex(seg, ","); i >= 0 && atStart {
		seg = strings.TrimSpace(seg[i+1:])
	}
	words := strings.Fields(strings.TrimLeft(seg, "-○□·•◦▪ "))
	for len(words) > 0 && fillers[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	// Cut after the last topic word ("보면", "…은/는") that is not the last word.
	for i := len(words) - 2; i >= 0; i-- {
		w := words[i]
		if w == "보면" || strings.HasSuffix(w, "별로") || strings.HasSuffix(w, "별") || strings.HasSuffix(w, "은") || strings.HasSuffix(w, "는") || w == "가운데" || w == "중" {
			words = words[i+1:]
			break
		}
	}
	for len(words) > 0 && fillers[words[0]] {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	last := words[len(words)-1]
	for _, p := range []string{"은", "는", "이", "가", "의", "에", "로", "으로"} {
		if strings.HasSuffix(last, p) && utf8.RuneCountInString(last) > utf8.RuneCountInString(p) {
			words[len(words)-1] = strings.TrimSuffix(last, p)
			break
		}
	}
	return strings.Join(words, " ")
}

// joinItems writes a breakdown answer: "출국장면세점 22개, 시내면세점 24개".
func joinItems(items []item) string {
	parts := make([]string, len(items))
	for i, it := range items {
		v := strings.TrimSpace(it.Q.Text)
		if it.Label != "" {
			v = it.Label + " " + v
		}
		parts[i] = v
	}
	return strings.Join(parts, ", ")
}

// focusEnd is where the last of the focus words that the sentence holds
// ends (0 when it holds none).
func focusEnd(sent, focus string) int {
	pos := 0
	for _, k := range keywords(focus) {
		if st, end := textkit.FindFolded(sent, k); st >= 0 && end > pos {
			pos = end
		}
	}
	return pos
}

// valueNear reads the value of a one-value question from a sentence: the
// first qualifying quantity after the last of the focus words the
// sentence holds (the first qualifying one when none come after).
func valueNear(sent string, in intent) (numbers.Quantity, bool) {
	pos := 0
	for _, k := range keywords(in.Focus) {
		if st, end := textkit.FindFolded(sent, k); st >= 0 && end > pos {
			pos = end
		}
	}
	var firstQ numbers.Quantity
	found := false
	for _, q := range numbers.Find(sent) {
		if !qualifies(sent, q, in) {
			continue
		}
		if q.Start >= pos {
			return q, true
		}
		if !found {
			firstQ, found = q, true
		}
	}
	return firstQ, found
}

// superlativeWords mark the sentence that names a superlative's winner.
var superlativeWords = []string{"가장", "제일", "최고", "최대", "최저", "최소"}

// entityIn finds in a sentence the entity a superlative phrase names: the
// word ending with head ("한빛시장이" for head 시장) in the clause before
// "가장", else the subject (a word with 이/가) nearest before it. It
// returns "" when the sentence has no superlative.
func entityIn(sent, phrase, head string) string {
	qo, _ := questionOp(phrase)
	clauseStart := 0
	for {
		at, wl := -1, 0
		for _, w := range superlativeWords {
			if i := strings.Index(sent[clauseStart:], w); i >= 0 && (at < 0 || clauseStart+i < at) {
				at, wl = clauseStart+i, len(w)
			}
		}
		if at < 0 {
			return ""
		}
		// The superlative's adjective must agree: 높/많/크 against 낮/적/작.
		so, _ := questionOp(sent[at:])
		if qo == opNone || so == opNone || qo == so {
			if e := entityBefore(sent[clauseStart:at], phrase, head); e != "" {
				return e
			}
		}
		clauseStart = at + wl
	}
}

// entityBefore finds the entity in the clause before a superlative word.
func entityBefore(clause, phrase, head string) string {
	if i := strings.LastIndexAny(clause, ",;"); i >= 0 {
		clause = clause[i+1:]
	}
	words := strings.Fields(clause)
	phraseWords := keywords(phrase)
	isPhraseWord := func(w string) bool {
		for _, k := range phraseWords {
			if strings.Contains(w, k) || strings.Contains(k, w) {
				return true
			}
		}
		return false
	}
	for i := len(words) - 1; i >= 0; i-- {
		w := textkit.StripParticle(strings.Trim(words[i], "\"'“”‘’()"))
		if head != "" && strings.HasSuffix(w, head) && w != head && !isPhraseWord(w) {
			return w
		}
	}
	for i := len(words) - 1; i >= 0; i-- {
		raw := strings.Trim(words[i], "\"'“”‘’()")
		if (strings.HasSuffix(raw, "이") || strings.HasSuffix(raw, "가")) && !isPhraseWord(raw) {
			if w := textkit.StripParticle(raw); w != raw && !strings.ContainsAny(w, "0123456789") {
				return w
			}
		}
	}
	return ""
}

// superlativeEntity runs the first step of a two-step question: it
// searches for the superlative phrase and reads the entity it names, from
// a sentence ("한빛시장이 92%로 가장 높았고") or from a table (the row with
// the largest value in the column the phrase names). It returns "" when
// nothing names one.
func (s *Solver) superlativeEntity(ctx context.Context, phrase, head string, docIDs []string) (string, Evidence, float64, error) {
	hits, err := s.search(ctx, retrieval.Query{Text: phrase, K: collectionK, DocIDs: docIDs})
	if err != nil {
		return "", Evidence{}, 0, fmt.Errorf("search: %w", err)
	}
	if len(hits) == 0 {
		return "", Evidence{}, 0, nil
	}
	top := max(hits[0].Score, 1e-9)
	bestEnt, bestScore := "", 0.0
	var bestEv Evidence
	for _, h := range hits {
		base := 0.4 * max(h.Score, 0) / top
		if h.Passage.Kind == document.KindTable {
			for _, ref := range s.tablesFor(ctx, h.Passage) {
				c, ok := computeTable(ref, phrase+" 어느 "+head)
				if !ok || c.Value == "" || !tableNamesColumn(ref, phrase) {
					continue
				}
				if sc := base + 0.4; sc > bestScore {
					bestEnt, bestScore, bestEv = c.Value, sc, ref.Ev
				}
			}
			continue
		}
		for _, sent := range textkit.Sentences(h.Passage.Text) {
			ent := entityIn(sent, phrase, head)
			if ent == "" {
				continue
			}
			if sc := base + 0.6*textkit.Coverage(stripSuperlative(phrase), sent); sc > bestScore {
				bestEnt, bestScore, bestEv = ent, sc, evidenceOf(h.Passage)
			}
		}
	}
	return bestEnt, bestEv, min(bestScore, 1), nil
}

// stripSuperlative removes "가장 높은"-style words from a phrase, leaving
// what is measured ("간편결제 가맹률이").
func stripSuperlative(phrase string) string {
	var keep []string
	skipNext := false
	for _, w := range strings.Fields(phrase) {
		if skipNext {
			skipNext = false
			continue
		}
		if w == "가장" || w == "제일" {
			skipNext = true
			continue
		}
		keep = append(keep, w)
	}
	return strings.Join(keep, " ")
}

// tableNamesColumn reports whether some value column of the table is
// named by phrase well enough to rank its rows by.
func tableNamesColumn(ref tableRef, phrase string) bool {
	grid := ref.Table.Grid()
	if len(grid) < 2 {
		return false
	}
	hr := headerRows(grid)
	for c := labelColumns(grid, hr); c < len(grid[0]); c++ {
		if mentions(phrase, []string{lastHeader(grid, hr, c)}) >= 0 {
			return true
		}
	}
	return false
}

// tablesFor returns the table behind a table passage: the table of the
// block the passage was cut from, else (a passage that does not lead to a
// table block) all the document's tables.
func (s *Solver) tablesFor(ctx context.Context, p document.Passage) []tableRef {
	if s.Docs == nil {
		return nil
	}
	doc, err := s.Docs.Document(ctx, p.DocID)
	if err != nil {
		return nil
	}
	if p.Block >= 0 && p.Block < len(doc.Blocks) {
		if b := doc.Blocks[p.Block]; b.Table != nil {
			return []tableRef{{Table: b.Table, Caption: blockCaption(doc.Blocks, p.Block), Ev: blockEvidence(doc.ID, doc.Blocks, p.Block)}}
		}
	}
	return tablesOf(doc.ID, doc.Blocks)
}

// tableAnswer reads a table passage: the cell whose row and column the
// question names (with entity set, a row naming the entity), written with
// the column's unit. fit is the header match (0-1).
func (s *Solver) tableAnswer(ctx context.Context, p document.Passage, in intent, entity string) (string, float64, Evidence) {
	ev := evidenceOf(p)
	tables := s.tablesFor(ctx, p)
	if len(tables) == 0 {
		return "", 0, ev
	}
	if v, fit, tev, ok := seriesTableAnswer(tables, p, in, entity, ev); ok {
		return v, fit, tev
	}
	if entity == "" && in.Op == opNone && in.Type != typeList && len(in.Expect.Periods) == 0 {
		// A row the question names by its entity, whole ("한빛대학교의
		// 연간 정원"), and the column its other words name: over all the
		// document's tables, so that of several tables naming the entity
		// the one under the heading the question names answers, and the
		// others do not.
		if v, fit, ref, ok := s.namedRowIn(ctx, p, tables, in); ok {
			if ref.Table != nil && !slices.ContainsFunc(tables, func(t tableRef) bool { return t.Table == ref.Table }) {
				return "", 0, ev // another table of the document answers
			}
			if ref.Ev.Paragraph != "" {
				ev.Paragraph = ref.Ev.Paragraph
			}
			return v, fit, ev
		}
	}
	if in.Type == typeName {
		// A name, place or thing: the value beside the label the question
		// names ("(71) 출원인" over the applicant and the address).
		if in.Op != opNone || entity != "" {
			return "", 0, ev
		}
		k := in.Expect.Kind
		if k == kindUnknown {
			k = kindThing
		}
		if v, ref, score, ok := labelValue(tables, in.Core, k); ok {
			if ref.Ev.Paragraph != "" {
				ev.Paragraph = ref.Ev.Paragraph
			}
			return v, score, ev
		}
		return "", 0, ev
	}
	if entity == "" && in.Type == typeNumber && in.Op == opNone && in.Expect.Change == changeNone && countUnit(in.Expect.Unit) {
		// "교원양성대는 몇 곳인가" over a cell "교원양성대 (11교)": a count
		// written in the cell that names what is counted.
		if v, ok := countInCell(tables, in); ok {
			return v, 0.8, ev
		}
	}
	rowQ := in.Focus
	if entity != "" {
		rowQ = entity
	}
	if e := in.Expect; (e.Change == changeDiff || e.Change == changeBoth) && len(e.Periods) >= 2 && entity == "" {
		if v, fit, tev, ok := tableChange(tables, in.Focus, e); ok {
			return v, fit, tev
		}
	}
	// A sum, difference, ratio or growth of cells the question names, or
	// a group's total the table holds (the table as task 3 reads it).
	if o := in.Op; entity == "" && in.Type == typeNumber && o != opNone && o != opMax && o != opMin {
		for _, ref := range tables {
			if c, ok := computeTable(ref, in.Focus); ok && c.Named {
				tev := ev
				if ref.Ev.Paragraph != "" {
					tev.Paragraph = ref.Ev.Paragraph
				}
				tev.Note = c.Note
				return c.Value, 0.7, tev
			}
		}
	}
	// The best cells whose row and column the question names, the first
	// that holds a value of the kind asked.
	ms := lookupCells(tables, rowQ, in.Focus, true, 8)
	if len(ms) == 0 {
		return "", 0, ev
	}
	var m cellMatch
	var q numbers.Quantity
	bestFit, found := 0.0, false
	for _, c := range ms {
		fit := (c.RowScore + c.ColScore) / 2
		bestFit = max(bestFit, fit)
		if len(in.Expect.Periods) > 0 && periodFit(in.Expect.Periods, c.ColHead) < 0 && periodFit(in.Expect.Periods, c.RowHead) <= 0 {
			continue // not the date asked
		}
		if entity != "" && mentions(c.RowHead, []string{entity}) < 0 {
			continue
		}
		// A row named in part ("GDP 대비 비율" of "(GDP 대비, %)") will do
		// in the column of the date asked.
		minRow := 0.6
		if len(in.Expect.Periods) > 0 && periodFit(in.Expect.Periods, c.ColHead) > 0 {
			minRow = 0.4
		}
		if entity == "" && (c.RowScore < minRow || c.ColScore < 0.4) {
			continue
		}
		if in.Expect.Change == changeDiff && !hasAnyWord(c.ColHead, "증감", "증가", "감소", "차이", "대비", "변동", "증가폭", "감소폭") {
			continue // a level does not answer "몇 %p 낮아졌나"
		}
		fig := cellFigure(c.Text) // "20명×4차수 = 80명": the result
		cq, ok := numbers.Parse(fig)
		if !ok || numbers.Overlaps(cq, numbers.FindPeriods(fig)) {
			continue
		}
		if fits, _ := in.Expect.accepts(cq); !fits {
			continue // a value of another kind: "7개" does not answer "몇 명"
		}
		m, q, found = c, cq, true
		break
	}
	if !found {
		// No value cell answers: a row whose text cells say it in words
		// ("▪대출금리 인하(최대 0.5%, 1년간)"), read like a sentence.
		if entity == "" && in.Type == typeNumber {
			if v, f := rowTextAnswer(tables, in); v != "" {
				return v, f, ev
			}
		}
		return "", bestFit / 2, ev
	}
	fit := (m.RowScore + m.ColScore) / 2
	if len(in.Expect.Periods) > 0 && (periodFit(in.Expect.Periods, m.ColHead) > 0 || periodFit(in.Expect.Periods, m.RowHead) > 0) {
		fit += 0.1 // the column (or row) of the date asked
	}
	v := numbers.Format(q.Value)
	if q.Unit != "" {
		v = strings.TrimSpace(q.Text)
	} else if u := unitText(m.ColHead); u != "" {
		v += u
	}
	if m.Ref.Ev.Paragraph != "" {
		ev.Paragraph = m.Ref.Ev.Paragraph
	}
	return v, fit, ev
}

// namedRowIn is namedRowAnswer over every table of the document p is
// from (tables alone when the document cannot be read), each with the
// lines above it as its context.
func (s *Solver) namedRowIn(ctx context.Context, p document.Passage, tables []tableRef, in intent) (string, float64, tableRef, bool) {
	if s.Docs != nil {
		if doc, err := s.Docs.Document(ctx, p.DocID); err == nil {
			return namedRowAnswer(tablesOf(doc.ID, doc.Blocks), tableContexts(doc.Blocks), in)
		}
	}
	return namedRowAnswer(tables, nil, in)
}

// seriesTableAnswer answers a task-4 question that asks an operation over
// a table or chart series inside a document the way task 3 does
// (computeTable, answerSeries): a rank ("두 번째로 높은"), a count of
// points meeting a condition, the first or last point that crosses a
// threshold, a range of years, the largest or smallest and the row that
// holds it, a sum or mean. The table must be about the question (its text
// covers minFit of the question's core); the fit is that coverage. ok is
// false when the question asks no such operation or no table answers it.
func seriesTableAnswer(tables []tableRef, p document.Passage, in intent, entity string, ev Evidence) (string, float64, Evidence, bool) {
	if entity != "" || in.Question == "" {
		return "", 0, ev, false
	}
	if in.Op == opNone && !askSeries(in.Question).active() {
		return "", 0, ev, false
	}
	if in.Op != opMax && in.Op != opMin && !askSeries(in.Question).active() {
		return "", 0, ev, false // sums, differences, ratios: the cells path below
	}
	// The rank, threshold and range words name no cell: the rest of the
	// question must be about the table.
	core := in.Core
	for _, sp := range askSeries(in.Question).spans {
		core = strings.Replace(core, sp, " ", 1)
	}
	fit := textkit.Coverage(core, p.Text)
	if fit < minFit {
		return "", 0, ev, false
	}
	for _, ref := range tables {
		c, ok := computeTable(ref, in.Question)
		if !ok || c.Value == "" {
			continue
		}
		tev := ev
		if ref.Ev.Paragraph != "" {
			tev.Paragraph = ref.Ev.Paragraph
		}
		tev.Note = c.Note
		return c.Value, min(fit+0.2, 1), tev, true
	}
	return "", 0, ev, false
}

// countInCell finds, for a count question, a table cell that names what
// is counted (the question's head noun) and writes the count with the
// unit or counter asked ("교원양성대 (11교)", "거점 국립대 9교"); ok is
// false when no cell does (a bare number is no such count).
func countInCell(tables []tableRef, in intent) (string, bool) {
	head := focusHead(keywords(in.Focus))
	if utf8.RuneCountInString(head) < 2 {
		return "", false
	}
	for _, ref := range tables {
		for _, row := range ref.Table.Grid() {
			for _, cell := range dedupe(row) {
				if !headIn(cell, head) {
					continue
				}
				pk := pickPoint(cell, readPoints(cell), in.Expect, in.Numbers, focusEnd(cell, in.Focus))
				if pk.OK && !pk.Bare {
					return pk.Value, true
				}
			}
		}
	}
	return "", false
}

// rowTextAnswer reads the rows of tables as sentences (their cells joined,
// merged repeats once) and answers from the row that holds most of the
// question's core, as textAnswer does for a passage. "" when no row holds
// enough of it or no value of the kind asked.
func rowTextAnswer(tables []tableRef, in intent) (string, float64) {
	best, bestFit := "", 0.0
	for _, ref := range tables {
		for _, row := range ref.Table.Grid() {
			text := strings.Join(dedupe(row), " ")
			f := textkit.Coverage(in.Core, text)
			if f < 0.5 || f <= bestFit {
				continue
			}
			if v, _, ok := pickValue(text, readPoints(text), in.Expect, in.Numbers, focusEnd(text, in.Focus)); ok {
				best, bestFit = v, f
			}
		}
	}
	return best, bestFit
}

// tableChange answers "2022년에 비해 2024년 X는 얼마나 늘어나는가" (or
// "얼마에서 얼마로") from a table: the row naming X read in the column of
// the first and of the last period the question names.
func tableChange(tables []tableRef, focus string, e expectation) (string, float64, Evidence, bool) {
	bare := focus
	for _, p := range e.Periods {
		bare = strings.Replace(bare, p.Text, " ", 1)
	}
	from, to := e.Periods[0], e.Periods[len(e.Periods)-1]
	m1, ok1 := lookupCell(tables, bare, from.Text+" "+bare, true)
	m2, ok2 := lookupCell(tables, bare, to.Text+" "+bare, true)
	if !ok1 || !ok2 || m1.Table != m2.Table || m1.Row != m2.Row || m1.Col == m2.Col || m1.RowScore < 0.6 ||
		periodFit([]numbers.Period{from}, m1.ColHead) != 1 || periodFit([]numbers.Period{to}, m2.ColHead) != 1 {
		return "", 0, Evidence{}, false
	}
	q1, ok1 := numbers.Parse(m1.Text)
	q2, ok2 := numbers.Parse(m2.Text)
	if !ok1 || !ok2 {
		return "", 0, Evidence{}, false
	}
	if e.Change == changeBoth {
		return strings.TrimSpace(q1.Text) + " → " + strings.TrimSpace(q2.Text), m1.RowScore, m1.Ref.Ev, true
	}
	d, _ := difference(q1, q2)
	return d, m1.RowScore, m1.Ref.Ev, true
}

// unitText is the unit written in a header's parentheses, "" when none:
// "2023년(백만 원)" → "백만 원".
func unitText(header string) string {
	i := strings.LastIndexAny(header, "(（")
	if i < 0 {
		return ""
	}
	inner := strings.TrimRight(header[i:], ")） ")
	_, w := utf8.DecodeRuneInString(inner)
	inner = strings.TrimSpace(inner[w:])
	if _, ok := numbers.ParseUnit("(" + inner + ")"); !ok {
		return ""
	}
	return inner
}

// namesTopic reports whether a sentence holds the question's topic: the
// last word of the focus marked 은/는, with the word before it ("적립금
// 잔액은" → "적립금 잔액"), as a phrase.
func namesTopic(sent, focus string) bool {
	ws := strings.Fields(focus)
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		if (!strings.HasSuffix(w, "은") && !strings.HasSuffix(w, "는")) || utf8.RuneCountInString(w) < 3 || adnominal(w) {
			continue
		}
		if i == 0 {
			return false // one word is too little to tell what a sentence is about
		}
		phrase := textkit.StripParticle(ws[i-1]) + " " + strings.TrimSuffix(strings.TrimSuffix(w, "은"), "는")
		st, _ := textkit.FindFolded(sent, phrase)
		return st >= 0
	}
	return false
}

// addresseeHits is how many of the best hits' documents are searched for
// an address line.
const addresseeHits = 3

// withAddressees adds to cands the address line ("… 귀하") of each
// document among the first addresseeHits hits that has one, scored 0.2
// above that document's best candidate, and sorts them again.
func (s *Solver) withAddressees(ctx context.Context, hits []retrieval.Hit, cands []candidate, question string) []candidate {
	seen := map[string]bool{}
	for _, h := range hits[:min(len(hits), addresseeHits)] {
		if seen[h.Passage.DocID] {
			continue
		}
		seen[h.Passage.DocID] = true
		c, ok := s.addresseeOf(ctx, h.Passage, question)
		if !ok {
			continue
		}
		best := 0.0
		for _, o := range cands {
			if o.Ev.DocFile == h.Passage.DocID {
				best = max(best, o.Score)
			}
		}
		c.Score = best + 0.2
		cands = append(cands, c)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	return cands
}

// addresseeOf finds the address line ("… 귀하") among the passages of the
// document p is from and returns it as a candidate; ok is false when the
// document has none.
func (s *Solver) addresseeOf(ctx context.Context, p document.Passage, question string) (candidate, bool) {
	if s.Docs == nil {
		return candidate{}, false
	}
	doc, err := s.Docs.Document(ctx, p.DocID)
	if err != nil {
		return candidate{}, false
	}
	for _, dp := range document.Passages(doc) {
		if v := addressee(dp.Text, question); v != "" {
			return candidate{Ev: evidenceOf(dp), Value: v, Score: 0.6}, true
		}
	}
	return candidate{}, false
}
