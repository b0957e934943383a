// Show only the regions of the chosen country in a <select data-country-select="id_of_country_select">.
// Progressive enhancement: without this script every region is offered and the server checks the pair.
(function () {
  "use strict";
  function bind(regionSelect) {
    var countrySelect = document.getElementById(regionSelect.dataset.countrySelect);
    if (!countrySelect) { return; }
    function update() {
      var country = countrySelect.value;
      Array.prototype.forEach.call(regionSelect.querySelectorAll("optgroup"), function (group) {
        var options = group.querySelectorAll("option[data-country]");
        var show = !country || (options.length && options[0].dataset.country === country);
        group.hidden = !show;
        group.disabled = !show;
      });
      var chosen = regionSelect.selectedOptions[0];
      if (chosen && chosen.dataset.country && country && chosen.dataset.country !== country) {
        regionSelect.value = "";
      }
    }
    countrySelect.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-country-select]"), bind);
  });
})();
