// Time on task: counts the seconds this page is visible (Page Visibility API) while the learner is not idle,
// and reports them in beacons. The element with data-time-url names where; its form's CSRF token goes along.
// Without JavaScript nothing is recorded and nothing else changes.
(function () {
  "use strict";
  var el = document.querySelector("[data-time-url]");
  if (!el || !window.FormData || !navigator.sendBeacon) { return; }
  var url = el.getAttribute("data-time-url");
  var token = el.getAttribute("data-csrf");
  var HEARTBEAT = 30000, IDLE_AFTER = 5 * 60000;
  var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  var counted = 0, lastInput = Date.now();

  function collect() {
    var now = Date.now();
    if (visibleSince !== null) {
      // Idle time past IDLE_AFTER does not count: the tab may be open on a desk with nobody reading.
      var until = Math.min(now, lastInput + IDLE_AFTER);
      if (until > visibleSince) { counted += until - visibleSince; }
      visibleSince = document.visibilityState === "visible" ? now : null;
    }
  }

  function send() {
    collect();
    var seconds = Math.round(counted / 1000);
    if (seconds < 1) { return; }
    counted = 0;
    var body = new FormData();
    body.append("seconds", String(seconds));
    if (token) { body.append("csrf_token", token); }
    navigator.sendBeacon(url, body);
  }

  ["pointerdown", "keydown", "scroll", "touchstart", "mousemove"].forEach(function (name) {
    window.addEventListener(name, function () { lastInput = Date.now(); }, { passive: true });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { send(); }
    else { collect(); visibleSince = Date.now(); lastInput = Date.now(); }
  });
  window.addEventListener("pagehide", send);
  window.setInterval(function () { if (document.visibilityState === "visible") { send(); } }, HEARTBEAT);
}());
