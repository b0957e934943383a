// Filters fold above the list on phone-sized screens: a <details data-fold-on-small open> is
// closed there when the page loads (unless filters are in use). Without this script it stays
// open, which works everywhere.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.matchMedia("(max-width: 48rem)").matches) { return; }
    var filtering = window.location.search.replace(/^\?/, "").split("&").some(function (pair) {
      var parts = pair.split("=");
      return parts[0] && parts[0] !== "page" && parts[1];
    });
    if (filtering) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-on-small]"), function (details) {
      details.open = false;
    });
  });
})();
