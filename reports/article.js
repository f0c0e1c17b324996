(function () {
  "use strict";
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.quotes tr[data-quote-id]"));
  var text = document.getElementById("text");

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
