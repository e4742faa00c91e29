// Runs in the page before any of its own scripts (Playwright addInitScript). Kept as plain JavaScript read as text:
// tsx compiles functions written inline in a .mts file with esbuild's keepNames, which wraps them in a __name()
// helper that does not exist in the page, so the probe would throw there and never record anything.
// Records in window.paintedAt the time (ms since navigation start) of the second animation frame after the first
// element matching `selector` entered the DOM, or after DOMContentLoaded when there is no selector.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the line bench/cold-load.mts appends
function recordFirstPaint(selector) {
  function painted() {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (window.paintedAt === undefined) window.paintedAt = performance.now();
      });
    });
  }
  if (!selector) {
    addEventListener("DOMContentLoaded", painted);
    return;
  }
  const observer = new MutationObserver(function () {
    if (document.querySelector(selector)) {
      observer.disconnect();
      painted();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}
