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

  // -- Before the session ends (issue 12, daily work 6) ------------------------------------------------
  // The page says how long its session has left (data-session-* on <body>, from
  // accounts.middleware.session_clock). SESSION_WARN_SECONDS before the end, a banner offers "Stay signed
  // in", which posts to the keepalive view (204): the idle clock starts again. Typing in a form does the
  // same silently, at most once per KEEP_TYPING_EVERY ms. The 12-hour limit from login cannot be extended:
  // near it the button is hidden. When the time is up the banner says so and links to the login page.
  const body = document.body;
  const banner = document.getElementById("session-warning");
  if (banner && body.dataset.sessionLeft) {
    const KEEP_TYPING_EVERY = 60 * 1000;
    const idle = Number(body.dataset.sessionIdle) * 1000;
    const warn = Number(body.dataset.sessionWarn) * 1000;
    const absoluteEnd = Date.now() + Number(body.dataset.sessionAbsoluteLeft) * 1000;
    let end = Date.now() + Number(body.dataset.sessionLeft) * 1000;
    let lastKept = Date.now();
    let ended = false;
    const stay = banner.querySelector("[data-session-stay]");
    const countdown = banner.querySelector("[data-session-countdown]");

    function showEnded() {
      ended = true;
      banner.hidden = false;
      banner.querySelector("[data-session-ending]").hidden = true;
      banner.querySelector("[data-session-ended]").hidden = false;
      stay.hidden = true;
      banner.querySelector("[data-session-login]").hidden = false;
    }

    function tick() {
      if (ended) return;
      const left = end - Date.now();
      if (left <= 0) {
        showEnded();
        return;
      }
      banner.hidden = left > warn;
      stay.hidden = absoluteEnd - Date.now() <= warn;
      const seconds = Math.ceil(left / 1000);
      countdown.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    }

    function keepAlive() {
      lastKept = Date.now();
      return fetch(banner.dataset.keepaliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": banner.dataset.csrfToken },
        credentials: "same-origin",
        redirect: "manual",
      }).then(function (response) {
        if (response.status === 204) {
          end = Math.min(Date.now() + idle, absoluteEnd);
          tick();
        } else {
          showEnded();  // the session was gone already
        }
      }).catch(function () { /* offline: the countdown goes on */ });
    }

    stay.addEventListener("click", keepAlive);
    document.addEventListener("input", function () {
      if (!ended && Date.now() - lastKept > KEEP_TYPING_EVERY) keepAlive();
    });
    window.setInterval(tick, 1000);
    tick();
  }

  // -- Drafts of record forms (issue 12, daily work 6) ---------------------------------------------------
  // A form with data-draft-key (templates/workspace/form.html: user id + path) keeps what is typed in the
  // browser's localStorage, so a session that ends, a crash or a closed tab loses nothing. Opened again
  // (after logging in), the form gets the draft back, with a notice and "Discard draft". Never kept: hidden
  // fields (the one-time form token, the record's version, the CSRF token...) and chosen files.
  // The draft is deleted once the form was saved: its post was answered by another page of the same user
  // (the record's page). A post answered by the same path (errors, a warning, a conflict) or by the login
  // page (the session had ended) keeps it.
  const SENT = "draft-sent";
  const NEVER = ["form_token", "version", "csrfmiddlewaretoken"];

  function storage(kind) {
    try { return window[kind]; } catch (error) { return null; }  // storage switched off
  }
  const local = storage("localStorage");
  const session = storage("sessionStorage");

  if (local && session && session.getItem(SENT)) {
    const sent = JSON.parse(session.getItem(SENT));
    session.removeItem(SENT);
    if (body.dataset.userId && location.pathname !== sent.path) local.removeItem(sent.key);
  }

  function kept(field) {
    return field.name && !field.disabled && !NEVER.includes(field.name) &&
      !["hidden", "file", "submit", "button", "reset", "password"].includes(field.type);
  }

  function readForm(form) {
    const values = {};
    Array.from(form.elements).filter(kept).forEach(function (field) {
      let value;
      if (field.type === "checkbox" || field.type === "radio") {
        value = (values[field.name] || []);
        if (field.checked) value.push(field.value);
      } else if (field.tagName === "SELECT" && field.multiple) {
        value = Array.from(field.selectedOptions, function (option) { return option.value; });
      } else {
        value = field.value;
      }
      values[field.name] = value;
    });
    return values;
  }

  function writeForm(form, values) {
    Array.from(form.elements).filter(kept).forEach(function (field) {
      if (!(field.name in values)) return;
      const value = values[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = Array.isArray(value) && value.includes(field.value);
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.from(field.options).forEach(function (option) { option.selected = value.includes(option.value); });
      } else if (typeof value === "string") {
        field.value = value;
      }
    });
  }

  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    if (!local) return;
    const key = form.dataset.draftKey;
    const notice = document.getElementById("draft-notice");
    const initial = JSON.stringify(readForm(form));
    let timer = null;

    function save() {
      const values = readForm(form);
      if (JSON.stringify(values) === initial) local.removeItem(key);
      else local.setItem(key, JSON.stringify({ saved: Date.now(), values: values }));
    }

    // A form the server sent back (errors, a warning) shows the latest values already: it is not overwritten.
    const answered = form.querySelector("#error-summary, #late-warning") || document.getElementById("conflict");
    const stored = local.getItem(key);
    if (stored && !answered) {
      const draft = JSON.parse(stored);
      writeForm(form, draft.values);
      form.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
      if (notice) {
        notice.querySelector("[data-draft-saved]").textContent = new Date(draft.saved).toLocaleString(document.documentElement.lang || undefined);
        notice.hidden = false;
        notice.querySelector("[data-draft-discard]").addEventListener("click", function () {
          local.removeItem(key);
          form.reset();
          notice.hidden = true;
        });
      }
    }

    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 300);
    });
    form.addEventListener("change", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 300);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      save();
      if (session) session.setItem(SENT, JSON.stringify({ key: key, path: location.pathname }));
    });
  });
})();

// A key box made from a name box as it is typed ("Study tour" -> study_tour), until someone types in the key
// box itself or it holds a key already (events/setup_pages.py: data-key-from names the name box's id).
(function () {
  document.querySelectorAll("input[data-key-from]").forEach(function (keyBox) {
    var nameBox = document.getElementById(keyBox.getAttribute("data-key-from"));
    if (!nameBox || keyBox.disabled) return;
    var touched = keyBox.value !== "";
    keyBox.addEventListener("input", function () {
      touched = keyBox.value !== "";
    });
    nameBox.addEventListener("input", function () {
      if (touched) return;
      keyBox.value = nameBox.value
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "")
        .slice(0, 40);
    });
  });
})();
