// The settings page (templates/notifications/settings.html): the row a mail's link names (?kind=...) is
// brought into view and its first choice focused, so a keyboard user starts there. Without this script
// the row is still highlighted.
(function () {
  "use strict";
  var row = document.querySelector("[data-chosen-kind]");
  if (!row) return;
  row.scrollIntoView({ block: "center" });
  var first = row.querySelector("input:checked") || row.querySelector("input");
  if (first) first.focus({ preventScroll: true });
})();
