// letters council briefing page. Plain JS; every text from the server is
// inserted as text, never as HTML.
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") n.textContent = attrs[k];
      else if (k === "class") n.className = attrs[k];
      else n.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) n.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return n;
  }
  function fmtDate(d) {
    if (!d) return "";
    var t = new Date(d + "T00:00:00Z");
    return isNaN(t) ? d : t.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }
  var kindNames = { monitoring_visit: "Monitoring visit letter", focused_visit: "Focused visit letter",
    inspection_report: "Inspection report", board_paper: "Council board paper", news_article: "News article",
    committee_minutes: "Committee minutes", other: "Document" };
  function docShort(d) { return (kindNames[d.kind] || "Document") + (d.date ? ", " + fmtDate(d.date) : ""); }
  function docLine(d) { return (kindNames[d.kind] || "Document") + (d.date ? ", " + fmtDate(d.date) : "") + ": " + d.title; }
  async function getJSON(url) {
    var r = await fetch(url, { headers: { Accept: "application/json" } });
    var body = await r.json().catch(function () { return {}; });
    if (!r.ok) throw new Error((body.error && body.error.message) || ("HTTP " + r.status));
    return body;
  }
  // a quoted sentence and its citation, linked to the paragraph in its document
  function bullet(b, prefix) {
    var href = "/documents/" + b.document.id + (b.paragraph_id ? "#para-" + b.paragraph_id : "");
    return el("li", { class: "app-brief-bullet" }, [
      prefix ? el("strong", { text: prefix }) : null,
      /^“.*”$/.test(b.text) ? el("span", { class: "app-brief-quote", text: b.text }) : el("q", { class: "app-brief-quote", text: b.text }), " ",
      el("span", { class: "app-brief-cite" }, ["— ", el("a", { class: "govuk-link", href: href, text: b.citation })])]);
  }

  async function showCouncils() {
    $("view-councils").hidden = false;
    var data = await getJSON("/api/councils");
    var body = $("councils-body");
    body.textContent = "";
    data.councils.forEach(function (c) {
      body.appendChild(el("tr", { class: "govuk-table__row" }, [
        el("td", { class: "govuk-table__cell" }, [el("a", { class: "govuk-link", href: "/briefing/" + c.id, text: c.name })]),
        el("td", { class: "govuk-table__cell govuk-table__cell--numeric", text: String(c.documents) }),
        el("td", { class: "govuk-table__cell", text: fmtDate(c.from) }),
        el("td", { class: "govuk-table__cell", text: fmtDate(c.to) })]));
    });
  }

  function renderBriefing(br, query) {
    document.title = "Briefing: " + br.council.name + " – Inspection letters";
    $("brief-title").textContent = "Briefing: " + br.council.name;
    var docs = br.documents.length === 1 ? "1 document" : br.documents.length + " documents";
    $("brief-intro").textContent = "Prepared " + fmtDate(br.generated) + " from " + docs +
      (br.from || br.to ? " dated " + (fmtDate(br.from) || "any date") + " to " + (fmtDate(br.to) || "any date") : "") +
      ". Every line is quoted word for word from the document cited after it; newest document first.";
    $("brief-printed").textContent = "Printed from " + location.href + " on " + fmtDate(new Date().toISOString().slice(0, 10)) + ".";
    var ul = $("brief-docs");
    ul.textContent = "";
    br.documents.forEach(function (d) {
      ul.appendChild(el("li", {}, [el("a", { class: "govuk-link", href: "/documents/" + d.id, text: docLine(d) })]));
    });
    var box = $("brief-sections");
    box.textContent = "";
    br.sections.forEach(function (s) {
      box.appendChild(el("h2", { class: "govuk-heading-m", id: "section-" + s.id, text: s.title }));
      if (s.summary) {
        var sum = el("div", { class: "app-notice app-brief-summary" }, [
          el("p", { class: "govuk-body", text: "Summary (written by a model from the quotations below; its citations checked): " + s.summary.text })]);
        s.summary.citations.forEach(function (c) {
          sum.appendChild(el("p", { class: "govuk-body-s app-brief-cite" }, ["[" + c.marker + "] ",
            el("a", { class: "govuk-link", href: "/documents/" + c.document.id + "#para-" + c.paragraph_id, text: c.key })]));
        });
        box.appendChild(sum);
      }
      if (!s.bullets.length) { box.appendChild(el("p", { class: "govuk-body", text: "Nothing in these documents." })); return; }
      var list = el("ul", { class: "govuk-list app-brief-list" });
      s.bullets.forEach(function (b) { list.appendChild(bullet(b)); });
      box.appendChild(list);
    });
    ["docx", "pdf", "md"].forEach(function (f) {
      var q = new URLSearchParams(query); q.set("format", f);
      $("dl-" + f).href = "/api/councils/" + encodeURIComponent(br.council.id) + "/briefing?" + q.toString();
    });
  }

  function renderTimeline(tl) {
    var ol = $("timeline");
    ol.textContent = "";
    var from = $("c-from"), to = $("c-to"), docSel = $("b-document");
    tl.entries.forEach(function (e) {
      var d = e.document;
      var dates = [e.date ? "dated " + fmtDate(e.date) : "", e.visit_start ? "visit " + fmtDate(e.visit_start) +
        (e.visit_end && e.visit_end !== e.visit_start ? " to " + fmtDate(e.visit_end) : "") : ""].filter(Boolean).join("; ");
      var gap = e.gap_from ? e.gap_months + " months (" + e.gap_days + " days) after the previous visit on file (" + fmtDate(e.gap_from) + ")" : "";
      var li = el("li", { class: "app-timeline__item" }, [
        el("h3", { class: "govuk-heading-s app-timeline__head", text: (fmtDate(e.date) || "Undated") + " — " + e.kind_label }),
        el("p", { class: "govuk-body-s app-timeline__meta", text: [dates, gap].filter(Boolean).join("; ") })]);
      if (e.judgements.length) {
        li.appendChild(el("p", { class: "govuk-body-s", text: "Judgements: " + e.judgements.map(function (j) { return j.area + ": " + j.grade; }).join("; ") +
          " (" + e.judgements[0].key + ")" }));
      }
      if (e.headline) li.appendChild(el("ul", { class: "govuk-list app-brief-list" }, [bullet(e.headline)]));
      ol.appendChild(li);
      [from, to, docSel].forEach(function (sel) {
        sel.appendChild(el("option", { value: d.slug, text: docLine(d) }));
      });
    });
  }

  function renderChanges(ch) {
    $("changes-title").textContent = "What changed: " + docShort(ch.earlier) + " to " + docShort(ch.later);
    $("changes-intro").textContent = "Topic by topic, the earlier and the later document's own statement, each cited.";
    $("c-from").value = ch.earlier.slug; $("c-to").value = ch.later.slug;
    var box = $("changes");
    box.textContent = "";
    ch.topics.forEach(function (t) {
      var sec = el("section", { class: "app-change" }, [el("h3", { class: "govuk-heading-s", text: t.title })]);
      if (t.note) sec.appendChild(el("p", { class: "govuk-body-s app-change__note", text: t.note }));
      var grid = el("ul", { class: "govuk-list app-change__grid" });
      if (t.earlier) grid.appendChild(bullet(t.earlier, "Earlier: "));
      if (t.later) grid.appendChild(bullet(t.later, "Later: "));
      sec.appendChild(grid);
      box.appendChild(sec);
    });
  }

  async function loadChanges(id, from, to) {
    var q = from && to ? "?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to) : "";
    try { renderChanges(await getJSON("/api/councils/" + encodeURIComponent(id) + "/changes" + q)); }
    catch (e) { $("changes-intro").textContent = e.message === "not found" ? "There are not two documents of one kind to compare." : e.message; $("changes").textContent = ""; }
  }

  async function showBriefing(id) {
    $("view-brief").hidden = false;
    var query = new URLSearchParams(location.search);
    ["from", "to"].forEach(function (k) { if (query.get(k)) $("b-" + k).value = query.get(k); });
    var q = new URLSearchParams();
    ["from", "to", "document", "summaries"].forEach(function (k) { if (query.get(k)) q.set(k, query.get(k)); });
    $("b-summaries").checked = query.get("summaries") === "true";
    var base = "/api/councils/" + encodeURIComponent(id);
    try {
      var res = await Promise.all([getJSON(base + "/briefing?" + q.toString()), getJSON(base + "/timeline")]);
      renderTimeline(res[1]);
      if (query.get("document")) $("b-document").value = query.get("document");
      renderBriefing(res[0], q);
      await loadChanges(id);
      $("status").textContent = "Briefing ready";
      document.body.setAttribute("data-ready", "true");
    } catch (e) {
      $("brief-error").hidden = false;
      $("brief-error-text").textContent = e.message;
      document.body.setAttribute("data-ready", "error");
    }
    $("changes-form").addEventListener("submit", function (e) {
      e.preventDefault();
      loadChanges(id, $("c-from").value, $("c-to").value);
    });
    $("brief-print").addEventListener("click", function () { window.print(); });
  }

  var m = location.pathname.match(/^\/briefing\/([^/]+)$/);
  if (m) showBriefing(decodeURIComponent(m[1]));
  else showCouncils().catch(function (e) { $("status").textContent = e.message; });
})();
