// Record forms (templates/workspace/form.html): issue 12, daily work 3 and 10.
// A static file: the Content Security Policy forbids inline scripts. Everything here only helps; the
// forms work without it (the error summary links still jump, the country list is a list of checkboxes).
(function () {
  "use strict";

  // Fold a text for searching: lower case, without accents ("Perú" finds "peru").
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The error summary (or the date warning) takes the focus when the page opens, so a screen reader
  // reads it and a keyboard user starts from it.
  function focusSummary() {
    const box = document.querySelector("[data-focus-on-load]");
    if (box) {
      box.focus({ preventScroll: true });
      box.scrollIntoView({ block: "start" });
    }
  }

  // A link of the summary moves the focus into its field, not only the view.
  function linkSummary() {
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        const field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        if (field.hidden) {
          const list = field.closest("[data-country-picker]");
          const first = list && list.querySelector("input[type=checkbox]");
          if (first) first.focus();
          return;
        }
        field.focus();
        field.scrollIntoView({ block: "center" });
      });
    });
  }

  // Organisation picker: what is typed to find an organisation becomes the name of a new one, until
  // the name is edited by hand; Enter searches instead of sending the whole form.
  function pickerName(picker) {
    return picker.querySelector("input[name$='__new_name']");
  }

  document.addEventListener("input", function (event) {
    const search = event.target.closest(".org-picker input[type=search]");
    if (search) {
      const name = pickerName(search.closest(".org-picker"));
      if (name && name.dataset.typed !== "1") name.value = search.value.trim();
      return;
    }
    if (event.target.matches(".org-picker input[name$='__new_name']")) {
      event.target.dataset.typed = event.target.value ? "1" : "";
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    if (event.target.matches(".org-picker input[type=search], [data-country-filter]")) {
      event.preventDefault();
      if (event.target.type === "search") event.target.dispatchEvent(new Event("search"));
    }
  });

  // After "Add and select" the picker is drawn again: the focus goes back into it (to the chosen
  // organisation, or to the first thing that needs an answer), never to the top of the page.
  let addingIn = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    const picker = event.target.closest && event.target.closest(".org-picker");
    addingIn = picker && event.target.matches("button") ? picker.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (addingIn) {
      const picker = document.getElementById(addingIn);
      addingIn = null;
      if (!picker) return;
      const target =
        picker.querySelector("[name$='__confirm']") ||
        (picker.querySelector(".org-add [role=alert]") && pickerName(picker)) ||
        picker.querySelector("select");
      if (target) target.focus();
      return;
    }
    // No organisation matches what was typed: open "Add a new organisation" (the focus stays put).
    const select = event.target.closest && event.target.closest(".org-picker select");
    if (select && select.querySelector("option[data-none-found]")) {
      const details = select.closest(".org-picker").querySelector("details.org-add");
      if (details) details.open = true;
    }
  });

  // Target countries: a text filter over the list of checkboxes, and the chosen ones named above it.
  function countryPicker(root) {
    const filter = root.querySelector("[data-country-filter]");
    const rows = Array.from(root.querySelectorAll("[data-country]"));
    const chosen = root.querySelector("[data-country-chosen]");
    const none = root.querySelector("[data-country-none]");
    filter.hidden = false;
    rows.forEach(function (row) {
      row.dataset.folded = fold(row.dataset.country);
    });

    function showChosen() {
      const names = rows
        .filter(function (row) { return row.querySelector("input").checked; })
        .map(function (row) { return row.querySelector("label").textContent.trim(); });
      chosen.textContent = names.length ? chosen.dataset.label + " " + names.join(", ") : chosen.dataset.empty;
    }

    filter.addEventListener("input", function () {
      const words = fold(filter.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach(function (row) {
        const match = words.every(function (word) { return row.dataset.folded.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown !== 0;
    });
    root.addEventListener("change", showChosen);
    showChosen();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary();
    linkSummary();
    document.querySelectorAll("[data-country-picker]").forEach(countryPicker);
  });
})();
