// Progressive enhancement for the chat panel: send without reloading the page.
// Without JavaScript the form posts normally and the page shows the whole conversation.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var transcript = document.getElementById("transcript");
  if (!form || !transcript || !window.fetch) return;
  var box = form.querySelector("textarea");
  var button = form.querySelector("button");

  function bubble(speaker, text) {
    var item = document.createElement("li");
    item.className = "bubble bubble-" + (speaker === "You" ? "you" : "assistant");
    var who = document.createElement("span");
    who.className = "speaker";
    who.textContent = speaker;
    var body = document.createElement("p");
    body.textContent = text; // text, never HTML
    item.appendChild(who);
    item.appendChild(body);
    transcript.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener("submit", function (event) {
    var message = box.value.trim();
    if (!message) return; // let the server explain what is missing
    event.preventDefault();
    var intro = transcript.querySelector(".intro");
    if (intro) intro.remove();
    bubble("You", message);
    var waiting = bubble("Assistant", "…");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("application/json") === -1) throw new Error("not json");
        return response.json();
      })
      .then(function (answer) {
        waiting.querySelector("p").textContent = answer.reply || answer.error;
        box.value = "";
      })
      .catch(function () {
        // Show the page as the server has it (signs in again if the session expired);
        // re-posting could send the message twice.
        window.location.assign(form.action);
      })
      .finally(function () {
        button.disabled = false;
        box.focus();
      });
  });
})();
