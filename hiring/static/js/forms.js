// Every page: a form that came back with errors shows its summary at the top; focus goes
// there on load (screen readers read it, the page scrolls to it), and each link in it moves
// focus to its field, not just the view, so typing can start at once. Without this file
// the summary is still there and its links still scroll to the fields.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    // Show the field's label or legend too, which sits above the control.
    var context = target.closest("fieldset, .field, section") || target;
    context.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });
  summary.focus();
}());
