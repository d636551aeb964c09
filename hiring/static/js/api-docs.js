// Renders the OpenAPI document as a list of operations (text only: no HTML from the spec).
"use strict";
(function () {
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function render(spec, root) {
    root.textContent = "";
    Object.keys(spec.paths || {}).sort().forEach(function (path) {
      var ops = spec.paths[path];
      Object.keys(ops).forEach(function (method) {
        var op = ops[method];
        if (typeof op !== "object" || !op.responses) { return; }
        var section = el("section", null, "card");
        section.appendChild(el("h2", method.toUpperCase() + " " + path));
        if (op.summary) { section.appendChild(el("p", op.summary)); }
        if (op.description) { section.appendChild(el("p", op.description)); }
        var params = (op.parameters || []).map(function (p) {
          return p.name + " (" + p["in"] + (p.required ? ", required" : "") + ")";
        });
        if (params.length) { section.appendChild(el("p", "Parameters: " + params.join(", "))); }
        section.appendChild(el("p", "Responses: " + Object.keys(op.responses).join(", ")));
        root.appendChild(section);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("operations");
    fetch(root.dataset.spec, {credentials: "omit"})
      .then(function (r) { return r.json(); })
      .then(function (spec) { render(spec, root); })
      .catch(function () { root.textContent = "The OpenAPI document could not be loaded."; });
  });
}());
