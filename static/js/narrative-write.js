// Writing a report text: each "Insert" button (data-insert) puts its text at the cursor of the text box
// and leaves the cursor after it, so a writer cites a number ([[CODE]]) without typing its code. Buttons
// are real buttons: Tab reaches them, Enter and Space press them. A static file (the CSP forbids inline scripts).
(function () {
  "use strict";
  const box = document.getElementById("id_body");
  if (!box) return;
  let lastStart = null;
  let lastEnd = null;
  box.addEventListener("blur", function () {
    lastStart = box.selectionStart;
    lastEnd = box.selectionEnd;
  });
  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      const text = button.dataset.insert;
      const start = lastStart === null ? box.value.length : lastStart;
      const end = lastEnd === null ? box.value.length : lastEnd;
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      const after = start + text.length;
      box.focus();
      box.setSelectionRange(after, after);
      lastStart = after;
      lastEnd = after;
    });
  });
})();
