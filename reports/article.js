(function () {
  "use strict";
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.quotes tr[data-quote-id]"));
  var text = document.getElementById("text");
  var table = document.querySelector("table.quotes");

  // Rows start collapsed: one line per quote, its evidence row hidden until asked for.
  // Without this script every row stays open, so nothing is out of reach.
  function why(id) { return document.getElementById("why-" + id); }
  function expand(row, open) {
    var detail = why(row.dataset.quoteId);
    var button = row.querySelector("button.toggle");
    if (!detail || !button) return;
    if (open === undefined) open = detail.hidden;
    detail.hidden = !open || row.hidden;
    row.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "Hide" : "Details";
  }
  if (table) {
    table.classList.add("collapsible");
    rows.forEach(function (row) {
      row.querySelectorAll("button").forEach(function (b) { b.hidden = false; });
      expand(row, false);
      row.addEventListener("click", function (event) {
        if (event.target.closest("a, .copy")) return;
        if (!event.target.closest("button.toggle") && String(window.getSelection())) return;
        expand(row);
      });
    });
  }
  function openTarget() {
    var match = /^#row-(\d+)$/.exec(window.location.hash);
    var row = match && document.getElementById("row-" + match[1]);
    if (row) expand(row, true);
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // "Copy citation": the clipboard API where the page may use it, else a selected
  // text field and the copy command; when both are refused, the text stays selected
  // in a field for the reader to copy.
  function copied(button, ok) {
    button.textContent = ok ? "Copied" : "Press Ctrl+C";
    button.classList.toggle("done", ok);
    window.setTimeout(function () { button.textContent = "Copy"; }, 2500);
  }
  function fallback(button, citation) {
    var field = document.createElement("textarea");
    field.value = citation;
    field.setAttribute("readonly", "");
    field.className = "copy-field";
    button.insertAdjacentElement("afterend", field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    if (ok) field.remove();
    copied(button, ok);
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var citation = button.dataset.citation;
      button.parentNode.querySelectorAll(".copy-field").forEach(function (f) { f.remove(); });
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(citation).then(
          function () { copied(button, true); },
          function () { fallback(button, citation); }
        );
      } else {
        fallback(button, citation);
      }
    });
  });

  function inText(id) {
    return text.querySelectorAll('[data-quote-id="' + id + '"]');
  }

  function value(name) {
    var field = form.elements.namedItem(name);
    if (!field) return "";
    return field.type === "checkbox" ? (field.checked ? "yes" : "") : field.value;
  }

  function apply() {
    var speaker = value("speaker"), claim = value("claim"), disputed = value("disputed");
    var review = value("review");
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!speaker || d.speaker === speaker) && (!claim || d.claim === claim) &&
        (!disputed || d.disputed === disputed) && (!review || d.review === "yes");
      row.hidden = !ok;
      if (why(d.quoteId)) why(d.quoteId).hidden = !ok || !row.classList.contains("open");
      if (ok) shown += 1;
      inText(d.quoteId).forEach(function (el) { el.classList.toggle("dim", !ok); });
    });
    form.elements.namedItem("shown").value = shown + " of " + rows.length + " quotes";
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("reset", function (event) {
      event.preventDefault();  // clear the fields now, so the rows follow at once
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.tagName === "SELECT") field.value = "";
        else if (field.type === "checkbox") field.checked = false;
      });
      apply();
    });
    document.querySelectorAll("[data-filter-speaker]").forEach(function (button) {
      button.addEventListener("click", function () {
        var select = form.elements.namedItem("speaker");
        select.value = select.value === button.dataset.filterSpeaker ? "" : button.dataset.filterSpeaker;
        apply();
        document.getElementById("table-heading").scrollIntoView({ block: "start" });
      });
    });
  }

  // A quote in the text and its row light up together.
  function hot(id, on) {
    inText(id).forEach(function (el) { if (el.tagName === "MARK") el.classList.toggle("hot", on); });
    var row = document.getElementById("row-" + id);
    if (row) row.classList.toggle("hot", on);
  }
  rows.forEach(function (row) {
    row.addEventListener("mouseenter", function () { hot(row.dataset.quoteId, true); });
    row.addEventListener("mouseleave", function () { hot(row.dataset.quoteId, false); });
  });
  if (text) {
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark[data-quote-id]");
      if (!mark || event.target.closest("a") || mark.classList.contains("dim")) return;
      window.location.hash = "row-" + mark.dataset.quoteId;
    });
  }
})();
