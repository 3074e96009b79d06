// Export progress: polls the export's status until the file is ready (or failed), moves the progress bar
// (steps done of the steps the worker reported) and says in words where it is (role=status, read out by
// screen readers), then shows the link. A static file (the Content Security Policy forbids inline scripts);
// without JavaScript the page reloads itself (a meta refresh inside <noscript>).
(function () {
  "use strict";
  const card = document.getElementById("export");
  if (!card) return;
  const bar = card.querySelector("[data-bar]");
  const label = card.querySelector("[data-label]");
  const error = card.querySelector("[data-error]");
  const link = card.querySelector("[data-download]");
  let delay = 500;

  function show(state) {
    const finished = state.status === "done" || state.status === "failed";
    bar.max = Math.max(state.total, 1);
    if (finished) {
      bar.value = bar.max;
    } else if (state.total) {
      bar.value = state.done;
    } else {
      bar.removeAttribute("value"); // not known yet: an indeterminate bar
    }
    bar.textContent = state.percent + "%";
    const text = state.status === "running" && state.total ? state.text + " (" + state.percent + "%)" : state.text;
    if (label.textContent !== text) label.textContent = text;
    if (state.status === "failed") {
      error.textContent = state.error || state.label;
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
          delay = Math.min(delay * 1.5, 3000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (card.dataset.status !== "done" && card.dataset.status !== "failed") poll();
})();
