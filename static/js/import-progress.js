// Import progress: polls the background check or import's status and moves the bar; reloads the page when
// it is done (the preview, applied, or back to its preview with the problems found). A static file (the Content
// Security Policy forbids inline scripts); without JavaScript, the page offers a reload link.
(function () {
  "use strict";
  const card = document.getElementById("import-progress");
  if (!card) return;
  const bar = card.querySelector("[data-bar]");
  const label = card.querySelector("[data-label]");
  const progress = card.querySelector(".progress");
  let delay = 1000;

  function show(state) {
    bar.style.width = state.percent + "%";
    progress.setAttribute("aria-valuenow", String(state.percent));
    label.textContent = state.label;
  }

  function poll() {
    fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.status === "applying" || state.status === "checking") {
          delay = Math.min(delay * 1.5, 5000);
          window.setTimeout(poll, delay);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, delay);
})();
