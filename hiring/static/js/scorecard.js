// The scorecard form, enhanced: the "why not assessed" box and flag notes appear when
// needed, progress updates as you go, and leaving with unsaved changes asks first.
// Everything works without this file: all fields are then simply always shown.
(function () {
  "use strict";
  var form = document.querySelector("form[data-scorecard]");
  if (!form) { return; }

  function hasText(el) { return el && el.value.trim() !== ""; }
  function hasError(el) { return el && el.closest(".field.has-error") !== null; }

  var criteria = Array.prototype.slice.call(form.querySelectorAll("[data-criterion]"));
  var progress = form.querySelector("[data-progress]");

  function criterionState(section) {
    var na = section.querySelector("[data-not-assessed]");
    var reasonBox = section.querySelector("[data-reason]");
    var reason = reasonBox && reasonBox.querySelector("textarea");
    var checked = section.querySelector("input[type=radio]:checked");
    if (reasonBox) {
      reasonBox.hidden = !(na && na.checked) && !hasText(reason) && !hasError(reason) &&
        !reasonBox.contains(document.activeElement);
    }
    var evidence = section.querySelector(".evidence-field textarea");
    var done = !!checked && (checked === na ? hasText(reason) : hasText(evidence));
    var badge = section.querySelector("[data-done]");
    if (badge) { badge.hidden = !done; }
    return done;
  }

  function flagState(flag) {
    var box = flag.querySelector("input[type=checkbox]");
    var noteBox = flag.querySelector("[data-flag-note]");
    var note = noteBox && noteBox.querySelector("textarea");
    if (noteBox) {
      noteBox.hidden = !box.checked && !hasText(note) && !hasError(note) &&
        !noteBox.contains(document.activeElement);
    }
  }

  function refresh() {
    var ready = criteria.filter(criterionState).length;
    if (progress) {
      progress.textContent = ready + " of " + criteria.length + " criteria ready";
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-flag]"), flagState);
  }

  var dirty = false;
  var unsaved = form.querySelector("[data-unsaved]");
  function changed() {
    // No focus moves: arrow keys keep working inside a radio group, and the revealed
    // box is the next stop for Tab anyway.
    refresh();
    dirty = true;
    if (unsaved) { unsaved.hidden = false; }
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // Ctrl/Cmd+S saves the draft (the same as the "Save draft" button).
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      var save = form.querySelector("button[value=save]");
      if (save) { event.preventDefault(); save.click(); }
    }
  });

  // On a phone the kit comes first: fold it so the form is in reach (one tap opens it).
  var kit = document.querySelector("details[data-kit]");
  if (kit && window.matchMedia("(max-width: 960px)").matches) { kit.open = false; }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  refresh();
}());
