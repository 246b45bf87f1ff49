/* Forms: move focus to what changed, so keyboard and screen-reader users hear it, and keep
   a safe-times picker's two ways of choosing in step. The forms work without this file. */
(function () {
  "use strict";

  // The error summary, or the heading of a result panel, takes focus when it
  // arrives: on page load (a post without htmx) and after an htmx swap.
  function takeFocus() {
    var target = document.querySelector("[data-take-focus]");
    if (target && document.activeElement !== target) target.focus();
  }

  // A link in the error summary focuses its field without adding a history
  // entry (a #fragment would) and shows the field's question above it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var group = field.closest("fieldset") || field.closest(".field");
    var heading = group && (group.querySelector("legend") || group.querySelector("label"));
    field.focus({ preventScroll: true });
    (heading || field).scrollIntoView({ block: "start" });
  });

  // A request that got no answer (no signal, a timeout): say so. Sending the
  // same form again is safe: it is recognised and creates one request.
  document.addEventListener("htmx:error", function (event) {
    var form = event.target.closest && event.target.closest("form");
    var message = form && form.querySelector("[data-send-failed]");
    if (message) message.hidden = false;
  });

  // A form marked data-forget (the "Is this abuse?" check) keeps its answers in the page
  // only. Clear them whenever the page is hidden, so a page the browser brings back from
  // its back/forward cache shows none.
  window.addEventListener("pagehide", function () {
    document.querySelectorAll("form[data-forget]").forEach(function (form) {
      form.reset();
    });
  });

  // The first "yes" says, once, where what it may mean is shown (it appears further down).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("check-yes") || !input.checked) return;
    var status = document.getElementById("check-status");
    if (status && !status.textContent) status.textContent = status.getAttribute("data-shown");
  });
  document.addEventListener("reset", function (event) {
    var status = event.target.hasAttribute("data-forget") && document.getElementById("check-status");
    if (status) status.textContent = "";
  });

  // Chromium leaves a tall field that is only partly on screen where it is when
  // Tab reaches it; bring all of it into view (scroll-padding keeps it clear of
  // the exit bar).
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!target.getBoundingClientRect || target === document.body) return;
    var box = target.getBoundingClientRect();
    if (box.bottom > window.innerHeight || box.top < 0) target.scrollIntoView({ block: "nearest" });
  });

  // Safe times (templates/components/safe_times.html): a part of a day and its exact
  // times are one choice. Ticking a part ticks its times; unticking one of them unticks
  // the part, which then shows as partly chosen. Without this file a time ticked below
  // is simply added to the parts ticked above, and the server keeps them exact.
  function windowsOf(picker, part) {
    return part.value.split(" ").map(function (value) {
      return picker.querySelector('input[data-window][value="' + value + '"]');
    }).filter(Boolean);
  }

  function showParts(picker) {
    picker.querySelectorAll("input[data-part]").forEach(function (part) {
      var boxes = windowsOf(picker, part);
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      part.checked = boxes.length > 0 && ticked === boxes.length;
      part.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }

  function startPickers() {
    document.querySelectorAll("[data-safe-times]").forEach(function (picker) {
      // The server leaves a ticked part's own times unticked: it sends them itself.
      picker.querySelectorAll("input[data-part]:checked").forEach(function (part) {
        windowsOf(picker, part).forEach(function (box) { box.checked = true; });
      });
      showParts(picker);
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    var picker = box.closest && box.closest("[data-safe-times]");
    if (!picker) return;
    if (box.hasAttribute("data-part")) {
      windowsOf(picker, box).forEach(function (each) { each.checked = box.checked; });
    }
    showParts(picker);
  });

  function start() {
    startPickers();
    takeFocus();
  }

  document.addEventListener("htmx:after:swap", start);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
