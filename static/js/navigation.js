/* One history entry for the whole visit.
 *
 * The layout boosts every link and form with htmx (hx-boost:inherited on <body>)
 * and makes them replace the current history entry (hx-replace-url:inherited),
 * so moving between our pages never adds an entry and the quick exit, which
 * replaces that entry, leaves nothing of the site behind the Back button.
 * This file covers what boosting does not:
 *   - links that must reload the whole document (data-reload: the language
 *     switcher, whose <html lang dir> changes) are followed with location.replace;
 *   - links to other sites are followed with location.replace too, as the exit is,
 *     so the site never waits behind another site's Back button;
 *   - links within the page (the skip link) move without adding an entry;
 *   - nothing pushes an entry, whatever an element or a response asks for;
 *   - a targeted swap (a form that updates part of its page) keeps the address;
 *   - after a whole-page swap the title is the new page's and focus is on its <h1>,
 *     so screen readers announce the new page.
 * Without JavaScript every link is an ordinary link and all of this is moot.
 */
(function () {
  "use strict";

  function isPlainClick(event) {
    return event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
  }

  function samePage(link) {
    return (
      link.origin === location.origin &&
      link.pathname === location.pathname &&
      link.search === location.search &&
      link.hash !== ""
    );
  }

  function linkOf(event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
    return link;
  }

  function elsewhere(link) {
    return (link.protocol === "https:" || link.protocol === "http:") && link.origin !== location.origin;
  }

  // Whole-document links, ours (data-reload) and other sites': capture on window, before
  // htmx's own listener on the link. (The exit's links are handled before this, by exit.js.)
  window.addEventListener(
    "click",
    function (event) {
      if (event.defaultPrevented || !isPlainClick(event)) return;
      var link = linkOf(event);
      if (!link || !(link.hasAttribute("data-reload") || elsewhere(link))) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      window.location.replace(link.href);
    },
    true
  );

  // Links within the page: bubbling on window, last, so a script that moves focus
  // itself (the error summary's links, static/js/forms.js) goes first.
  window.addEventListener("click", function (event) {
    if (event.defaultPrevented || !isPlainClick(event)) return;
    var link = linkOf(event);
    if (!link || !samePage(link)) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    window.location.replace(link.hash); // scrolls and sets :target, without a new entry
    if (target.hasAttribute("tabindex")) target.focus({ preventScroll: true });
  });

  // A targeted swap (HX-Request-Type: partial) keeps the page's address unless the
  // element itself asks for a new one: the address inherited from <body> is for
  // whole-page navigation only.
  document.addEventListener("htmx:before:swap", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || !ctx.request || ctx.request.headers["HX-Request-Type"] !== "partial") return;
    var own = ctx.sourceElement;
    var asks = own && own.getAttribute && (own.hasAttribute("hx-replace-url") || own.hasAttribute("hx-push-url"));
    if (!asks) {
      ctx.replace = null;
      ctx.push = null;
    }
  });

  // Whatever asks for a push (an hx-push-url, an HX-Push-Url header), we replace.
  document.addEventListener("htmx:before:history:update", function (event) {
    var action = event.detail && event.detail.history;
    if (action && action.type === "push") action.type = "replace";
  });

  // After a whole-page swap: the new page's language, title, then focus on its heading.
  document.addEventListener("htmx:after:swap", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || ctx.target !== document.body) return;
    var html = /<html\b[^>]*>/i.exec(ctx.text || "");
    if (html) {
      ["lang", "dir"].forEach(function (name) {
        var value = new RegExp("\\s" + name + '="([^"]*)"', "i").exec(html[0]);
        if (value) document.documentElement.setAttribute(name, value[1]);
      });
    }
    if (ctx.title) document.title = ctx.title;
    // The page may name what takes focus (an error summary); otherwise its heading.
    var chosen = document.querySelector("[autofocus]") || document.querySelector("[data-take-focus]");
    var target = chosen || document.querySelector("main h1") || document.getElementById("main");
    if (!target) return;
    if (!chosen && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    if (document.activeElement !== target) target.focus({ preventScroll: true });
  });
})();
