// The scorecard form, enhanced: the "why not assessed" box and flag notes appear when
// needed, progress updates as you go, the anchor of the chosen level stands out, "Save
// draft" saves in place (the page stays where it is), and leaving with unsaved changes asks
// first. Everything works without this file: all fields are shown and "Save draft" posts
// the form and comes back to the top of the page.
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
    Array.prototype.forEach.call(section.querySelectorAll(".anchor[data-level]"), function (a) {
      a.classList.toggle("is-current", !!checked && a.getAttribute("data-level") === checked.value);
    });
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
  function setDirty(value) {
    dirty = value;
    if (unsaved) { unsaved.hidden = !value; }
  }
  function changed() {
    // No focus moves: arrow keys keep working inside a radio group, and the revealed
    // box is the next stop for Tab anyway.
    refresh();
    setDirty(true);
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // --- "Save draft" in place ------------------------------------------------------------
  // The form is sent as it is (its CSRF token included) and the answer is JSON: the new
  // lock_version goes back into the form so the next save is not taken for a stale one.
  // An answer that is not understood falls back to the ordinary post.
  var savedNote = form.querySelector("[data-saved]");
  var problem = form.querySelector("[data-save-problem]");
  var lockInput = form.querySelector("input[name=lock_version]");
  var csrfInput = form.querySelector("input[name=csrf_token]");
  var saving = false;

  function showProblem(message, links) {
    if (!problem) { return; }
    problem.textContent = "";
    var p = document.createElement("p");
    p.textContent = message;
    problem.appendChild(p);
    if (links && links.length) {
      var ul = document.createElement("ul");
      links.forEach(function (link) {
        var li = document.createElement("li");
        var target = link.target && document.getElementById(link.target);
        if (target) {
          var a = document.createElement("a");
          a.href = "#" + link.target;
          a.textContent = link.message;
          li.appendChild(a);
        } else {
          li.textContent = link.message;
        }
        ul.appendChild(li);
      });
      problem.appendChild(ul);
    }
  }

  function clearProblem() { if (problem) { problem.textContent = ""; } }

  function postNormally() {
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "save";
    form.appendChild(action);
    dirty = false;
    form.submit();  // no submit event: not intercepted again
  }

  function understood(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1 || [200, 400, 409].indexOf(response.status) === -1) {
      return null;
    }
    return response.json();
  }

  function saveInPlace(button) {
    if (saving) { return; }
    saving = true;
    button.setAttribute("aria-disabled", "true");
    form.setAttribute("aria-busy", "true");
    var data = new FormData(form);
    data.set("action", "save");
    var headers = { "Accept": "application/json" };
    if (csrfInput) { headers["X-CSRFToken"] = csrfInput.value; }
    var sentDirty = false;
    // Typing while the request is out keeps the page marked as unsaved.
    function typedMeanwhile() { sentDirty = true; }
    form.addEventListener("input", typedMeanwhile);
    function done() {
      saving = false;
      button.removeAttribute("aria-disabled");
      form.removeAttribute("aria-busy");
      form.removeEventListener("input", typedMeanwhile);
    }
    // getAttribute: form.action is shadowed by the buttons named "action".
    fetch(form.getAttribute("action") || window.location.href, { method: "POST", body: data, headers: headers,
                         credentials: "same-origin" })
      .then(function (response) {
        var body = understood(response);
        if (!body) { done(); postNormally(); return null; }
        return body.then(function (json) {
          done();
          if (response.status === 200) {
            if (lockInput) { lockInput.value = String(json.lock_version); }
            if (savedNote) { savedNote.textContent = json.message || "draft saved"; }
            clearProblem();
            if (json.warnings && json.warnings.length) {
              showProblem(json.warnings.join(" "));
            }
            setDirty(sentDirty);
          } else {
            if (response.status === 409 && json.lock_version !== null &&
                json.lock_version !== undefined && lockInput) {
              lockInput.value = String(json.lock_version);
            }
            showProblem(json.message || "The draft was not saved.", json.summary);
          }
        });
      })
      .catch(function () {
        done();
        showProblem("The draft was not saved: the server could not be reached. What you " +
                    "typed is still here; try again in a moment.");
      });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.value === "save" && window.fetch && window.FormData) {
      event.preventDefault();
      saveInPlace(button);
      return;
    }
    dirty = false;
  });

  // Ctrl/Cmd+S saves the draft (the same as the "Save draft" button).
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      var save = form.querySelector("button[value=save]");
      if (save) { event.preventDefault(); save.click(); }
    }
  });

  // On a phone the kit and the anchors fold, so that the form is in reach (one tap opens them).
  if (window.matchMedia("(max-width: 640px)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-anchors]"),
      function (d) { d.open = false; });
  }
  var kit = document.querySelector("details[data-kit]");
  if (kit && window.matchMedia("(max-width: 960px)").matches) { kit.open = false; }

  refresh();
}());
