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
  // setActive marks the current page in the service navigation
  function setActive(id) {
    var a = $(id);
    a.setAttribute("aria-current", "page");
    a.parentNode.classList.add("govuk-service-navigation__item--active");
  }
  function showView(id) {
    ["view-chat", "view-docs", "view-doc", "view-history", "view-feedback", "view-upload", "view-edit"].forEach(function (v) { $(v).hidden = v !== id; });
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
    inspection_report: "Inspection report", board_paper: "Council board paper", news_article: "News article",
    committee_minutes: "Committee minutes", other: "Document" };
  function fmtDate(d) {
    if (!d) return "";
    var t = new Date(d.length === 10 ? d + "T00:00:00Z" : d);
    return isNaN(t) ? d : t.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  // a document's date, flagged when it is later than the day it was
  // ingested (a mistake or a fake: never taken as the latest)
  function dateCell(d) {
    var out = [el("span", { class: "app-nowrap", text: fmtDate(d.letter_date) })];
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

  // citedText is the text an answer quotes for citation n: for each marker
  // naming n, the line's words between the previous marker (or the source
  // label line, which ends with ':') and it. Markers straight after another
  // ("[1][2]") share the text before the first.
  function citedText(answer, n) {
    var re = /\[(\d+(?:,\s*\d+)*)\]/g, m, start = 0, seg = "", out = [];
    while ((m = re.exec(answer)) !== null) {
      var here = answer.slice(start, m.index);
      if (here.trim()) seg = here;
      start = m.index + m[0].length;
      if (m[1].split(/,\s*/).map(Number).indexOf(n) >= 0) {
        var lines = seg.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
        var last = lines.length ? lines[lines.length - 1] : "";
        if (last && !/:$/.test(last) && out.indexOf(last) < 0) out.push(last);
      }
    }
    return out;
  }

  // fold maps text to a comparable form with an index back to the
  // original: runs of space become one, brackets become parentheses (the
  // answerer turns a letter's "[12]" into "(12)" so it is not read as a
  // marker) and curly quotes straight ones.
  function fold(text) {
    var out = "", idx = [], space = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (/\s/.test(c)) { if (!space && out) { out += " "; idx.push(i); } space = true; continue; }
      space = false;
      c = c === "[" ? "(" : c === "]" ? ")" : /[\u2018\u2019]/.test(c) ? "'" : /[\u201c\u201d]/.test(c) ? '"' : c;
      out += c; idx.push(i);
    }
    return { text: out, idx: idx };
  }

  // sentenceRanges finds each cited text in a paragraph: whole, else each
  // of its sentences; sorted [start, end) offsets into the paragraph's text.
  function sentenceRanges(paraText, cited) {
    var p = fold(paraText), found = [];
    function find(s) {
      var q = fold(s.replace(/^["\u201c\u2018]+|["\u201d\u2019]+$/g, "")).text.trim();
      var at = q.length >= 12 ? p.text.indexOf(q) : -1;
      if (at >= 0) found.push([p.idx[at], p.idx[at + q.length - 1] + 1]);
      return at >= 0;
    }
    (cited || []).forEach(function (c) {
      if (!find(c)) c.split(/(?<=[.!?]["\u201d\u2019)]?)\s+/).forEach(find);
    });
    return found.sort(function (a, b) { return a[0] - b[0]; });
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
          a.addEventListener("click", function (e) { e.preventDefault(); openSource(p.document.id, p.id, [], a); });
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
      a.addEventListener("click", function (e) { e.preventDefault(); openCitation(c, citedText(turn.text, c.marker), a); });
      var items = [a];
      if (c.changed) items.push(el("strong", { class: "govuk-tag govuk-tag--yellow app-changed-tag", text: "Letter changed since" }));
      if (!c.supported) items.push(el("span", { class: "app-unsupported", text: " Not supported by this paragraph" }));
      items.push(el("blockquote", { class: "govuk-body-s", text: c.quote }));
      if (turn.turnId) {
        var wrong = el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-font-size-14 govuk-!-margin-bottom-0 app-noprint", text: "Report wrong citation" });
        wrong.addEventListener("click", function () { sendFeedback(turn, { rating: 0, citation_marker: c.marker, reason: "wrong_citation" }, wrong); });
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
    var used = el("p", { class: "govuk-body-s app-filters-used", hidden: "" });
    // seen while the answer is on its way (the status region announces it)
    var progress = el("p", { class: "govuk-body app-progress", "aria-hidden": "true", hidden: "" },
      [el("span", { class: "app-spinner" }), "Answering\u2026"]);
    var refs = el("div");
    var fb = el("div", { class: "app-feedback", hidden: "" });
    node.append(h, used, searched, progress, a, notice, refs, fb);
    $("conversation").appendChild(node);
    turn.node = node; turn.qNode = h; turn.answerNode = a; turn.noticeNode = notice; turn.searchedNode = searched; turn.usedNode = used; turn.progressNode = progress; turn.refsNode = refs; turn.fbNode = fb;
    state.turns.push(turn);
    return turn;
  }

  // renderSearched says how the question was understood: the filters that
  // were searched, what was taken as given, and whether it followed on.
  function renderSearched(node, an) {
    if (!node || !an) return;
    var parts = ["Searched: " + (an.searched || "all letters")];
    if (an.months && an.months.length) parts.push(an.months.join(" or ") + " first");
    if (an.wants && an.wants.length) parts.push("looking for " + an.wants.join(" and "));
    if (an.premise) parts.push("taken as given: \u201c" + an.premise + "\u201d");
    if (an.inherited) parts.push("follows on from the previous question");
    node.textContent = parts.join(" · ");
    node.hidden = false;
  }

  // renderUsed says which filters the asker chose for this turn
  function renderUsed(node, f) {
    if (!node || !f) return;
    var parts = [];
    if (f.authorities && f.authorities.length) parts.push("local authority " + f.authorities.join(" or "));
    if (f.kinds && f.kinds.length) parts.push(f.kinds.map(function (k) { return (kindNames[k] || k).toLowerCase(); }).join(" or "));
    if (f.from) parts.push("dated from " + fmtDate(f.from));
    if (f.to) parts.push("dated to " + fmtDate(f.to));
    if (!parts.length) return;
    node.textContent = "Filters: " + parts.join(" · ");
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
    renderUsed(turn.usedNode, res.record && res.record.requested);
    renderRefs(turn);
    renderFeedback(turn);
    $("export").disabled = false;
    $("print").disabled = false;
  }

  var reasons = [["wrong_citation", "A citation is wrong"], ["not_answered", "It did not answer the question"],
    ["misleading", "It is misleading"], ["other", "Something else"]];

  // renderFeedback: Helpful / Not helpful (one rating per turn: a second
  // replaces the first), and for Not helpful a reason and a comment
  function renderFeedback(turn) {
    var fb = turn.fbNode;
    fb.textContent = "";
    if (!turn.turnId) return;
    var n = turn.index;
    var up = el("button", { type: "button", class: "govuk-button govuk-button--secondary app-rate", "aria-pressed": "false", text: "Helpful" });
    var down = el("button", { type: "button", class: "govuk-button govuk-button--secondary app-rate", "aria-pressed": "false",
      "aria-expanded": "false", "aria-controls": "why-" + n, text: "Not helpful" });
    var done = el("p", { class: "govuk-body-s app-fb-done", role: "status" });
    var radios = el("div", { class: "govuk-radios govuk-radios--small" });
    reasons.forEach(function (r, i) {
      var id = "why-" + n + "-" + r[0];
      radios.appendChild(el("div", { class: "govuk-radios__item" }, [
        el("input", { class: "govuk-radios__input", id: id, name: "why-" + n, type: "radio", value: r[0] }),
        el("label", { class: "govuk-label govuk-radios__label", for: id, text: r[1] })]));
    });
    var comment = el("textarea", { class: "govuk-textarea", id: "why-" + n + "-comment", rows: "2", maxlength: "2000" });
    var send = el("button", { type: "submit", class: "govuk-button govuk-button--secondary", text: "Send feedback" });
    var form = el("form", { class: "app-why", id: "why-" + n, hidden: "" }, [
      el("fieldset", { class: "govuk-fieldset" }, [
        el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s", text: "What was wrong with this answer?" }), radios]),
      el("div", { class: "govuk-form-group" }, [
        el("label", { class: "govuk-label", for: "why-" + n + "-comment", text: "Anything else? (optional)" }), comment]),
      send]);
    function pressed(which) {
      up.setAttribute("aria-pressed", String(which === up));
      down.setAttribute("aria-pressed", String(which === down));
    }
    up.addEventListener("click", async function () {
      form.hidden = true; down.setAttribute("aria-expanded", "false");
      if (await sendFeedback(turn, { rating: 1 })) { pressed(up); done.textContent = "Thank you: marked helpful."; }
    });
    down.addEventListener("click", function () {
      form.hidden = !form.hidden;
      down.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) radios.querySelector("input").focus();
    });
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      var checked = radios.querySelector("input:checked");
      var body = { rating: -1, comment: comment.value.trim() };
      if (checked) body.reason = checked.value;
      if (await sendFeedback(turn, body)) {
        pressed(down); form.hidden = true; down.setAttribute("aria-expanded", "false");
        done.textContent = "Thank you: your feedback was sent. You can change it.";
      }
    });
    fb.append(up, down, done, form);
    fb.hidden = false;
  }

  async function sendFeedback(turn, body, button) {
    body.turn_id = turn.turnId;
    try {
      var r = await fetch("/api/feedback", { method: "POST", headers: postHeaders(), body: JSON.stringify(body) });
      if (!r.ok) throw new Error("HTTP " + r.status);
      if (button) { button.disabled = true; button.textContent = "Reported"; }
      say("Feedback sent");
      return true;
    } catch (e) { say("Could not send feedback: " + e.message); return false; }
  }

  // ---- your conversations ---------------------------------------------------
  async function showHistory() {
    showView("view-history");
    setActive("nav-history");
    var q = new URLSearchParams(location.search).get("q") || "";
    $("history-q").value = q;
    var list = $("history-list");
    list.textContent = "";
    try {
      var data = await getJSON("/api/conversations" + (q ? "?q=" + encodeURIComponent(q) : ""));
      $("history-empty").hidden = data.conversations.length > 0;
      $("history-empty").textContent = q ? "None of your conversations mention \u201c" + q + "\u201d." : "You have not asked anything yet.";
      data.conversations.forEach(function (c) {
        var del = el("button", { type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-del", text: "Delete" });
        del.appendChild(el("span", { class: "govuk-visually-hidden", text: " \u201c" + c.title + "\u201d" }));
        var li = el("li", { class: "app-history__item", "data-id": c.id }, [
          el("a", { class: "govuk-link govuk-!-font-weight-bold", href: "/c/" + c.id, text: c.title }),
          el("p", { class: "govuk-body-s app-history__meta", text: (c.turns === 1 ? "1 question" : c.turns + " questions") + " \u00b7 last asked " + fmtDate(c.updated_at) }),
          del]);
        del.addEventListener("click", function () { confirmDelete(li, c, del); });
        list.appendChild(li);
      });
    } catch (e) { $("history-empty").hidden = false; $("history-empty").textContent = "Could not load your conversations: " + e.message; }
  }

  $("history-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = $("history-q").value.trim();
    history.replaceState(null, "", "/history" + (q ? "?q=" + encodeURIComponent(q) : ""));
    showHistory().then(function () { say($("history-list").children.length + " conversations found"); });
  });

  // confirmDelete asks in place (no dialog), then deletes
  function confirmDelete(li, c, del) {
    del.hidden = true;
    var yes = el("button", { type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-del-yes", text: "Yes, delete it" });
    var no = el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", text: "Cancel" });
    var box = el("div", { class: "govuk-button-group app-del-confirm" }, [
      el("p", { class: "govuk-body govuk-!-margin-bottom-2", text: "Delete this conversation? This cannot be undone." }), yes, no]);
    li.appendChild(box);
    yes.focus();
    no.addEventListener("click", function () { box.remove(); del.hidden = false; del.focus(); });
    yes.addEventListener("click", async function () {
      try {
        var r = await fetch("/api/conversations/" + encodeURIComponent(c.id), { method: "DELETE", headers: postHeaders() });
        if (!r.ok) throw new Error("HTTP " + r.status);
        li.remove();
        say("Deleted \u201c" + c.title + "\u201d");
        if (!$("history-list").children.length) { $("history-empty").hidden = false; $("history-empty").textContent = "No conversations left."; }
        $("history-q").focus();
      } catch (e) { say("Could not delete: " + e.message); }
    });
  }

  // ---- adding letters (editors) ------------------------------------------------
  var statusNames = { added: "Added", updated: "Replaced the earlier version", skipped: "Already here, unchanged", failed: "Not added" };
  function uploadError(msg) {
    var p = $("upload-error");
    p.textContent = "";
    if (!msg) { p.hidden = true; $("upload-group").classList.remove("govuk-form-group--error"); return; }
    p.append(el("span", { class: "govuk-visually-hidden", text: "Error: " }), msg);
    p.hidden = false;
    $("upload-group").classList.add("govuk-form-group--error");
  }
  function showUpload() {
    showView("view-upload");
    setActive("nav-upload");
  }
  $("upload-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var files = $("upload-files").files;
    if (!files.length) { uploadError("Choose at least one letter"); $("upload-files").focus(); return; }
    uploadError("");
    var data = new FormData();
    Array.prototype.forEach.call(files, function (f) { data.append("files", f, f.name); });
    var pdf = Array.prototype.some.call(files, function (f) { return /\.pdf$/i.test(f.name); });
    var xhr = new XMLHttpRequest();
    var bar = $("upload-bar"), stage = $("upload-stage");
    $("upload-progress").hidden = false; $("upload-results").hidden = true;
    $("upload-submit").disabled = true;
    bar.value = 0; bar.removeAttribute("data-done");
    stage.textContent = "Uploading " + (files.length === 1 ? files[0].name : files.length + " letters");
    say(stage.textContent);
    // the bytes' progress, then the reading (pdftotext for a PDF), which
    // the server does before it answers
    xhr.upload.onprogress = function (ev) { if (ev.lengthComputable) bar.value = Math.round(90 * ev.loaded / ev.total); };
    xhr.upload.onload = function () {
      bar.value = 90;
      stage.textContent = pdf ? "Reading the PDF text and indexing it\u2026" : "Reading and indexing\u2026";
      say(stage.textContent);
    };
    xhr.onload = function () {
      $("upload-submit").disabled = false;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
      if (xhr.status !== 200) {
        $("upload-progress").hidden = true;
        uploadError((body.error && body.error.message) || ("HTTP " + xhr.status));
        return;
      }
      bar.value = 100; bar.setAttribute("data-done", "true");
      stage.textContent = "Done";
      renderUploadResults(body.results || []);
    };
    xhr.onerror = function () { $("upload-submit").disabled = false; $("upload-progress").hidden = true; uploadError("The upload failed: check the connection and try again"); };
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.send(data);
  });
  function renderUploadResults(results) {
    var body = $("upload-body");
    body.textContent = "";
    var ok = 0;
    results.forEach(function (r) {
      var d = r.document;
      if (r.status !== "failed") ok++;
      var result = el("td", { class: "govuk-table__cell", "data-col": "status" }, [
        el("strong", { class: "govuk-tag " + (r.status === "failed" ? "govuk-tag--red" : r.status === "skipped" ? "govuk-tag--grey" : "govuk-tag--green"),
          text: statusNames[r.status] || r.status })]);
      if (r.reason) result.appendChild(el("p", { class: "govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0", text: r.reason }));
      var action = el("td", { class: "govuk-table__cell" });
      if (d) action.appendChild(el("a", { class: "govuk-link app-correct", href: "/documents/" + d.id + "/edit" }, ["Correct", el("span", { class: "govuk-visually-hidden", text: " the details of " + r.file })]));
      body.appendChild(el("tr", { class: "govuk-table__row", "data-file": r.file }, [
        el("td", { class: "govuk-table__cell", "data-col": "file" }, d ? [el("a", { class: "govuk-link", href: "/documents/" + d.id, text: r.file })] : [r.file]),
        result,
        el("td", { class: "govuk-table__cell", "data-col": "authority", text: d ? d.authority || "Not found" : "" }),
        el("td", { class: "govuk-table__cell", "data-col": "kind", text: d ? kindNames[d.kind] || d.kind : "" }),
        el("td", { class: "govuk-table__cell app-nowrap", "data-col": "date", text: d ? fmtDate(d.letter_date) || "Not found" : "" }),
        el("td", { class: "govuk-table__cell", "data-col": "visit", text: d && d.visit_start ? fmtDate(d.visit_start) + (d.visit_end && d.visit_end !== d.visit_start ? " to " + fmtDate(d.visit_end) : "") : "" }),
        action]));
    });
    $("upload-results").hidden = false;
    say(ok + " of " + results.length + " letters added");
    $("upload-results").querySelector("h2").setAttribute("tabindex", "-1");
    $("upload-results").querySelector("h2").focus();
  }

  function isoDate(d) { return d ? String(d).slice(0, 10) : ""; }
  async function showEdit(id) {
    showView("view-edit");
    setActive("nav-docs");
    $("edit-back").href = "/documents/" + id;
    try {
      var data = await getJSON("/api/documents/" + id);
      var d = data.document;
      $("edit-file").textContent = "File: " + d.source_name;
      $("e-title").value = d.title; $("e-authority").value = d.authority || "";
      $("e-kind").value = d.kind; $("e-date").value = isoDate(d.letter_date);
      $("e-visit-start").value = isoDate(d.visit_start); $("e-visit-end").value = isoDate(d.visit_end);
    } catch (e) { $("edit-error").hidden = false; $("edit-error-text").textContent = "Could not load the document: " + e.message; }
    $("edit-form").onsubmit = async function (e) {
      e.preventDefault();
      $("edit-error").hidden = true; $("edit-saved").hidden = true;
      var body = { title: $("e-title").value, authority: $("e-authority").value, kind: $("e-kind").value,
        letter_date: $("e-date").value, visit_start: $("e-visit-start").value, visit_end: $("e-visit-end").value };
      try {
        var r = await fetch("/api/documents/" + id, { method: "PATCH", headers: postHeaders(), body: JSON.stringify(body) });
        var out = await r.json().catch(function () { return {}; });
        if (!r.ok) throw new Error((out.error && out.error.message) || ("HTTP " + r.status));
        delete state.docsCache[id];
        $("edit-saved").hidden = false;
        $("edit-saved").focus && $("edit-saved").setAttribute("tabindex", "-1");
        $("edit-saved").focus();
      } catch (err) {
        $("edit-error").hidden = false; $("edit-error-text").textContent = err.message;
        $("edit-error").setAttribute("tabindex", "-1"); $("edit-error").focus();
      }
    };
  }

  // ---- feedback review (admins) -----------------------------------------------
  var ratingNames = { "1": "Helpful", "-1": "Not helpful", "0": "No rating" };
  async function showFeedbackReview() {
    showView("view-feedback");
    setActive("nav-feedback");
    var box = $("feedback-list");
    box.textContent = "";
    try {
      var data = await getJSON("/api/feedback");
      $("feedback-empty").hidden = data.feedback.length > 0;
      data.feedback.forEach(function (f) {
        var reason = (reasons.find(function (r) { return r[0] === f.reason; }) || [null, ""])[1];
        var what = f.citation_marker ? "Citation [" + f.citation_marker + "] reported wrong" : ratingNames[String(f.rating)];
        var rows = [["Feedback", what + (reason && !f.citation_marker ? ": " + reason.toLowerCase() : "")], ["Comment", f.comment],
          ["From", (f.user || "anonymous") + ", " + fmtDate(f.created_at)]];
        var dl = el("dl", { class: "govuk-summary-list app-meta" });
        rows.forEach(function (r) {
          if (!r[1]) return;
          dl.appendChild(el("div", { class: "govuk-summary-list__row" }, [
            el("dt", { class: "govuk-summary-list__key", text: r[0] }), el("dd", { class: "govuk-summary-list__value", text: r[1] })]));
        });
        var res = f.result || {};
        var cites = el("ol", { class: "govuk-list app-refs" });
        (res.citations || []).forEach(function (c) {
          var li = el("li", { class: c.marker === f.citation_marker ? "app-reported" : "" }, [
            el("span", { text: "[" + c.marker + "] " + c.document.title + ", " + fmtDate(c.document.date) + ", " + label(c.label) + " \u2014 " + c.key }),
            el("blockquote", { class: "govuk-body-s", text: c.quote })]);
          cites.appendChild(li);
        });
        box.appendChild(el("section", { class: "app-fb-item", "aria-label": "Feedback " + f.id }, [
          el("h2", { class: "govuk-heading-s app-fb-item__q", text: f.question }), dl,
          el("h3", { class: "govuk-heading-s", text: "Answer" }),
          el("p", { class: "govuk-body app-turn__a", text: res.answer || "" }),
          (res.citations || []).length ? el("h3", { class: "govuk-heading-s", text: "Sources" }) : null, cites]));
      });
    } catch (e) { $("feedback-empty").hidden = false; $("feedback-empty").textContent = "Could not load feedback: " + e.message; }
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

  // filterQuery is the form's filters as a query string ("" for none), so
  // that a shared link opens with them set
  function filterQuery() {
    var q = new URLSearchParams();
    [["authority", "f-authority"], ["kind", "f-kind"], ["from", "f-from"], ["to", "f-to"]].forEach(function (p) {
      var v = $(p[1]).value;
      if (v) q.set(p[0], v);
    });
    var s = q.toString();
    return s ? "?" + s : "";
  }
  function pageURL() {
    return (state.conversationId ? "/c/" + state.conversationId : "/") + filterQuery();
  }
  function keepFilters() {
    if (location.pathname === "/" || /^\/c\//.test(location.pathname)) history.replaceState(null, "", pageURL());
    showShare();
  }
  // setFilters fills the form from a page's query string
  function setFilters(params) {
    var any = false;
    [["authority", "f-authority"], ["kind", "f-kind"], ["from", "f-from"], ["to", "f-to"]].forEach(function (p) {
      var v = params.get(p[0]);
      if (!v) return;
      var field = $(p[1]);
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === v; })) {
        field.appendChild(el("option", { value: v, text: v }));
      }
      field.value = v;
      any = true;
    });
    if (any) $("filters").open = true;
  }
  ["f-authority", "f-kind", "f-from", "f-to"].forEach(function (id) { $(id).addEventListener("change", keepFilters); });

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
    turn.progressNode.hidden = false;
    turn.answerNode.setAttribute("aria-busy", "true");
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
      turn.progressNode.hidden = true;
      state.busy = false;
      $("ask").disabled = false;
    }
  }

  function onDone(turn, res) {
    finishTurn(turn, res);
    if (!state.conversationId && res.conversation_id) {
      state.conversationId = res.conversation_id;
    }
    history.replaceState(null, "", pageURL());
    showShare();
    say(res.refused ? "The letters do not answer this question." : "Answer ready with " + res.citations.length + " sources.");
    turn.qNode.focus();
  }

  // printedLine is what a printout says it is: the page's link and the date
  function printedLine() {
    $("printed").textContent = "Printed from " + location.origin + pageURL() + " on " + fmtDate(new Date().toISOString().slice(0, 10)) + ".";
  }
  window.addEventListener("beforeprint", printedLine);

  function showShare() {
    printedLine();
    if (!state.conversationId) return;
    var url = location.origin + pageURL();
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

  // renderDoc writes a document's paragraphs into container under section
  // headings one level below the view's own (h2 on a document's page, h3 in
  // the source panel, whose title is an h2)
  function renderDoc(container, data, highlightId, sectionTag, cited) {
    container.textContent = "";
    var section = null, target = null;
    data.paragraphs.forEach(function (p) {
      if (p.section && p.section !== section) {
        section = p.section;
        container.appendChild(el(sectionTag || "h3", { class: "govuk-heading-s app-section", text: p.section }));
      }
      var body = [p.text];
      if (p.id === highlightId) {
        var ranges = sentenceRanges(p.text, cited), at = 0;
        if (ranges.length) body = [];
        ranges.forEach(function (r) {
          if (r[0] < at) return;
          body.push(p.text.slice(at, r[0]), el("mark", { class: "app-sentence", text: p.text.slice(r[0], r[1]) }));
          at = r[1];
        });
        if (ranges.length) body.push(p.text.slice(at));
      }
      var para = el("p", { class: "govuk-body app-para", id: "para-" + p.id, "data-key": p.key },
        [el("span", { class: "app-para__label", text: label(p.label) })].concat(body));
      if (p.id === highlightId) { para.classList.add("app-para--hl"); para.setAttribute("aria-current", "true"); target = para; }
      container.appendChild(para);
    });
    return target;
  }

  // openSource shows a document beside the conversation (over it on a
  // phone) with the cited paragraph, and the cited sentence inside it,
  // marked. opener gets the focus back when the panel closes.
  async function openSource(docId, paragraphId, cited, opener) {
    try {
      var data = await loadDoc(docId);
      var src = $("source");
      $("source-title").textContent = data.document.title;
      renderMeta($("source-meta"), data.document);
      var target = renderDoc($("source-body"), data, paragraphId, "h3", cited);
      state.opener = opener || null;
      src.hidden = false;
      $("view-chat").classList.add("app-layout--with-source");
      document.body.classList.add("app-source-open");
      src.focus({ preventScroll: true });
      var head = src.querySelector(".app-source__head");
      src.scrollTop = 0;
      if (target) {
        // below the sticky title bar, not under it
        src.scrollTop = target.getBoundingClientRect().top - src.getBoundingClientRect().top - head.offsetHeight - 20;
      }
      var r = src.getBoundingClientRect();
      if (r.top < 0 || r.top > window.innerHeight - 100) src.scrollIntoView({ block: "start" });
      say("Showing " + data.document.title + (cited && cited.length ? ", the cited words marked" : ""));
    } catch (e) { say("Could not open the source: " + e.message); }
  }

  // openCitation shows a citation's paragraph; when the letter has changed
  // since the answer (re-ingested), the words quoted then, marked so, with
  // a way to the current version
  function openCitation(c, cited, opener) {
    if (!c.changed) { openSource(c.document.id, c.paragraph_id, cited, opener); return; }
    $("source-title").textContent = c.document.title;
    $("source-meta").textContent = "";
    var body = $("source-body");
    body.textContent = "";
    var box = el("div", { class: "govuk-inset-text app-stale" }, [
      el("p", { class: "govuk-body" }, [el("strong", { text: "This letter has since changed." }),
        " When this answer was given, " + label(c.label) + (c.section ? " (" + c.section + ")" : "") + " said:"]),
      el("blockquote", { class: "govuk-body app-stale__quote", text: c.quote })]);
    var more;
    if (c.document.id) {
      more = el("a", { class: "govuk-link app-current", href: "/documents/" + c.document.id,
        text: c.current_paragraph_id ? "Open the current version of this paragraph" : "Open the current version of the letter" });
      more.addEventListener("click", function (e) {
        e.preventDefault();
        openSource(c.document.id, c.current_paragraph_id || 0, [], opener);
      });
      box.appendChild(el("p", { class: "govuk-body" }, [more]));
    } else {
      box.appendChild(el("p", { class: "govuk-body", text: "The letter is no longer in the library." }));
    }
    body.appendChild(box);
    state.opener = opener || null;
    var src = $("source");
    src.hidden = false;
    $("view-chat").classList.add("app-layout--with-source");
    document.body.classList.add("app-source-open");
    src.scrollTop = 0;
    src.focus({ preventScroll: true });
    say("This letter has since changed; showing the words quoted when the answer was given");
  }

  function closeSource() {
    $("source").hidden = true;
    $("view-chat").classList.remove("app-layout--with-source");
    document.body.classList.remove("app-source-open");
    var back = state.opener && document.body.contains(state.opener) ? state.opener : null;
    if (!back) { var last = state.turns[state.turns.length - 1]; back = last && last.qNode; }
    if (back) back.focus({ preventScroll: false });
    state.opener = null;
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !$("source").hidden) { e.preventDefault(); closeSource(); }
  });

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.app-cite");
    if (!a) return;
    e.preventDefault();
    var turn = state.turns[Number(a.getAttribute("data-turn"))];
    var n = Number(a.getAttribute("data-marker"));
    var c = turn && turn.result && turn.result.citations.find(function (x) { return x.marker === n; });
    if (c) openCitation(c, citedText(turn.text, n), a);
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
            (c.section ? " (" + oneLine(c.section) + ")" : "") + " — " + md(c.key) + (c.supported ? "" : " — NOT SUPPORTED by this paragraph") +
            (c.changed ? " — the letter has since changed; quoted as it was when answered" : ""));
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
  $("source-close").addEventListener("click", closeSource);
  $("new").addEventListener("click", function () {
    state.conversationId = null; state.turns = [];
    $("conversation").textContent = "";
    $("share").hidden = true; $("export").disabled = true; $("print").disabled = true;
    history.replaceState(null, "", pageURL());
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

  // docTitles names each document as listed: its title, with its date (or
  // then its file) added where two documents share a title
  function docTitles(docs) {
    function count(names) {
      var n = {};
      names.forEach(function (t) { n[t] = (n[t] || 0) + 1; });
      return n;
    }
    var names = docs.map(function (d) { return d.title; });
    var n = count(names);
    names = docs.map(function (d, i) { return n[names[i]] > 1 && d.letter_date ? names[i] + " (" + fmtDate(d.letter_date) + ")" : names[i]; });
    n = count(names);
    return docs.map(function (d, i) { return n[names[i]] > 1 ? names[i] + " \u2013 " + d.source_name : names[i]; });
  }

  var sortKeys = {
    title: function (r) { return r.name.toLowerCase(); },
    date: function (r) { return r.doc.letter_date || ""; },
    authority: function (r) { return (r.doc.authority || "").toLowerCase(); },
    kind: function (r) { return (kindNames[r.doc.kind] || r.doc.kind || "").toLowerCase(); },
    paragraphs: function (r) { return ("000000000" + r.doc.paragraphs).slice(-9); }
  };

  // sortDocs orders the table's rows by a column and says so in aria-sort
  function sortDocs(rows, col, dir) {
    var key = sortKeys[col];
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * (dir === "descending" ? -1 : 1) || a.i - b.i;
    });
    var body = $("docs-body");
    rows.forEach(function (r) { body.appendChild(r.tr); });
    Array.prototype.forEach.call($("docs-table").querySelectorAll("thead th"), function (th) {
      if (th.getAttribute("data-sort") === col) th.setAttribute("aria-sort", dir);
      else th.removeAttribute("aria-sort");
    });
  }

  async function showDocs() {
    showView("view-docs");
    setActive("nav-docs");
    var docs = await loadAuthorities();
    var body = $("docs-body");
    body.textContent = "";
    var names = docTitles(docs);
    var rows = docs.map(function (d, i) {
      var a = el("a", { class: "govuk-link", href: "/documents/" + d.id, text: names[i] });
      var tr = el("tr", { class: "govuk-table__row" }, [
        el("td", { class: "govuk-table__cell", "data-col": "title", "data-sort-value": names[i] }, [a]),
        el("td", { class: "govuk-table__cell", "data-col": "date", "data-sort-value": d.letter_date || "" }, dateCell(d)),
        el("td", { class: "govuk-table__cell", "data-col": "authority", text: d.authority }),
        el("td", { class: "govuk-table__cell", "data-col": "kind", text: kindNames[d.kind] || d.kind }),
        el("td", { class: "govuk-table__cell govuk-table__cell--numeric", "data-col": "paragraphs", text: String(d.paragraphs) })]);
      body.appendChild(tr);
      return { tr: tr, doc: d, name: names[i], i: i };
    });
    sortDocs(rows, "date", "descending");
    Array.prototype.forEach.call($("docs-table").querySelectorAll("thead th[data-sort]"), function (th) {
      th.querySelector("button").onclick = function () {
        var col = th.getAttribute("data-sort");
        sortDocs(rows, col, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
        say("Documents sorted by " + th.textContent.trim().toLowerCase() + ", " + th.getAttribute("aria-sort"));
      };
    });
  }

  async function showDoc(id) {
    showView("view-doc");
    setActive("nav-docs");
    try {
      var data = await loadDoc(id);
      $("doc-title").textContent = data.document.title;
      $("doc-edit-link").href = "/documents/" + id + "/edit";
      renderMeta($("doc-meta"), data.document);
      var hl = Number((location.hash.match(/^#para-(\d+)$/) || [])[1]);
      var t = renderDoc($("doc-body"), data, hl, "h2");
      if (t) t.scrollIntoView({ block: "center" });
    } catch (e) { $("doc-title").textContent = "Document not found"; }
  }

  if (csrf()) { $("signout-csrf").value = csrf(); $("signout-item").hidden = false; }

  var me = getJSON("/api/me").then(function (me) {
    if (me.admin) $("nav-feedback-item").hidden = false;
    if (me.role === "editor" || me.role === "admin") { $("nav-upload-item").hidden = false; $("doc-edit").hidden = false; }
    return me;
  }).catch(function () { return {}; });

  var path = location.pathname;
  var m;
  if (path === "/history") showHistory();
  else if (path === "/upload") showUpload();
  else if ((m = path.match(/^\/documents\/(\d+)\/edit$/))) showEdit(Number(m[1]));
  else if (path === "/feedback") showFeedbackReview();
  else if (path === "/documents") showDocs();
  else if ((m = path.match(/^\/documents\/(\d+)$/))) showDoc(Number(m[1]));
  else {
    setActive("nav-chat");
    var params = new URLSearchParams(location.search);
    loadAuthorities().then(function () { setFilters(params); });
    if ((m = path.match(/^\/c\/([0-9a-f-]{36})$/))) loadConversation(m[1]);
  }
})();
