// Progressive enhancement for the chat panel: send without reloading the page.
// Without JavaScript the form posts normally and the page shows the whole conversation.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var transcript = document.getElementById("transcript");
  if (!form || !transcript || !window.fetch) return;
  var box = form.querySelector("textarea");
  var button = form.querySelector("button");

  // The speakers' names come from the page, in its language.
  function bubble(speaker, text) {
    var item = document.createElement("li");
    item.className = "bubble bubble-" + speaker;
    var who = document.createElement("span");
    who.className = "speaker";
    who.textContent = form.dataset[speaker];
    var body = document.createElement("p");
    body.textContent = text; // text, never HTML
    item.appendChild(who);
    item.appendChild(body);
    transcript.appendChild(item);
    showNewest(item);
    return item;
  }

  // The newest line in view: the transcript scrolls inside the page, and the page to it.
  function showNewest(item) {
    transcript.scrollTop = transcript.scrollHeight;
    item.scrollIntoView({ block: "nearest" });
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
    bubble("you", message);
    var waiting = bubble("assistant", "…");
    var body = new FormData(form);
    var navigating = false;
    // The box is free at once: what is typed while the assistant answers stays there.
    box.value = "";
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("application/json") !== -1) return response.json();
        // The session had ended: the server kept the message and sent us to sign in; go
        // there (after signing in, the chat page has the message back in the box).
        if (response.redirected) {
          navigating = true;
          window.location.assign(response.url);
        }
        throw new Error("not json");
      })
      .then(function (answer) {
        waiting.querySelector("p").textContent = answer.reply || answer.error;
        if (!answer.reply && !box.value) box.value = message; // refused: let them fix it
        showNewest(waiting);
      })
      .catch(function () {
        if (navigating) return;
        // Say so, and give the message back: sending it again is the seller's choice (the
        // assistant may have acted on it already, so it is never re-sent by itself).
        waiting.querySelector("p").textContent = form.dataset.failed;
        if (!box.value) box.value = message;
        showNewest(waiting);
      })
      .finally(function () {
        button.disabled = false;
        box.focus();
      });
  });
})();
