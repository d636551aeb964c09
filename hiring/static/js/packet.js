// The packet's progress page: ask the status endpoint how the job is doing, say so, and
// start the download when the packet is ready (a failure reloads the page, which explains
// it). Without this file the page reloads itself every two seconds (a <noscript> refresh)
// and has a "Check again" link.
(function () {
  "use strict";
  var box = document.querySelector("[data-packet-status]");
  if (!box) { return; }
  var stateText = box.querySelector("[data-packet-state]");
  var words = { queued: "Waiting for a free renderer…", rendering: "Rendering the packet…" };
  var delay = 700;

  function later() {
    delay = Math.min(delay * 1.4, 4000);
    window.setTimeout(poll, delay);
  }

  function poll() {
    fetch(box.getAttribute("data-packet-status"), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("status " + response.status); }
      return response.json();
    }).then(function (status) {
      if (status.state === "ready") {
        stateText.textContent = "The packet is ready: the download starts.";
        window.location.assign(status.download);
      } else if (status.state === "failed" || status.state === "none") {
        window.location.assign(status.page);
      } else {
        stateText.textContent = words[status.state] || stateText.textContent;
        later();
      }
    }).catch(later);
  }

  later();
}());
