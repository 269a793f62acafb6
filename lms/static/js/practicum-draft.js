// Progressive enhancement for the practicum form: the draft saves itself a moment after you stop typing.
// Without JavaScript the "Save draft" button posts the same form, so nothing depends on this file.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-form]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-save-status]");
  var idField = form.querySelector("[data-entry-id]");
  var timer = null, inFlight = false, again = false;

  function say(text, kind) {
    status.textContent = text;
    status.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function save() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    say("Saving draft…");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok && data.saved) {
          if (!idField.value) {
            idField.value = data.id;
            form.action = data.edit_url;
            if (window.history && history.replaceState) { history.replaceState(null, "", data.edit_url); }
          }
          say("Draft saved", "ok");
        } else {
          say("Draft not saved: " + ((data.problems || []).join(" ") || "try again."), "error");
        }
      });
    }).catch(function () {
      say("Draft not saved (offline?). It will be tried again when you type.", "error");
    }).then(function () {
      inFlight = false;
      if (again) { again = false; save(); }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
