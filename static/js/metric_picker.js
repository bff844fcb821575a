// The metrics explorer's picker: a name chosen from the list is sent as its key, so the address
// is the same one a shared link has. Anything else typed is sent as words for the server to find
// (which is also what happens without JavaScript).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var input = form.querySelector("input[name=metric]");
  var hidden = form.querySelector("input[data-metric-key]");
  if (!input || !hidden || !input.list) return;
  var typed = input.value.trim();
  var options = input.list.options;
  for (var i = 0; i < options.length; i++) {
    if (options[i].value === typed) {
      hidden.value = options[i].getAttribute("data-key");
      hidden.disabled = false;
      input.disabled = true;
      return;
    }
  }
});
// Coming back to the page (the browser's back button) shows the form as it was left.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("input[name=metric]").forEach(function (input) { input.disabled = false; });
  document.querySelectorAll("input[data-metric-key]").forEach(function (hidden) { hidden.disabled = true; });
});
