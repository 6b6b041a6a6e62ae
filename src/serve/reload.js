// stratwiki serve: reload the page when the site is rebuilt, keep the scroll position, and show
// build errors over the page until they are fixed. Only added in serve mode.
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

  function overlay(text) {
    var box = document.getElementById("stratwiki-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "stratwiki-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:99999;overflow:auto;padding:2rem;" +
        "background:rgba(20,23,28,.95);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The site could not be rebuilt. Fix this and save:\n\n" + text;
  }

  var source = new EventSource(new URL("events", base));
  source.addEventListener("reload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  });
  source.addEventListener("error", function (e) {
    if (e && typeof e.data === "string") overlay(e.data);
  });
})();
