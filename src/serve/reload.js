// stratwiki serve: reload the page when the site is rebuilt, keep the scroll position, show
// build errors over the page until they are fixed (errors first, each with its source lines and
// a caret, the warnings apart), and warnings about the files just saved in a panel that can be
// closed. Only added in serve mode. The server sends the overlay's HTML, escaped.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? new URL(".", script.src) : new URL("/__stratwiki/", location.href);
  var key = "stratwiki-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      window.scrollTo(0, parseInt(saved, 10) || 0);
    }
  } catch (e) {}

  var CSS =
    "#stratwiki-overlay{position:fixed;inset:0;z-index:99999;overflow:auto;padding:2rem;" +
    "background:#14171c;color:#f3f4f6;font:15px/1.5 system-ui,sans-serif}" +
    "#stratwiki-overlay.sw-panel{inset:auto 1rem 1rem auto;max-width:min(46rem,calc(100vw - 2rem));" +
    "max-height:50vh;padding:1rem 1.25rem;border:2px solid #f5c451;border-radius:6px}" +
    "#stratwiki-overlay h1{font-size:1.3rem;margin:0 0 .5rem;color:#ff9b9b}" +
    "#stratwiki-overlay.sw-panel h1{font-size:1.05rem;color:#f5c451}" +
    "#stratwiki-overlay h2,#stratwiki-overlay summary{font-size:1.05rem;margin:1rem 0 .25rem}" +
    "#stratwiki-overlay .sw-errors h2{color:#ff9b9b}" +
    "#stratwiki-overlay .sw-warnings h2,#stratwiki-overlay summary{color:#f5c451;cursor:pointer}" +
    "#stratwiki-overlay ol{margin:0;padding-left:1.5rem}#stratwiki-overlay li{margin:.6rem 0}" +
    "#stratwiki-overlay p{margin:.2rem 0}" +
    "#stratwiki-overlay .sw-loc{font-family:ui-monospace,monospace;color:#9ecbff}" +
    "#stratwiki-overlay .sw-code{color:#b8bec8}" +
    "#stratwiki-overlay pre{margin:.3rem 0;padding:.5rem .75rem;background:#0b0d10;" +
    "border-radius:4px;overflow:auto;font:13px/1.45 ui-monospace,monospace;color:#d6d9de}" +
    "#stratwiki-overlay .sw-line{color:#fff;font-weight:600}" +
    "#stratwiki-overlay .sw-caret{color:#ff6b6b;font-weight:700}" +
    "#stratwiki-overlay .sw-warnings .sw-caret{color:#f5c451}" +
    "#stratwiki-overlay .sw-close{float:right;font:inherit;background:transparent;color:inherit;" +
    "border:1px solid currentColor;border-radius:4px;padding:0 .5rem;cursor:pointer}";

  function box(panel) {
    var el = document.getElementById("stratwiki-overlay");
    if (!el) {
      var style = document.createElement("style");
      style.textContent = CSS;
      document.head.appendChild(style);
      el = document.createElement("div");
      el.id = "stratwiki-overlay";
      document.body.appendChild(el);
    }
    el.className = panel ? "sw-panel" : "";
    el.setAttribute("role", panel ? "status" : "alert");
    return el;
  }

  // The build failed: the whole page is covered until a build succeeds (which reloads it).
  function overlay(data) {
    var payload = null;
    try { payload = JSON.parse(data); } catch (e) {}
    var el = box(false);
    if (payload && typeof payload.html === "string") {
      el.innerHTML = payload.html;
    } else {
      el.style.whiteSpace = "pre-wrap";
      el.textContent = "The site could not be rebuilt. Fix this and save:\n\n" + data;
    }
  }

  // Saved with warnings about the saved files: a panel, closed for this build when asked.
  function warnings(data) {
    var payload = null;
    try { payload = JSON.parse(data); } catch (e) { return; }
    if (!payload || typeof payload.html !== "string") return;
    var closedKey = "stratwiki-warnings-closed";
    try { if (sessionStorage.getItem(closedKey) === data) return; } catch (e) {}
    var el = box(true);
    el.innerHTML = payload.html;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "sw-close";
    close.textContent = "Close";
    close.addEventListener("click", function () {
      try { sessionStorage.setItem(closedKey, data); } catch (e) {}
      el.remove();
    });
    el.insertBefore(close, el.firstChild);
  }

  var source = new EventSource(new URL("events", base));
  source.addEventListener("reload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  });
  source.addEventListener("error", function (e) {
    if (e && typeof e.data === "string") overlay(e.data);
  });
  source.addEventListener("warnings", function (e) {
    if (e && typeof e.data === "string") warnings(e.data);
  });
})();
