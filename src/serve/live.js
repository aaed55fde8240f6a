// Live reload for `briefing watch --serve`. The dev server adds this script
// to the HTML it serves; built files never contain it. It listens for build
// outcomes: `reload` reloads the page, `build-error` shows the diagnostics
// over the page until the next good build reloads it.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }
  var OVERLAY_ID = "__briefing-overlay";
  var source = new EventSource("/__briefing/events");

  source.addEventListener("reload", function () {
    window.location.reload();
  });

  source.addEventListener("build-error", function (event) {
    showError(String(event.data));
  });

  function showError(text) {
    var overlay = document.getElementById(OVERLAY_ID) || createOverlay();
    overlay.querySelector("pre").textContent = text;
  }

  function createOverlay() {
    var overlay = document.createElement("div");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
      "padding:1.5rem;background:rgba(24,24,24,.95);color:#f4f4f4;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";

    var heading = document.createElement("p");
    heading.textContent =
      "briefing: the last rebuild failed. This page shows the last good build; " +
      "it reloads by itself once the error is fixed.";
    heading.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#ff9e80";

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "float:right;margin-left:1rem;font:inherit";
    close.addEventListener("click", function () {
      overlay.remove();
    });

    var details = document.createElement("pre");
    details.style.cssText = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere";

    overlay.appendChild(close);
    overlay.appendChild(heading);
    overlay.appendChild(details);
    (document.body || document.documentElement).appendChild(overlay);
    return overlay;
  }
})();
