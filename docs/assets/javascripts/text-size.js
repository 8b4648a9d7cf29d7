/* Back Spasm Guide: the reader's text size (0, 1 or 2), remembered on this device by reader-tools.js.
 * Loaded in <head>, so the size is set before the page is first drawn: no jump. */
(function () {
  try {
    var size = localStorage.getItem("guide-text-size");
    if (size === "1" || size === "2") document.documentElement.setAttribute("data-text-size", size);
  } catch (e) { /* storage off (some file:// copies): the normal size */ }
})();
