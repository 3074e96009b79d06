// The counting-rule form (templates/kpis/rules/form.html). A static file: the Content Security Policy
// forbids inline scripts. Without it every record kind's fields show under their heading and the server
// reads only the chosen kind's; with it only the chosen kind's group shows.
(function () {
  "use strict";

  function show() {
    const chosen = document.querySelector("#record-kinds input:checked");
    document.querySelectorAll(".rule-kind").forEach(function (group) {
      group.hidden = chosen ? group.dataset.kind !== chosen.value : false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#record-kinds input").forEach(function (radio) {
      radio.addEventListener("change", show);
    });
    show();
    const preview = document.getElementById("preview");
    if (preview && !document.getElementById("form-errors")) {
      preview.focus({ preventScroll: true });
    }
  });
})();
