/* "What should I do now?" (docs/what-to-do-now.md): show one step at a time.
   An enhancement only. Without this file every step and outcome is on the page and every answer
   is a plain link, which is also what print, the offline copy and screen readers rely on.
   The place is kept in the address (#step-2), as a plain link keeps it; nothing is stored or sent. */
(function () {
  "use strict";
  var steps = [];  // the step sections of the page on screen (Material's instant navigation swaps pages)
  var shown = null;  // the step on screen

  function hashTarget() {
    return location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  }

  function show(moveFocus) {
    if (!steps.length || !steps[0].isConnected) return;
    var el = hashTarget();
    var step = el && el.closest("section.next-step");
    if (step && steps.indexOf(step) < 0) step = null;
    if (step || !shown) {  // an outcome keeps the step that led to it on screen
      shown = step || steps[0];
      steps.forEach(function (s) { s.hidden = s !== shown; });
    }
    if (el && moveFocus) {  // the page moved under the browser's own jump: go to the place again
      el.scrollIntoView({ block: "start" });
      if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) el = step || el;
      el.focus({ preventScroll: true });
    }
  }

  function enhance() {
    var guide = document.querySelector("[data-next-steps]");
    steps = guide ? Array.prototype.slice.call(guide.querySelectorAll("section.next-step")) : [];
    shown = null;
    if (steps.length < 2) { steps = []; return; }
    guide.setAttribute("data-one-step", "");
    show(Boolean(hashTarget()));
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
