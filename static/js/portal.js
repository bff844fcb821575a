// On a phone the table of contents and the filters start folded, so the text comes first.
(function () {
  if (!window.matchMedia("(max-width: 48rem)").matches) return;
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (d) { d.open = false; });
})();
