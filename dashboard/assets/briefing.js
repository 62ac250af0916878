/* Briefing wall: rotation, pause, progress, health polling and self-reload, all in the
   browser, so the slides keep turning while the server is unreachable. Served from
   assets/ (no inline script: the page runs under a strict Content-Security-Policy). */
(function () {
  "use strict";
  var DESIGN_W = 1920, DESIGN_H = 1080, TICK_MS = 250;

  function scale(root) {
    var s = Math.min(window.innerWidth / DESIGN_W, window.innerHeight / DESIGN_H);
    root.style.setProperty("--wall-scale", String(s));
    // Centred on screens that are not 16:9 (the canvas keeps its 1920x1080 layout).
    root.style.setProperty("--wall-x", ((window.innerWidth - DESIGN_W * s) / 2) + "px");
    root.style.setProperty("--wall-y", ((window.innerHeight - DESIGN_H * s) / 2) + "px");
  }

  function start(root) {
    var slides = root.querySelectorAll(".slide");
    var bar = root.querySelector(".progress-bar");
    var clock = root.querySelector(".last-refresh");
    var interval = parseInt(root.dataset.interval, 10) || 20000;
    var healthMs = parseInt(root.dataset.health, 10) || 30000;
    var reloadMs = parseInt(root.dataset.reload, 10) || 4 * 3600 * 1000;
    var version = root.dataset.version;
    var loadedAt = Date.now();
    var index = 0, elapsed = 0, paused = false, focused = false, online = true;

    document.body.classList.add("wall");
    scale(root);
    window.addEventListener("resize", function () { scale(root); });

    function show(i) {
      slides[index].classList.remove("active");
      index = i % slides.length;
      slides[index].classList.add("active");
      root.dataset.current = slides[index].dataset.slide;
      elapsed = 0;
    }
    function setPaused(value) {
      paused = value;
      root.classList.toggle("is-paused", paused || focused);
    }
    root.dataset.current = slides.length ? slides[0].dataset.slide : "";

    var last = Date.now();
    window.setInterval(function () {
      var now = Date.now();
      if (!slides.length) { return; }
      // Real time, not tick counts: a busy machine delays ticks but must not slow the wall.
      if (!(paused || focused)) { elapsed += now - last; }
      last = now;
      if (elapsed >= interval && slides.length > 1) { show(index + 1); }
      if (bar) { bar.style.transform = "scaleX(" + Math.min(1, elapsed / interval) + ")"; }
    }, TICK_MS);

    document.addEventListener("keydown", function (e) {
      if (e.code === "Space" || e.key === " ") { e.preventDefault(); setPaused(!paused); }
    });
    document.addEventListener("focusin", function (e) {
      var byKeyboard = e.target && e.target.matches && e.target.matches(":focus-visible");
      focused = !!byKeyboard;
      setPaused(paused);
    });
    document.addEventListener("focusout", function () { focused = false; setPaused(paused); });

    function check() {
      fetch("/healthz", { cache: "no-store" }).then(function (r) {
        if (!r.ok) { throw new Error("status " + r.status); }
        return r.json();
      }).then(function (body) {
        online = true;
        root.classList.remove("is-offline");
        if (clock) {
          var now = new Date();
          clock.textContent = now.toTimeString().slice(0, 5);
          clock.setAttribute("datetime", now.toISOString());
        }
        // New data, or hours of uptime: reload, but only while the server answers.
        if (body.data_version !== version || Date.now() - loadedAt > reloadMs) {
          window.location.reload();
        }
      }).catch(function () {
        online = false;
        root.classList.add("is-offline");
      });
    }
    check();
    window.setInterval(check, healthMs);
  }

  function boot() {
    var root = document.querySelector(".briefing[data-interval]");
    if (root && !root.dataset.started) {
      root.dataset.started = "1";
      start(root);
    }
  }
  // Dash renders the page after this script loads: wait for the wall to appear.
  var waiting = window.setInterval(function () {
    boot();
    if (document.querySelector(".briefing[data-started]")) { window.clearInterval(waiting); }
  }, 100);
})();
