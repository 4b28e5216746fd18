// Onward page behaviour. No inline scripts anywhere (CSP script-src 'self').
(function () {
  "use strict";
  var body = document.body;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var exitUrl = body.getAttribute("data-exit-url") || "/n";
  var exiting = false;

  // Quick exit (security.md R5): blank at once, lock on the server, replace the page.
  function quickExit(ev) {
    if (ev) { ev.preventDefault(); }
    if (exiting) { return; }
    exiting = true;
    document.title = "";
    document.documentElement.style.background = "#fff";
    while (body.firstChild) { body.removeChild(body.firstChild); }
    try {
      var data = new FormData();
      data.append("csrf", csrf);
      navigator.sendBeacon("/x", data);
    } catch (e) { /* the idle lock still applies */ }
    window.location.replace(exitUrl);
  }

  document.querySelectorAll("[data-quick-exit]").forEach(function (el) {
    el.addEventListener("click", quickExit);
  });

  // Esc twice, or Shift three times, within a short time.
  var lastKey = "", count = 0, lastTime = 0;
  document.addEventListener("keydown", function (ev) {
    var now = Date.now();
    var key = ev.key;
    if (key !== "Escape" && key !== "Shift") { lastKey = ""; count = 0; return; }
    if (key === lastKey && now - lastTime < 1000) { count += 1; } else { count = 1; }
    lastKey = key; lastTime = now;
    if ((key === "Escape" && count >= 2) || (key === "Shift" && count >= 3)) { quickExit(ev); }
  });

  // Ask before deleting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });

  // Idle lock (R6). Typing and clicking count as activity and are reported to the
  // server at most once a minute, so a long entry is not lost.
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  if (idle > 0) {
    var lastActive = Date.now(), lastPing = Date.now();
    var mark = function () {
      lastActive = Date.now();
      if (lastActive - lastPing > 60000) {
        lastPing = lastActive;
        fetch("/alive", { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
          .then(function (r) { if (r.status === 401) { window.location.replace("/unlock"); } })
          .catch(function () {});
      }
    };
    ["keydown", "mousedown", "touchstart", "input", "scroll"].forEach(function (name) {
      document.addEventListener(name, mark, { passive: true });
    });
    window.setInterval(function () {
      if (Date.now() - lastActive > idle * 1000) {
        var data = new FormData();
        data.append("csrf", csrf);
        try { navigator.sendBeacon("/lock", data); } catch (e) { /* server locks too */ }
        while (body.firstChild) { body.removeChild(body.firstChild); }
        window.location.replace("/unlock");
      }
    }, 5000);
  }
})();

// The path (issue 3): crisis lines appear at once when the person says their own life is at
// risk, before anything is submitted; print buttons print the page.
(function () {
  "use strict";
  document.querySelectorAll("[data-crisis-toggle]").forEach(function (input) {
    input.addEventListener("change", function () {
      var box = input.closest("fieldset").querySelector("[data-crisis-box]");
      if (box) { box.hidden = !(input.checked && input.value === "yes"); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
