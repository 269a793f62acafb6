// Progressive enhancement for quiz pages: answers save the moment they are chosen.
// Without JavaScript the same forms post normally, so nothing depends on this file.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.querySelector("[data-save-status]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var pending = null, retryDelay = 1000, timer = null, inFlight = false;

  function say(text, kind) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function send() {
    if (!pending || inFlight) { return; }
    var body = pending;
    pending = null;
    inFlight = true;
    say("Saving…");
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        inFlight = false;
        if (response.ok) {
          retryDelay = 1000;
          say(pending ? "Saving…" : "Saved", "ok");
          form.setAttribute("data-saved", "true");
          send();
        } else if (response.status >= 500) {
          throw new Error("server");
        } else {
          say(data.message || "This answer could not be saved.", "error");
        }
      });
    }).catch(function () {
      inFlight = false;
      if (!pending) { pending = body; }
      say("Connection lost. Your answer will be saved when the connection returns (retrying)…", "error");
      clearTimeout(timer);
      timer = setTimeout(send, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    });
  }

  form.addEventListener("change", function () {
    var data = new FormData(form);
    data.delete("go");
    form.removeAttribute("data-saved");
    pending = data;
    send();
  });
  window.addEventListener("online", send);
})();
