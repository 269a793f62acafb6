// Progressive enhancement for the draft editor: live preview and autosave. The page works without it.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  if (!form) { return; }
  var text = document.getElementById("text");
  var preview = document.getElementById("preview");
  var problems = document.getElementById("problems");
  var status = document.getElementById("save-status");
  var lock = form.querySelector("input[name=lock]");
  var previewTimer = null, saveTimer = null, dirty = false, stale = false;

  function post(url, accept) {
    return fetch(url, {method: "POST", body: new FormData(form), credentials: "same-origin",
                       headers: {"Accept": accept || "application/json"}});
  }

  function showProblems(list) {
    problems.textContent = "";
    list.forEach(function (p) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#line-" + p.line;
      link.textContent = form.dataset.path + ":" + p.line;
      li.appendChild(link);
      li.appendChild(document.createTextNode(": " + p.message));
      problems.appendChild(li);
    });
  }

  function refreshPreview() {
    post(form.dataset.preview).then(function (r) { return r.json(); }).then(function (data) {
      preview.innerHTML = data.html;  // sanitized on the server by the import's sanitizer
      showProblems(data.problems);
    }).catch(function () {});
  }

  function autosave() {
    if (!dirty || stale || text.readOnly) { return; }
    dirty = false;
    post(form.action || window.location.href).then(function (r) {
      return r.json().then(function (data) { return {ok: r.ok, data: data}; });
    }).then(function (res) {
      if (res.ok) { lock.value = res.data.lock; status.textContent = res.data.saved; }
      else { stale = true; status.textContent = res.data.error; }
    }).catch(function () { dirty = true; status.textContent = "Not saved yet (no connection); keep this page open."; });
  }

  // A problem's line link puts the cursor at the start of that line in the text area.
  problems.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#line-']");
    if (!link) { return; }
    event.preventDefault();
    var line = parseInt(link.getAttribute("href").slice(6), 10) || 1;
    var offset = 0;
    for (var i = 1; i < line; i++) { offset = text.value.indexOf("\n", offset) + 1; if (offset === 0) { break; } }
    text.focus();
    text.setSelectionRange(offset, offset);
  });

  text.addEventListener("input", function () {
    dirty = true;
    clearTimeout(previewTimer); previewTimer = setTimeout(refreshPreview, 500);
    clearTimeout(saveTimer); saveTimer = setTimeout(autosave, 3000);
  });
}());
