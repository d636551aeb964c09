// The candidate list's bulk actions: a "select all on this page" box in the header and a
// count of the selected rows beside the actions. Without this file each row's own box
// still works and the server checks every selection.
(function () {
  "use strict";
  var all = document.querySelector("[data-select-all]");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-select]"));
  var count = document.querySelector("[data-bulk-count]");
  if (!all || !boxes.length) { return; }
  function update() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
    if (count) { count.textContent = "(" + ticked + " selected)"; }
  }
  all.hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
}());
