// policyqa page: ask questions, show answers highlighted in their
// passages, read uploaded images. No framework; text is always inserted
// with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function setStatus(node, text, isError) {
  node.textContent = text;
  node.classList.toggle("error", !!isError);
}

async function api(path, init) {
  const resp = await fetch(path, init);
  let body = null;
  try { body = await resp.json(); } catch (e) { /* not JSON */ }
  if (!resp.ok) {
    const msg = body && body.error ? body.error : resp.statusText;
    throw new Error(resp.status + " " + msg);
  }
  return body;
}

// passageNode shows the passage with [start, end) (code points) marked.
function passageNode(text, start, end) {
  const cps = Array.from(text);
  const p = el("p", "passage");
  p.append(document.createTextNode(cps.slice(0, start).join("")));
  p.append(el("mark", "hl", cps.slice(start, end).join("")));
  p.append(document.createTextNode(cps.slice(end).join("")));
  return p;
}

function answerNode(a) {
  const li = el("li", "answer");
  li.append(el("div", "answer-text", a.text));
  const where = [a.passage.doc];
  if (a.passage.page > 0) where.push("p. " + a.passage.page);
  if (a.passage.section) where.push(a.passage.section);
  where.push(a.passage.kind, "score " + a.score.toFixed(3));
  li.append(el("div", "meta", where.join(" · ")));
  li.append(passageNode(a.passage.text, a.start, a.end));
  return li;
}

// evidenceNode shows a passage the answer rests on (or one of the best
// passages found when there is no answer).
function evidenceNode(e) {
  const li = el("li", "evidence");
  const where = [e.doc];
  if (e.page > 0) where.push("p. " + e.page);
  if (e.section) where.push(e.section);
  where.push(e.kind);
  li.append(el("div", "meta", where.join(" · ")));
  if (e.note) li.append(el("div", "meta", e.note));
  li.append(el("p", "passage", e.text));
  return li;
}

async function ask(ev) {
  if (ev) ev.preventDefault();
  const status = $("ask-status"), list = $("answers");
  const question = $("question").value.trim();
  if (!question) return;
  const req = { question: question, k: Number($("k").value) || 5 };
  if ($("doc").value) req.doc = $("doc").value;
  setStatus(status, "Searching…");
  list.replaceChildren();
  try {
    const r = await api("/api/v1/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
    r.answers.forEach((a) => list.append(answerNode(a)));
    r.evidence.forEach((e, i) => { if (i > 0 || r.answers.length === 0) list.append(evidenceNode(e)); });
    const asked = r.expected.kind + (r.expected.unit ? " (" + r.expected.unit + ")" : "");
    const head = r.found ? "Answer: " + r.answer : "No answer: " + r.note;
    setStatus(status, head + " — asked for " + asked + " (" + r.method + ", " + r.took_ms.toFixed(1) + " ms)");
    document.body.dataset.answered = "true";
  } catch (e) {
    setStatus(status, e.message, true);
  }
}

function tableNode(rows) {
  const t = el("table");
  rows.forEach((row, i) => {
    const tr = el("tr");
    row.forEach((cell) => tr.append(el(i === 0 ? "th" : "td", "", cell)));
    t.append(tr);
  });
  return t;
}

async function upload(ev) {
  ev.preventDefault();
  const status = $("upload-status"), out = $("upload-result");
  const file = $("image").files[0];
  if (!file) return;
  const kind = $("upload-kind").value;
  const form = new FormData();
  form.append("image", file);
  const url = kind === "chart" ? "/api/v1/chart" : "/api/v1/ocr?mode=" + (kind === "ocr-chart" ? "chart" : "page");
  setStatus(status, "Reading " + file.name + "…");
  out.replaceChildren();
  try {
    const r = await api(url, { method: "POST", body: form });
    if (kind === "chart") {
      out.append(el("div", "meta", (r.title || "(no title)") + " · " + r.type));
      out.append(tableNode(r.table));
    } else {
      out.append(el("pre", "ocr-text", r.text));
    }
    setStatus(status, file.name + " read");
    document.body.dataset.uploaded = "true";
  } catch (e) {
    setStatus(status, e.message, true);
  }
}

async function init() {
  $("ask-form").addEventListener("submit", ask);
  $("upload-form").addEventListener("submit", upload);
  try {
    const ready = await api("/readyz");
    $("ready").textContent = ready.documents + " documents" + (ready.reader ? ", reader" : "") + (ready.ocr ? ", OCR" : "");
    const docs = await api("/api/v1/documents");
    docs.documents.forEach((d) => {
      const o = el("option", "", d.id);
      o.value = d.id;
      $("doc").append(o);
    });
  } catch (e) {
    $("ready").textContent = "not ready: " + e.message;
  }
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    $("question").value = q;
    ask();
  }
  document.body.dataset.ready = "true";
}

init();
