// The comparison page: keep both sides' heading paths in view while reading, and step from
// one change to the next. Both columns sit in one grid, row by row, so they scroll together.
(function () {
  "use strict";
  var bar = document.querySelector(".reading-bar");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".reading .rrow"));
  if (!bar || !rows.length) return;
  var trailA = bar.querySelector('[data-trail="a"]');
  var trailB = bar.querySelector('[data-trail="b"]');

  function visible(row) {
    return row.offsetParent !== null; // rows inside a closed fold have no layout
  }

  // The row at the top of the reading area, just under the sticky bar.
  function currentIndex() {
    var line = bar.getBoundingClientRect().bottom + 4;
    var found = 0;
    for (var i = 0; i < rows.length; i++) {
      if (!visible(rows[i])) continue;
      if (rows[i].getBoundingClientRect().top <= line) found = i; else break;
    }
    return found;
  }

  // Each side's path: that of the last row up to here which has a paragraph on that side.
  function update() {
    var i = currentIndex(), a = "", b = "";
    for (var k = i; k >= 0 && (!a || !b); k--) {
      if (!a && rows[k].dataset.trailA) a = rows[k].dataset.trailA;
      if (!b && rows[k].dataset.trailB) b = rows[k].dataset.trailB;
    }
    trailA.textContent = a;
    trailB.textContent = b;
  }

  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; update(); });
  }, { passive: true });

  function isChange(row) {
    return !row.classList.contains("same") && !row.classList.contains("kind-heading");
  }

  function go(row) {
    var fold = row.closest("details.fold");
    if (fold) fold.open = true;
    var top = row.getBoundingClientRect().top + window.scrollY - bar.offsetHeight - 8;
    window.scrollTo({ top: top });
    rows.forEach(function (r) { r.classList.remove("flash"); });
    row.classList.add("flash");
    update();
  }

  // The next change below the bar, or the last one above it.
  function step(direction) {
    var line = bar.getBoundingClientRect().bottom + 9;
    var target = null;
    for (var k = 0; k < rows.length; k++) {
      var row = rows[k];
      if (!isChange(row) || !visible(row)) continue;
      var top = row.getBoundingClientRect().top;
      if (direction > 0 && top > line + 1) { target = row; break; }
      if (direction < 0 && top < line - 1) target = row;
    }
    if (target) go(target);
  }

  bar.querySelector(".jump-next").addEventListener("click", function () { step(1); });
  bar.querySelector(".jump-prev").addEventListener("click", function () { step(-1); });
  bar.querySelector(".unfold-all").addEventListener("click", function () {
    document.querySelectorAll(".reading details.fold").forEach(function (d) { d.open = true; });
    update();
  });
  update();
})();
