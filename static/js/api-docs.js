// Swagger UI on the portal, fixed up as it renders (operations and dialogs appear as people open
// them): code samples and responses that scroll get into the tab order so keyboard users can
// scroll them (WCAG 2.1.1), and controls Swagger leaves unnamed get a name (4.1.2), in the page's
// language (the labels come from data attributes of #swagger-ui).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) {
    return;
  }
  var names = {
    ".close-modal": root.dataset.labelClose,
    "textarea.body-param__text": root.dataset.labelBody,
    ".curl-command textarea, textarea.curl": root.dataset.labelCurl,
  };
  function fix() {
    root.querySelectorAll("pre, .highlight-code, .microlight").forEach(function (element) {
      if (!element.hasAttribute("tabindex")) {
        element.setAttribute("tabindex", "0");
      }
    });
    Object.keys(names).forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (element) {
        if (names[selector] && !element.getAttribute("aria-label") && !element.textContent.trim()) {
          element.setAttribute("aria-label", names[selector]);
        } else if (names[selector] && element.tagName === "TEXTAREA" && !element.getAttribute("aria-label")) {
          element.setAttribute("aria-label", names[selector]);
        }
      });
    });
  }
  new MutationObserver(fix).observe(root, { childList: true, subtree: true });
  fix();
})();
