// letters web chat. Plain JS, no dependencies. Every text from the server
// (answers, letters, titles) is inserted as text, never as HTML.
(function () {
  "use strict";

  var state = { conversationId: null, turns: [], busy: false, docsCache: {} };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") n.textContent = attrs[k];
        else if (k === "class") n.className = attrs[k];
        else n.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) { if (c) n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function say(msg) { $("status").textContent = msg; }
  // the CSRF token the server set as a cookie, echoed on every POST
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)letters_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function postHeaders(accept) {
    var h = { "Content-Type": "application/json", "X-CSRF-Token": csrf() };
    if (accept) h.Accept = accept;
    return h;
  }
  function label(l) { return l.charAt(0) === "¶" ? l : "¶" + l; }
  var kindNames = { monitoring_visit: "Monitoring visit letter", focused_visit: "Focused visit letter",
    inspection_report: "Inspection report", board_paper: "Council board paper", news_article: "News article", other: "Document" };
  function fmtDate(d) {
    if (!d) return "";
    var t = new Date(d.length === 10 ? d + "T00:00:00Z" : d);
    return isNaN(t) ? d : t.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  // a document's date, flagged when it is later than the day it was
  // ingested (a mistake or a fake: never taken as the latest)
  function dateCell(d) {
    var out = [fmtDate(d.letter_date)];
    if (d.future_dated) {
      out.push(" ", el("strong", { class: "govuk-tag govuk-tag--red", title: "This document is dated after it was added, so it is not used as the latest.", text: "dated after it was added" }));
    }
    return out;
  }

  async function getJSON(url) {
    var r = await fetch(url, { headers: { Accept: "application/json" } });
    var body = await r.json().catch(function () { return {}; });
    if (!r.ok) throw new Error((body.error && body.error.message) || ("HTTP " + r.status));
    return body;
  }

  // ---- answer rendering -------------------------------------------------
  var markerRe = /\[(\d+(?:,\s*\d+)*)\]/g;

  // renderAnswer writes answer text into node, markers as links to citations.
  function renderAnswer(node, text, turn) {
    node.textContent = "";
    var last = 0, m;
    markerRe.lastIndex = 0;
    while ((m = markerRe.exec(text)) !== null) {
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
      m[1].split(/,\s*/).forEach(function (n) {
        var a = el("a", { class: "govuk-link app-cite", href: "#", "data-marker": n, "data-turn": String(turn.index),
          "aria-label": "Source " + n, text: "[" + n + "]" });
        node.appendChild(a);
      });
      last = m.index + m[0].length;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderRefs(turn) {
    var box = turn.refsNode;
    box.textContent = "";
    var res = turn.result;
    if (!res) return;
    if (res.refused) {
      if (res.passages && res.passages.length) {
        box.appendChild(el("h3", { class: "govuk-heading-s", text: "Closest passages" }));
        var ol = el("ol", { class: "govuk-list govuk-list--number app-refs" });
        res.passages.forEach(function (p) {
          var a = el("a", { class: "govuk-link", href: "#", text: p.document.title + " (" + fmtDate(p.document.date) + ") " + label(p.label) });
          a.addEventListener("click", function (e) { e.preventDefault(); openSource(p.document.id, p.id); });
          ol.appendChild(el("li", null, [a, el("blockquote", { class: "govuk-body-s", text: p.text })]));
        });
        box.appendChild(ol);
      }
      return;
    }
    if (!res.citations || !res.citations.length) return;
    box.appendChild(el("h3", { class: "govuk-heading-s", text: "Sources" }));
    var list = el("ol", { class: "govuk-list app-refs" });
    res.citations.forEach(function (c) {
      var a = el("a", { class: "govuk-link", href: "#", id: "cite-" + turn.index + "-" + c.marker,
        text: "[" + c.marker + "] " + c.document.title + ", " + fmtDate(c.document.date) + ", " + label(c.label) + (c.section ? " (" + c.section + ")" : "") });
      a.addEventListener("click", function (e) { e.preventDefault(); openSource(c.document.id, c.paragraph_id); });
      var items = [a];
      if (!c.supported) items.push(el("span", { class: "app-unsupported", text: " Not supported by this paragraph" }));
      items.push(el("blockquote", { class: "govuk-body-s", text: c.quote }));
      if (turn.turnId) {
        var wrong = el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-font-size-14 govuk-!-margin-bottom-0", text: "Report wrong citation" });
        wrong.addEventListener("click", function () { sendFeedback(turn, { rating: 0, citation_marker: c.marker, comment: "citation is wrong" }, wrong); });
        items.push(wrong);
      }
      list.appendChild(el("li", null, items));
    });
    box.appendChild(list);
  }

  function addTurn(question) {
    var turn = { index: state.turns.length, question: question, text: "", result: null, turnId: null };
    var node = el("section", { class: "app-turn", "aria-label": "Question " + (turn.index + 1) });
    var h = el("h2", { class: "govuk-heading-s app-turn__q", tabindex: "-1", text: question });
    var a = el("p", { class: "govuk-body app-turn__a", "aria-live": "polite", "aria-busy": "true" });
    var notice = el("p", { class: "govuk-body-s app-notice", hidden: "" });
    var searched = el("p", { class: "govuk-body-s app-searched", hidden: "" });
    var refs = el("div");
    var fb = el("div", { class: "app-feedback", hidden: "" });
    node.append(h, searched, a, notice, refs, fb);
    $("conversation").appendChild(node);
    turn.node = node; turn.qNode = h; turn.answerNode = a; turn.noticeNode = notice; turn.searchedNode = searched; turn.refsNode = refs; turn.fbNode = fb;
    state.turns.push(turn);
    return turn;
  }

  // renderSearched says how the question was understood: the filters that
  // were searched, what was taken as given, and whether it followed on.
  function renderSearched(node, an) {
    if (!node || !an) return;
    var parts = ["Searched: " + (an.searched || "all letters")];
    if (an.premise) parts.push("taken as given: \u201c" + an.premise + "\u201d");
    if (an.inherited) parts.push("follows on from the previous question");
    node.textContent = parts.join(" · ");
    node.hidden = false;
  }

  function finishTurn(turn, res) {
    turn.result = res;
    turn.turnId = res.turn_id || null;
    turn.text = res.answer;
    renderAnswer(turn.answerNode, res.answer, turn);
    turn.answerNode.setAttribute("aria-busy", "false");
    turn.node.setAttribute("data-done", "true");
    turn.node.setAttribute("data-refused", res.refused ? "true" : "false");
    if (res.notice) { turn.noticeNode.textContent = res.notice; turn.noticeNode.hidden = false; }
    renderSearched(turn.searchedNode, res.analysis);
    renderRefs(turn);
    renderFeedback(turn);
    $("export").disabled = false;
    $("print").disabled = false;
  }

  function renderFeedback(turn) {
    var fb = turn.fbNode;
    fb.textContent = "";
    if (!turn.turnId) return;
    var up = el("button", { type: "button", class: "govuk-button govuk-button--secondary", text: "Helpful" });
    var down = el("button", { type: "button", class: "govuk-button govuk-button--secondary", text: "Not helpful" });
    up.addEventListener("click", function () { sendFeedback(turn, { rating: 1 }, up); });
    down.addEventListener("click", function () { sendFeedback(turn, { rating: -1 }, down); });
    fb.append(up, down);
    fb.hidden = false;
  }

  async function sendFeedback(turn, body, button) {
    body.turn_id = turn.turnId;
    try {
      var r = await fetch("/api/feedback", { method: "POST", headers: postHeaders(), body: JSON.stringify(body) });
      if (!r.ok) throw new Error("HTTP " + r.status);
      button.disabled = true;
      button.textContent = "Thank you";
      say("Feedback sent");
    } catch (e) { say("Could not send feedback: " + e.message); }
  }

  // ---- asking (SSE over fetch) ------------------------------------------
  function filters() {
    var f = {};
    var a = $("f-authority").value, k = $("f-kind").value, from = $("f-from").value, to = $("f-to").value;
    if (a) f.authorities = [a];
    if (k) f.kinds = [k];
    if (from) f.from = from;
    if (to) f.to = to;
    return f;
  }

  function showError(msg) {
    var p = $("question-error");
    p.textContent = "";
    p.appendChild(el("span", { class: "govuk-visually-hidden", text: "Error: " }));
    p.appendChild(document.createTextNode(msg));
    p.hidden = false;
    $("question-group").classList.add("govuk-form-group--error");
  }
  function clearError() { $("question-error").hidden = true; $("question-group").classList.remove("govuk-form-group--error"); }

  async function ask(question) {
    if (state.busy) return;
    state.busy = true;
    $("ask").disabled = true;
    clearError();
    var turn = addTurn(question);
    say("Answering…");
    var body = { question: question, filters: filters() };
    if (state.conversationId) body.conversation_id = state.conversationId;
    try {
      var r = await fetch("/api/chat", { method: "POST", headers: postHeaders("text/event-stream"), body: JSON.stringify(body) });
      if (!r.ok) {
        var err = await r.json().catch(function () { return {}; });
        throw new Error((err.error && err.error.message) || ("HTTP " + r.status));
      }
      var reader = r.body.getReader(), dec = new TextDecoder(), buf = "", done = false;
      while (!done) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buf += dec.decode(chunk.value, { stream: true });
        var i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          var raw = buf.slice(0, i); buf = buf.slice(i + 2);
          var ev = "message", data = "";
          raw.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) ev = line.slice(7);
            else if (line.indexOf("data: ") === 0) data += line.slice(6);
          });
          var payload = data ? JSON.parse(data) : {};
          if (ev === "token") { turn.text += payload.text; renderAnswer(turn.answerNode, turn.text, turn); }
          else if (ev === "reset") { turn.text = ""; turn.answerNode.textContent = ""; }
          else if (ev === "done") { done = true; onDone(turn, payload); }
          else if (ev === "error") { done = true; throw new Error(payload.error.message); }
        }
      }
      if (!turn.result) throw new Error("the answer stream ended early");
    } catch (e) {
      turn.answerNode.textContent = "Sorry, no answer: " + e.message;
      turn.answerNode.setAttribute("aria-busy", "false");
      turn.node.setAttribute("data-done", "error");
      showError(e.message);
    } finally {
      state.busy = false;
      $("ask").disabled = false;
    }
  }

  function onDone(turn, res) {
    finishTurn(turn, res);
    if (!state.conversationId && res.conversation_id) {
      state.conversationId = res.conversation_id;
      history.replaceState(null, "", "/c/" + res.conversation_id);
    }
    showShare();
    say(res.refused ? "The letters do not answer this question." : "Answer ready with " + res.citations.length + " sources.");
    turn.qNode.focus();
  }

  function showShare() {
    if (!state.conversationId) return;
    var url = location.origin + "/c/" + state.conversationId;
    $("share-link").textContent = url;
    $("share-link").href = url;
    $("share").hidden = false;
  }

  // ---- source panel -------------------------------------------------------
  async function loadDoc(id) {
    if (!state.docsCache[id]) state.docsCache[id] = await getJSON("/api/documents/" + id);
    return state.docsCache[id];
  }

  function renderMeta(dl, d) {
    dl.textContent = "";
    [["Kind", kindNames[d.kind] || d.kind], ["Local authority", d.authority], ["Date", fmtDate(d.letter_date) + (d.future_dated ? " (dated after it was added: not used as the latest)" : "")],
     ["Visit", d.visit_start ? fmtDate(d.visit_start) + (d.visit_end && d.visit_end !== d.visit_start ? " to " + fmtDate(d.visit_end) : "") : ""],
     ["Inspectors", (d.inspectors || []).join(", ")], ["File", d.source_name]].forEach(function (row) {
      if (!row[1]) return;
      dl.appendChild(el("div", { class: "govuk-summary-list__row" }, [
        el("dt", { class: "govuk-summary-list__key", text: row[0] }), el("dd", { class: "govuk-summary-list__value", text: row[1] })]));
    });
  }

  function renderDoc(container, data, highlightId) {
    container.textContent = "";
    var section = null, target = null;
    data.paragraphs.forEach(function (p) {
      if (p.section && p.section !== section) {
        section = p.section;
        container.appendChild(el("h3", { class: "govuk-heading-s app-section", text: p.section }));
      }
      var para = el("p", { class: "govuk-body app-para", id: "para-" + p.id, "data-key": p.key },
        [el("span", { class: "app-para__label", text: label(p.label) }), p.text]);
      if (p.id === highlightId) { para.classList.add("app-para--hl"); para.setAttribute("aria-current", "true"); target = para; }
      container.appendChild(para);
    });
    return target;
  }

  async function openSource(docId, paragraphId) {
    try {
      var data = await loadDoc(docId);
      var src = $("source");
      $("source-title").textContent = data.document.title;
      renderMeta($("source-meta"), data.document);
      var target = renderDoc($("source-body"), data, paragraphId);
      src.hidden = false;
      $("view-chat").classList.add("app-layout--with-source");
      src.focus({ preventScroll: true });
      if (target) {
        src.scrollTop = target.offsetTop - src.offsetTop - 20;
        target.scrollIntoView({ block: "center" });
      }
      say("Showing " + data.document.title);
    } catch (e) { say("Could not open the source: " + e.message); }
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.app-cite");
    if (!a) return;
    e.preventDefault();
    var turn = state.turns[Number(a.getAttribute("data-turn"))];
    var n = Number(a.getAttribute("data-marker"));
    var c = turn && turn.result && turn.result.citations.find(function (x) { return x.marker === n; });
    if (c) openSource(c.document.id, c.paragraph_id);
  });

  // ---- export ------------------------------------------------------------
  // md escapes text for Markdown: every character Markdown or HTML would
  // read as markup is backslash-escaped, and a line that would start a
  // heading, list or quote is defused, so questions and letters' text are
  // shown as text by any Markdown viewer (never as tags, links or layout).
  function md(s) {
    return String(s == null ? "" : s).split("\n").map(function (line) {
      line = line.replace(/[\\`*_{}\[\]()<>#+\-!|~&]/g, "\\$&");
      return line.replace(/^(\s*)(\d+)([.)])/, "$1$2\\$3");
    }).join("\n");
  }
  // oneLine is md for a heading: no line breaks inside it.
  function oneLine(s) { return md(String(s == null ? "" : s).replace(/\s+/g, " ").trim()); }
  function quote(s) { return "> " + md(s).replace(/\n/g, "\n> "); }

  function exportMarkdown() {
    var out = ["# Inspection letters: questions and answers", ""];
    if (state.conversationId) out.push("Conversation: " + location.origin + "/c/" + encodeURIComponent(state.conversationId), "");
    state.turns.forEach(function (t, i) {
      if (!t.result) return;
      out.push("## " + (i + 1) + ". " + oneLine(t.question), "", md(t.result.answer), "");
      if (t.result.notice) out.push(quote(t.result.notice), "");
      if (t.result.citations && t.result.citations.length) {
        out.push("### References", "");
        t.result.citations.forEach(function (c) {
          out.push("\\[" + c.marker + "\\] " + oneLine(c.document.title) + ", " + md(fmtDate(c.document.date)) + ", " + md(label(c.label)) +
            (c.section ? " (" + oneLine(c.section) + ")" : "") + " — " + md(c.key) + (c.supported ? "" : " — NOT SUPPORTED by this paragraph"));
          out.push("", quote(c.quote), "");
        });
      }
    });
    return out.join("\n");
  }
  window.lettersExportMarkdown = exportMarkdown;

  $("export").addEventListener("click", function () {
    var blob = new Blob([exportMarkdown()], { type: "text/markdown" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "letters-conversation.md" });
    document.body.appendChild(a); a.click(); a.remove();
    say("Markdown exported");
  });
  $("print").addEventListener("click", function () { window.print(); });
  $("source-close").addEventListener("click", function () {
    $("source").hidden = true;
    $("view-chat").classList.remove("app-layout--with-source");
    var last = state.turns[state.turns.length - 1];
    if (last) last.qNode.focus();
  });
  $("new").addEventListener("click", function () {
    state.conversationId = null; state.turns = [];
    $("conversation").textContent = "";
    $("share").hidden = true; $("export").disabled = true; $("print").disabled = true;
    history.replaceState(null, "", "/");
    $("question").focus();
  });
  $("ask-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = $("question").value.trim();
    if (!q) { showError("Enter a question"); $("question").focus(); return; }
    $("question").value = "";
    ask(q);
  });
  $("question").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("ask-form").requestSubmit(); }
  });

  // ---- pages ----------------------------------------------------------------
  async function loadConversation(id) {
    try {
      var conv = await getJSON("/api/conversations/" + encodeURIComponent(id));
      state.conversationId = conv.id;
      conv.turns.forEach(function (t) {
        var turn = addTurn(t.question);
        finishTurn(turn, Object.assign({}, t.result, { turn_id: t.id, conversation_id: conv.id }));
      });
      showShare();
    } catch (e) { showError("Could not load the conversation: " + e.message); }
  }

  async function loadAuthorities() {
    try {
      var data = await getJSON("/api/documents");
      var seen = {};
      data.documents.forEach(function (d) {
        if (d.authority && !seen[d.authority]) {
          seen[d.authority] = true;
          $("f-authority").appendChild(el("option", { value: d.authority, text: d.authority }));
        }
      });
      return data.documents;
    } catch (e) { return []; }
  }

  async function showDocs() {
    $("view-chat").hidden = true; $("view-doc").hidden = true; $("view-docs").hidden = false;
    $("nav-docs").setAttribute("aria-current", "page");
    var docs = await loadAuthorities();
    var body = $("docs-body");
    body.textContent = "";
    docs.forEach(function (d) {
      var a = el("a", { class: "govuk-link", href: "/documents/" + d.id, text: d.title });
      body.appendChild(el("tr", { class: "govuk-table__row" }, [
        el("td", { class: "govuk-table__cell" }, [a]),
        el("td", { class: "govuk-table__cell", text: kindNames[d.kind] || d.kind }),
        el("td", { class: "govuk-table__cell", text: d.authority }),
        el("td", { class: "govuk-table__cell" }, dateCell(d)),
        el("td", { class: "govuk-table__cell govuk-table__cell--numeric", text: String(d.paragraphs) })]));
    });
  }

  async function showDoc(id) {
    $("view-chat").hidden = true; $("view-docs").hidden = true; $("view-doc").hidden = false;
    $("nav-docs").setAttribute("aria-current", "page");
    try {
      var data = await loadDoc(id);
      $("doc-title").textContent = data.document.title;
      renderMeta($("doc-meta"), data.document);
      var hl = Number((location.hash.match(/^#para-(\d+)$/) || [])[1]);
      var t = renderDoc($("doc-body"), data, hl);
      if (t) t.scrollIntoView({ block: "center" });
    } catch (e) { $("doc-title").textContent = "Document not found"; }
  }

  if (csrf()) { $("signout-csrf").value = csrf(); $("signout").hidden = false; }

  var path = location.pathname;
  var m;
  if (path === "/documents") showDocs();
  else if ((m = path.match(/^\/documents\/(\d+)$/))) showDoc(Number(m[1]));
  else {
    $("nav-chat").setAttribute("aria-current", "page");
    loadAuthorities();
    if ((m = path.match(/^\/c\/([0-9a-f-]{36})$/))) loadConversation(m[1]);
  }
})();
