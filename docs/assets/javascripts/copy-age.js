/* Back Spasm Guide: a saved copy knows its age (issue 16).
 * Shows the "this copy may be out of date" warning that every page carries (hidden) once the
 * reader's clock is past the earliest next-review date in this copy. The words are in the page
 * (data/site.yml offline_app.out_of_date); this only compares dates. No network. Works on file://. */
(function () {
  "use strict";

  function dayAfter(iso) {
    var p = iso.split("-");
    return new Date(+p[0], +p[1] - 1, +p[2] + 1); // local midnight after the due day
  }

  function check() {
    var now = Date.now();
    var boxes = document.querySelectorAll(".copy-stale[data-next-review]");
    for (var i = 0; i < boxes.length; i++) {
      var due = boxes[i].getAttribute("data-next-review");
      boxes[i].hidden = !(due && now >= dayAfter(due).getTime());
    }
  }

  // Material's instant navigation swaps the page without reloading: check each new page too
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(check);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
})();
