// Export progress: polls the export's status until the file is ready (or failed), then shows the link.
// A static file (the Content Security Policy forbids inline scripts); without JavaScript, reload the page.
(function () {
  "use strict";
  const card = document.getElementById("export");
  if (!card) return;
  const bar = card.querySelector("[data-bar]");
  const label = card.querySelector("[data-label]");
  const error = card.querySelector("[data-error]");
  const link = card.querySelector("[data-download]");
  const progress = card.querySelector(".progress");
  let delay = 1000;

  function show(state) {
    bar.className = bar.className.replace(/\bw-\d+\b/, "w-" + state.percent);
    progress.setAttribute("aria-valuenow", String(state.percent));
    label.textContent = state.label;
    if (state.status === "done" || state.status === "failed") {
      bar.classList.remove("progress-bar-animated");
    }
    if (state.status === "failed") {
      bar.classList.add("bg-danger");
      error.textContent = state.error || "The export failed.";
      error.classList.remove("d-none");
    }
    if (state.download) {
      link.href = state.download;
      link.classList.remove("d-none");
    }
  }

  function poll() {
    fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.status !== "done" && state.status !== "failed") {
          delay = Math.min(delay * 1.5, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (card.dataset.status !== "done" && card.dataset.status !== "failed") poll();
})();
