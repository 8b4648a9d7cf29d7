/* "What should I do now?" (docs/what-to-do-now.md): show one step at a time.
   An enhancement only. Without this file every step and outcome is on the page and every answer
   is a plain link, which is also what print, the offline copy and screen readers rely on.
   The place is kept in the address (#step-2), as a plain link keeps it; nothing is stored or sent. */
(function () {
  "use strict";
  var steps = [];  // the step sections of the page on screen (Material's instant navigation swaps pages)

  function target() {  // the step the address points at (the step itself or something in it), or null
    var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var step = el && el.closest("section.next-step");
    return step && steps.indexOf(step) >= 0 ? step : null;
  }

  function show(moveFocus) {
    if (!steps.length || !steps[0].isConnected) return;
    var step = target();
    var visible = step || steps[0];
    steps.forEach(function (s) { s.hidden = s !== visible; });
    if (step && moveFocus) {
      step.scrollIntoView({ block: "start" });
      step.focus({ preventScroll: true });
    }
  }

  function enhance() {
    var guide = document.querySelector("[data-next-steps]");
    steps = guide ? Array.prototype.slice.call(guide.querySelectorAll("section.next-step")) : [];
    if (steps.length < 2) { steps = []; return; }
    guide.setAttribute("data-one-step", "");
    show(Boolean(target()));
  }

  window.addEventListener("hashchange", function () { show(true); });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);  // runs on every page Material's instant navigation loads
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
