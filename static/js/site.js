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

/* Forms that come back with mistakes (GOV.UK's error summary): focus moves to the summary,
   so a screen reader reads it and the keyboard starts there; each link moves focus to its
   field and shows the field's label or question with it. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) { return; }
    event.preventDefault();
    var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
    var label = legend || document.querySelector("label[for='" + input.id + "']") || input;
    label.scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();

/* The consultant's decision: the reason list shows only the group of the chosen decision
   (respite/werkbak_forms.py lists the groups in the order of the decisions). Without
   JavaScript every group is shown and the server refuses a reason that does not fit. */
(function () {
  "use strict";
  document.querySelectorAll("[data-decision-reason]").forEach(function (select) {
    var radios = Array.prototype.slice.call(select.form.querySelectorAll("[data-decision]"));
    var groups = select.querySelectorAll("optgroup");
    function show() {
      var chosen = radios.findIndex(function (radio) { return radio.checked; });
      groups.forEach(function (group, index) {
        var fits = chosen === -1 || index === chosen;
        group.hidden = !fits;
        group.disabled = !fits;
      });
      var option = select.selectedOptions[0];
      if (option && option.parentElement.disabled) {
        // The same reason may fit the chosen decision too: keep it, from that group.
        var same = chosen === -1 ? null : groups[chosen].querySelector(
          "option[value='" + option.value + "']");
        if (same) { same.selected = true; } else { select.value = ""; }
      }
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  });
})();

/* An editor who changed the offer form and then presses "Publiceren", "Kopie maken" or
   "Archiveren" (separate forms) is asked first: those buttons do not save what was typed.
   "Nog steeds juist" is part of the form itself, so it always saves. */
(function () {
  "use strict";
  var form = document.querySelector("[data-warn-unsaved]");
  if (!form) { return; }
  var changed = false;
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("change", function () { changed = true; });
  document.querySelectorAll("form[data-needs-saved]").forEach(function (other) {
    other.addEventListener("submit", function (event) {
      if (changed && !window.confirm(form.dataset.warnUnsaved)) {
        event.preventDefault();
      }
    });
  });
})();

// "Lees voor" (issue 26.6): the browser's own speech (Web Speech API) reads the main text of
// the page, in the page's language, piece by piece (long texts stop halfway in some
// browsers); it can be paused and stopped. Without speech in the browser the buttons stay
// hidden. Nothing is sent anywhere.
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  if (!box || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return;
  }
  var synth = window.speechSynthesis;
  var start = box.querySelector("[data-read-aloud-start]");
  var pause = box.querySelector("[data-read-aloud-pause]");
  var stop = box.querySelector("[data-read-aloud-stop]");
  var lang = document.documentElement.lang || "nl";
  var READ = "h1, h2, h3, h4, p, li, dt, dd, legend, label, th, td, summary";
  var SKIP = "[data-read-aloud], .visually-hidden, .no-print, .breadcrumb, script, style, [hidden]";

  function pieces() {
    var root = document.getElementById("inhoud") || document.body;
    var heading = root.querySelector("h1");
    var found = [];
    root.querySelectorAll(READ).forEach(function (element) {
      if (element.closest(SKIP) || element.parentElement.closest(READ)) { return; }
      // From the page's heading on: not the breadcrumb or the kind above it.
      if (heading && element !== heading &&
          !(heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)) {
        return;
      }
      var text = (element.innerText || element.textContent || "").replace(/\s+/g, " ").trim();
      // Each piece in its own language: offer texts stay Dutch on a page in another
      // language (they carry lang="nl"), and a Dutch voice reads them (issue 26.5).
      var marked = element.closest("[lang]");
      var own = (marked && marked.getAttribute("lang")) || lang;
      if (text) { found.push({text: text, lang: own}); }
    });
    return found;
  }

  function voice(wantedLang) {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var wanted = wantedLang.slice(0, 2).toLowerCase();
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().indexOf(wanted) === 0) { return voices[i]; }
    }
    return null;
  }

  var paused = false;  // our own state: some browsers never report synth.paused
  var noVoice = box.querySelector("[data-read-aloud-none]");

  function idle() {
    start.hidden = false;
    pause.hidden = true;
    stop.hidden = true;
    paused = false;
    pause.textContent = box.dataset.labelPause;
  }

  start.addEventListener("click", function () {
    synth.cancel();
    if (synth.getVoices && synth.getVoices().length === 0) {
      noVoice.hidden = false;  // the browser can speak, but has no voice installed
      return;
    }
    var texts = pieces();
    texts.forEach(function (piece, index) {
      var chosen = voice(piece.lang);
      var utterance = new window.SpeechSynthesisUtterance(piece.text);
      utterance.lang = chosen ? chosen.lang : piece.lang;
      if (chosen) { utterance.voice = chosen; }
      if (index === texts.length - 1) { utterance.onend = idle; }
      utterance.onerror = idle;
      synth.speak(utterance);
    });
    start.hidden = true;
    pause.hidden = false;
    stop.hidden = false;
    pause.focus();
  });
  pause.addEventListener("click", function () {
    if (paused) {
      synth.resume();
      pause.textContent = box.dataset.labelPause;
    } else {
      synth.pause();
      pause.textContent = box.dataset.labelResume;
    }
    paused = !paused;
  });
  stop.addEventListener("click", function () {
    synth.cancel();
    idle();
    start.focus();
  });
  box.hidden = false;
})();
