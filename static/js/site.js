/* Progressive enhancement only: every page works without this file (the CSP allows no inline
   scripts, so this is the one place for behaviour). */
(function () {
  "use strict";

  // "Afdrukken" buttons: hidden without JavaScript, where the page says to use the browser menu.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-print-fallback]").forEach(function (text) {
    text.hidden = true;
  });

  // Filters sit behind a "Filteren" summary on phones; on wide screens they are open.
  if (window.matchMedia && window.matchMedia("(min-width: 50rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  // Long lists of checkboxes (342 municipalities): a box to type in shows only the matches.
  // Ticked boxes stay ticked while hidden, so a choice is never lost by filtering.
  document.querySelectorAll("[data-filter-list]").forEach(function (list) {
    var input = list.querySelector("[data-filter-input]");
    if (!input) { return; }
    input.hidden = false;
    if (input.previousElementSibling && input.previousElementSibling.tagName === "LABEL") {
      input.previousElementSibling.hidden = false;
    }
    var choices = list.querySelectorAll(".choice");
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      choices.forEach(function (choice) {
        var text = choice.textContent.toLowerCase();
        var ticked = choice.querySelector("input:checked");
        choice.hidden = words !== "" && text.indexOf(words) === -1 && !ticked;
      });
    });
  });
})();
