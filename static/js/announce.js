// Parts of a page that htmx replaces in place say what changed: an element swapped in with a
// data-announce text has it read out through the page's live region (#live-announcer), once
// per change (a poll that brings the same state again stays quiet). A swapped-in element with
// data-focus takes the focus, for updates that follow a person's own action.
(function () {
  "use strict";
  var last = "";
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var region = document.getElementById("live-announcer");
    var id = event.detail.target && event.detail.target.id;
    // After an outerHTML swap the target is gone from the page: find its replacement by id.
    var swapped = (id && document.getElementById(id)) || (event.detail.elt && event.detail.elt.isConnected && event.detail.elt);
    if (!swapped) {
      return;
    }
    var announcing = swapped.matches("[data-announce]") ? swapped : swapped.querySelector("[data-announce]");
    if (region && announcing) {
      var text = announcing.getAttribute("data-announce") || "";
      if (text && text !== last) {
        last = text;
        region.textContent = text;
      }
    }
    var focusing = swapped.matches("[data-focus]") ? swapped : swapped.querySelector("[data-focus]");
    if (focusing) {
      if (!focusing.hasAttribute("tabindex")) {
        focusing.setAttribute("tabindex", "-1");
      }
      focusing.focus();
    }
  });
  var first = document.querySelector("[data-announce]");
  if (first) {
    last = first.getAttribute("data-announce") || "";
  }
})();
