/* Back Spasm Guide: the reader's text size (0, 1 or 2), remembered on this device by reader-tools.js.
 * Loaded in <head>, so the size is set before the page is first drawn: no jump. */
try {
  var guideSize = localStorage.getItem("guide-text-size");
  if (guideSize === "1" || guideSize === "2") document.documentElement.setAttribute("data-text-size", guideSize);
} catch (e) {}
