/* Quick exit. The button and link work as plain links without this file. */
(function () {
  "use strict";

  function leave(url) {
    var cover = document.createElement("div");
    cover.className = "exit-cover";
    document.body.appendChild(cover);
    document.title = "";
    // replace(), not href: the site must not stay behind the Back button.
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-exit-url]");
    if (!link || event.defaultPrevented) return;
    event.preventDefault();
    leave(link.getAttribute("data-exit-url"));
  });
})();
