// Ops Console rules pages: ask before lifecycle changes, and keep the editor's line numbers in
// step with the text. The pages work without it (forms post as usual).
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
  var source = document.getElementById("rule-source");
  var gutter = document.querySelector(".code-editor .gutter");
  if (!source || !gutter) {
    return;
  }
  function renumber() {
    var lines = Math.max(source.value.split("\n").length, 20);
    var numbers = [];
    for (var n = 1; n <= lines; n += 1) {
      numbers.push(n);
    }
    gutter.textContent = numbers.join("\n") + "\n";
    source.rows = lines;
  }
  source.addEventListener("input", renumber);
  source.addEventListener("keydown", function (event) {
    // Tab inserts two spaces (YAML indentation) instead of leaving the field.
    if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      var start = source.selectionStart;
      source.setRangeText("  ", start, source.selectionEnd, "end");
      renumber();
    }
  });
  // "line 10:9" next to a problem puts the cursor there.
  document.querySelectorAll("a.where[data-line]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var lines = source.value.split("\n");
      var line = Math.min(Number(link.getAttribute("data-line")), lines.length);
      var offset = 0;
      for (var i = 0; i < line - 1; i += 1) {
        offset += lines[i].length + 1;
      }
      offset += Math.max(Number(link.getAttribute("data-column")) - 1, 0);
      source.focus();
      source.setSelectionRange(offset, offset);
    });
  });
  renumber();
})();
