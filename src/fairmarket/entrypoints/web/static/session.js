// No lost work. (1) A signed-in page carries when its session ends (<meta name="fm-session-ends">):
// a few minutes before, say so and offer to stay signed in; once it has ended, say that what is
// typed is kept. (2) After signing in again, put back what was typed into the form sent after
// the session had ended (<script type="application/json" id="fm-draft">, kept by the server).
(function () {
  "use strict";
  var WARN_BEFORE_MS = 5 * 60 * 1000;
  var CHECK_EVERY_MS = 15 * 1000;

  function restoreDraft() {
    var data = document.getElementById("fm-draft");
    if (!data) return;
    var draft;
    try {
      draft = JSON.parse(data.textContent);
    } catch (error) {
      return;
    }
    var form = null;
    document.querySelectorAll("form").forEach(function (candidate) {
      if (!form && new URL(candidate.action, location.href).pathname === draft.action) form = candidate;
    });
    if (!form) return;
    var values = {};
    draft.fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    var first = null;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !(field.name in values) || field.type === "hidden") return;
      var wanted = values[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = wanted.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = wanted.indexOf(option.value) !== -1;
        });
      } else if (field.type !== "submit" && field.type !== "button") {
        field.value = wanted[0];
      } else {
        return;
      }
      first = first || field;
    });
    if (first) {
      first.scrollIntoView({ block: "center" });
      first.focus();
    }
  }

  function watchSession() {
    var meta = document.querySelector('meta[name="fm-session-ends"]');
    var box = document.getElementById("session-warning");
    if (!meta || !box) return;
    var text = box.querySelector(".session-warning-text");
    var stay = document.getElementById("session-stay");
    var endsAt = Date.parse(meta.content);
    if (isNaN(endsAt)) return;

    function check() {
      var left = endsAt - Date.now();
      if (left <= 0) {
        text.textContent = box.dataset.ended;
        stay.hidden = true;
        box.hidden = false;
      } else if (left <= WARN_BEFORE_MS) {
        var minutes = Math.max(1, Math.ceil(left / 60000));
        text.textContent = box.dataset.warning.replace("{time}", minutes + " min");
        stay.hidden = false;
        box.hidden = false;
      } else {
        box.hidden = true;
      }
    }

    stay.addEventListener("click", function () {
      // Any page view counts as activity; read the new end from the page we get back.
      fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.querySelector('meta[name="fm-session-ends"]');
          endsAt = fresh ? Date.parse(fresh.content) : Date.now();
          check();
        })
        .catch(check);
    });
    check();
    setInterval(check, CHECK_EVERY_MS);
  }

  restoreDraft();
  watchSession();
})();
