/* Quick exit: the button, the footer link, Shift pressed 3 times, Esc pressed twice.
 *
 * Without this file the button and the footer link are plain links to /exit,
 * which redirects off the site. With it, leaving hides the page at once and
 * replaces this site's history entry, so Back does not bring it back.
 * Every word this file shows comes from the page (data-* attributes rendered
 * by the server in the visitor's language): none is written here.
 */
(function () {
  "use strict";

  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000; // as GOV.UK's "Exit this page"
  var ESCAPE_WINDOW_MS = 1000; // as the NSW design system's quick exit
  // Inputs that take no typing: Esc there still counts.
  var NOT_TEXT = /^(button|checkbox|color|file|hidden|image|radio|range|reset|submit)$/;

  var leaving = false;

  function destination() {
    var link = document.querySelector("a[data-exit-url]");
    return (link && (link.getAttribute("data-exit-url") || link.href)) || "/exit";
  }

  function leave(url) {
    if (leaving || !url) return;
    leaving = true;
    // Hide everything first: a cover in system colours, on top of the sticky bar.
    // It hangs off <html>, not <body>, so nothing that replaces the body can remove it.
    var cover = document.createElement("div");
    cover.className = "exit-cover";
    document.documentElement.appendChild(cover);
    document.title = "";
    if (document.body) document.body.inert = true;
    // replace(), not href: the site's one history entry becomes the destination.
    try {
      window.location.replace(url);
    } catch (error) {
      window.location.replace("/exit"); // an address the browser refuses: our own redirect still leaves
    }
  }

  // While leaving, htmx must neither start a request nor swap in a page it was waiting for.
  ["htmx:before:request", "htmx:before:swap", "htmx:before:history:update"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (leaving) event.preventDefault();
    });
  });

  // The page came back from the back/forward cache (it should not, but never show a stale cover).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    leaving = false;
    var cover = document.querySelector(".exit-cover");
    if (cover) cover.remove();
    if (document.body) document.body.inert = false;
  });

  // ---- The button and the footer link ----------------------------------------------
  // Capture on window runs before anything else (htmx included) sees the click.
  function onExitClick(event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-exit-url]") : null;
    if (!link) return;
    // Middle click or Ctrl+click would open the exit in another tab and leave this one showing.
    if (event.type === "auxclick" && event.button !== 1) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    leave(link.getAttribute("data-exit-url") || link.href);
  }
  window.addEventListener("click", onExitClick, true);
  window.addEventListener("auxclick", onExitClick, true);

  // ---- Announcements ----------------------------------------------------------------
  function status() {
    return document.getElementById("exit-status");
  }

  function announce(key) {
    var region = status();
    if (!region) return;
    var text = region.getAttribute("data-" + key) || "";
    // The same words twice in a row are not read again unless the text changes.
    region.textContent = text && region.textContent === text ? text + "\u00a0" : text;
  }

  function showPresses(count) {
    var bar = document.querySelector(".exit-bar");
    if (!bar) return;
    if (count > 0) bar.setAttribute("data-presses", String(count));
    else bar.removeAttribute("data-presses");
  }

  // ---- Shift pressed on its own 3 times within 5 seconds ----------------------------
  // A Shift press counts only if no other key, click or wheel happened while it was
  // held: Shift used to type a capital (in either order of release) never counts.
  var shiftDown = false;
  var shiftAlone = false;
  var shiftCount = 0;
  var shiftTimer = null;

  function resetShift(announceIt) {
    if (shiftTimer) window.clearTimeout(shiftTimer);
    shiftTimer = null;
    var had = shiftCount;
    shiftCount = 0;
    showPresses(0);
    if (announceIt && had > 0) announce("shift-reset");
  }

  function shiftPressed() {
    shiftCount += 1;
    if (shiftCount >= SHIFT_PRESSES) {
      resetShift(false);
      leave(destination());
      return;
    }
    if (shiftCount === 1) {
      shiftTimer = window.setTimeout(function () {
        resetShift(true);
      }, SHIFT_WINDOW_MS);
    }
    showPresses(shiftCount);
    announce("shift-" + shiftCount);
  }

  // A boosted page arrived with a fresh exit bar: show the presses counted so far.
  document.addEventListener("htmx:after:swap", function () {
    showPresses(shiftCount);
  });

  function otherInput() {
    // Something other than Shift happened: Shift is being used as a modifier.
    shiftAlone = false;
    if (shiftCount > 0) resetShift(false);
  }

  // ---- Esc pressed twice within 1 second, unless typing in a field ------------------
  var escapeCount = 0;
  var escapeTimer = null;

  function resetEscape() {
    if (escapeTimer) window.clearTimeout(escapeTimer);
    escapeTimer = null;
    if (escapeCount > 0 && status()) status().textContent = "";
    escapeCount = 0;
  }

  function isTextField(element) {
    if (!element || element.nodeType !== 1) return false;
    if (element.isContentEditable) return true;
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && !NOT_TEXT.test((element.getAttribute("type") || "text").toLowerCase());
  }

  function escapePressed(event) {
    var modified = event.ctrlKey || event.altKey || event.metaKey || event.shiftKey;
    if (event.defaultPrevented || modified || isTextField(event.target) || isTextField(document.activeElement)) {
      resetEscape();
      return;
    }
    escapeCount += 1;
    if (escapeCount >= 2) {
      resetEscape();
      leave(destination());
      return;
    }
    escapeTimer = window.setTimeout(resetEscape, ESCAPE_WINDOW_MS);
    announce("escape-1");
  }

  // ---- Listening -----------------------------------------------------------------------
  window.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Shift" && !event.isComposing) {
        if (!event.repeat) {
          shiftDown = true;
          shiftAlone = true;
        }
        return;
      }
      otherInput();
      if (event.key !== "Escape" && escapeCount > 0) resetEscape();
    },
    true
  );

  window.addEventListener(
    "keyup",
    function (event) {
      if (event.key !== "Shift") return;
      var counts = shiftDown && shiftAlone && !event.isComposing;
      shiftDown = false;
      shiftAlone = false;
      if (counts) shiftPressed();
    },
    true
  );

  // Esc in the bubbling phase, so a widget that handles Esc itself (and says so) wins.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.repeat && !event.isComposing) escapePressed(event);
  });

  // Shift+click (selecting text) and Shift+wheel (scrolling sideways) use Shift too.
  window.addEventListener(
    "pointerdown",
    function (event) {
      if (shiftDown || event.shiftKey) otherInput();
    },
    true
  );
  window.addEventListener(
    "wheel",
    function (event) {
      if (shiftDown || event.shiftKey) otherInput();
    },
    { capture: true, passive: true }
  );
  window.addEventListener("blur", function () {
    shiftDown = false;
    shiftAlone = false;
  });
})();
