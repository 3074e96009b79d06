// Site-wide behaviour (templates/base.html loads it on every page; a static file, as the Content Security
// Policy forbids inline scripts). Everything here only helps: every page works without it.
(function () {
  "use strict";

  // -- Submit once (issue 12, daily work 5) -----------------------------------------------------------
  // A second click on Save while the first post is on its way would send the form again (the server
  // answers the repeat from its one-time token, but the user sees nothing happen). The first submit
  // disables the form's buttons. A disabled button is left out of the posted data, and the buttons
  // "Save anyway", "Save and resubmit", "Verify" and "Return" carry a name and value the server reads:
  // the clicked button's name and value are copied into a hidden input first.
  // A form whose answer is a download (the page stays) gets its buttons back after RELEASE_AFTER ms;
  // a page restored by the Back button gets them back at once.
  const RELEASE_AFTER = 8000;

  function submitButtons(form) {
    return Array.from(form.elements).filter(function (el) {
      return (el.tagName === "BUTTON" && el.type === "submit") || (el.tagName === "INPUT" && el.type === "submit");
    });
  }

  function release(form) {
    delete form.dataset.submitting;
    form.querySelectorAll("input[data-submitter-copy]").forEach(function (copy) { copy.remove(); });
    submitButtons(form).forEach(function (button) {
      if (button.dataset.disabledOnSubmit) {
        button.disabled = false;
        delete button.dataset.disabledOnSubmit;
      }
    });
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
    if (form.dataset.submitting) {
      event.preventDefault();  // already on its way
      return;
    }
    form.dataset.submitting = "1";
    const submitter = event.submitter;
    if (submitter && submitter.name && !submitter.disabled) {
      const copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = submitter.name;
      copy.value = submitter.value;
      copy.dataset.submitterCopy = "1";
      form.appendChild(copy);
    }
    submitButtons(form).forEach(function (button) {
      if (!button.disabled) {
        button.disabled = true;
        button.dataset.disabledOnSubmit = "1";
      }
    });
    window.setTimeout(function () { release(form); }, RELEASE_AFTER);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[data-submitting]").forEach(release);
  });
})();
