// The urge pause: a countdown that holds the buttons until it ends. The words come from the
// page (data-msg-*), so they are translated on the server like every other string.
// Without JavaScript the page already shows the pause text and the buttons (nothing breaks).
(function () {
  "use strict";
  var box = document.querySelector("[data-pause]");
  if (!box) { return; }
  var total = parseInt(box.getAttribute("data-pause-seconds") || "0", 10);
  if (!(total > 0)) { return; }
  var big = box.querySelector("[data-pause-left]");
  var status = box.querySelector("[data-pause-status]");
  var holds = document.querySelectorAll("[data-pause-hold]");
  var left = total;

  function show(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    big.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }
  function hold(on) {
    holds.forEach(function (button) {
      button.disabled = on;
      if (on) { button.setAttribute("aria-disabled", "true"); } else { button.removeAttribute("aria-disabled"); }
    });
  }

  hold(true);
  big.hidden = false;
  show(left);
  status.textContent = box.getAttribute("data-msg-start") || "";
  var timer = window.setInterval(function () {
    left -= 1;
    show(Math.max(left, 0));
    if (left > 0 && left % 30 === 0) {
      status.textContent = (box.getAttribute("data-msg-left") || "").replace("{n}", String(left));
    }
    if (left <= 0) {
      window.clearInterval(timer);
      hold(false);
      box.setAttribute("data-pause-done", "true");
      status.textContent = box.getAttribute("data-msg-done") || "";
    }
  }, 1000);
})();
