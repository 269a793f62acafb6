// Progress pages (a bulk issue): while [data-poll-seconds] is on the page, fetch the same page again every few
// seconds and copy each [data-poll-part] (matched by id) into this one. The status line is an aria-live region,
// so the new counts are announced. Polling stops when the fetched page no longer asks for it (the job is done),
// and slows down after errors. Without JavaScript the page has a "Check again" link instead.
(function () {
  "use strict";
  var root = document.querySelector("[data-poll]");
  if (!root || !window.fetch || !window.DOMParser) { return; }
  var delay = 1000 * (parseInt(root.getAttribute("data-poll-seconds"), 10) || 0);
  if (!delay) { return; }

  function copyParts(fresh) {
    var parts = document.querySelectorAll("[data-poll-part][id]");
    for (var i = 0; i < parts.length; i++) {
      var source = fresh.getElementById(parts[i].id);
      if (source && source.innerHTML !== parts[i].innerHTML) {
        parts[i].innerHTML = source.innerHTML;
      }
    }
  }

  function poll() {
    fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        copyParts(fresh);
        var next = fresh.querySelector("[data-poll]");
        if (next && next.hasAttribute("data-poll-seconds")) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 60000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
}());
