// Copy a comparison's shareable link. Works without JavaScript too: the URL is the address bar's.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".copy-link");
  if (!button) return;
  var url = button.getAttribute("data-copy") || button.getAttribute("data-url");
  var done = function () {
    var note = button.parentElement.querySelector(".copied");
    if (note) note.hidden = false;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(done, function () { fallback(url); done(); });
  } else {
    fallback(url);
    done();
  }
});

function fallback(text) {
  var area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "absolute";
  area.style.left = "-9999px";
  document.body.appendChild(area);
  area.select();
  try { document.execCommand("copy"); } catch (e) { /* the link is still shown in the address bar */ }
  document.body.removeChild(area);
}
