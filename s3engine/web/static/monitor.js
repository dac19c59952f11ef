// The fieldwork monitor refreshes its figures every minute (progressive enhancement: without
// script, the "Refresh now" link does the same). A button pauses and resumes the refresh, so
// that nobody is interrupted while reading (WCAG 2.2.1, 2.2.2).
(function () {
  "use strict";
  var updated = document.getElementById("updated");
  var link = document.getElementById("refresh");
  if (!updated || !link || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(updated.getAttribute("data-refresh"), 10) || 60;
  var paused = false;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button secondary small";
  button.setAttribute("aria-pressed", "false");
  var labels = {
    pause: document.body.getAttribute("data-label-pause") || "Pause automatic refresh",
    resume: document.body.getAttribute("data-label-resume") || "Resume automatic refresh"
  };
  button.textContent = labels.pause;
  button.addEventListener("click", function () {
    paused = !paused;
    button.setAttribute("aria-pressed", paused ? "true" : "false");
    button.textContent = paused ? labels.resume : labels.pause;
  });
  link.parentNode.appendChild(document.createTextNode(" "));
  link.parentNode.appendChild(button);

  function refresh() {
    if (paused || document.hidden) {
      return;
    }
    fetch(link.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var figures = page.getElementById("figures");
        var time = page.getElementById("updated");
        if (figures && time) {
          document.getElementById("figures").replaceWith(figures);
          updated.textContent = time.textContent;
        }
      })
      .catch(function () {
        // The next round tries again; the figures shown stay as they were.
      });
  }
  window.setInterval(refresh, seconds * 1000);
})();
