// "Copy" beside a link shown once (the calendar page): copies the read-only box's text to the clipboard
// and says so (aria-live). The button is hidden in the HTML and shown here, so without JavaScript the page
// offers only the box, whose text can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    const box = document.getElementById(button.dataset.copy);
    const status = button.closest("div.alert, form, main").querySelector("[data-copy-status]");
    if (!box) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      box.select();
      const done = function () {
        if (status) status.textContent = button.dataset.copied;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, function () {
          document.execCommand("copy") && done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
})();
