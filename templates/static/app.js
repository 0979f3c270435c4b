// Small progressive enhancements, loaded from /static (the CSP allows no inline script).
// The pages work without it.
(function () {
  "use strict";
  // Stacked table rows on phones label each cell with its column header (docs/web-layout.md).
  // Templates may set data-label themselves; this fills in the cells that have none.
  function labelCells(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var heads = Array.prototype.map.call(
        table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      if (!heads.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (!cell.hasAttribute("data-label") && heads[col] !== undefined && cell.colSpan < heads.length) {
            cell.setAttribute("data-label", heads[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
  document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target); });
  // Print everything: folded parts (history, decisions) open for the paper copy.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", ""); d.setAttribute("data-printed-open", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-printed-open]").forEach(function (d) {
      d.removeAttribute("open"); d.removeAttribute("data-printed-open");
    });
  });
}());
