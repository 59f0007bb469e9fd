/* Vigie: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // After a refused form, move focus to its error summary (RGAA 11.10, 11.11): it is read out and scrolled
  // into view, even when the form is lower in the page.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-vigie-error-summary]");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }

  // Preview of a message template: the page comes back on the preview, which takes the focus.
  function focusPreview() {
    var preview = document.querySelector("[data-vigie-focus-on-load]");
    if (preview && !document.querySelector("[data-vigie-error-summary]")) {
      preview.focus();
      preview.scrollIntoView({ block: "start" });
    }
  }

  // « Copier » buttons: hidden without JavaScript (the field can still be selected and copied by hand).
  function setUpCopyButtons() {
    document.querySelectorAll("[data-vigie-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-vigie-copy"));
      var status = document.getElementById(button.getAttribute("data-vigie-copy-status"));
      if (!field) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () {
          if (status) {
            status.textContent = "Adresse copiée.";
          }
        };
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            document.execCommand("copy");
            done();
          });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  }

  // Public forms: a second click on « Envoyer » while the first post travels does nothing (the server also
  // refuses a second recording of the same form: core/public_forms.py).
  function setUpOnceButtons() {
    document.querySelectorAll("[data-vigie-once]").forEach(function (button) {
      var form = button.form;
      if (!form) {
        return;
      }
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-vigie-sent")) {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-vigie-sent", "1");
        button.setAttribute("aria-disabled", "true");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpOnceButtons();
    focusErrorSummary();
    focusPreview();
    setUpCopyButtons();
  });
})();
