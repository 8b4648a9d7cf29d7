/* Back Spasm Guide: reader tools (overrides/partials/reader-tools.html). The words are in the page.
 * - Text size: three steps, remembered on this device (localStorage; text-size.js applies it early).
 * - Listen: the browser's own speech, only with voices that run on this device (localService), the
 *   emergency banner and emergency boxes first. Hidden when there is no such voice.
 * - Share: the Web Share API where there is one, else the public link is copied (or shown, to copy
 *   by hand, where the browser allows no copying), with a message.
 * Nothing is sent anywhere. The row stays hidden without JavaScript. */
(function () {
  "use strict";
  var KEY = "guide-text-size";
  var root = document.documentElement;
  var synth = window.speechSynthesis;

  function size() {
    return root.getAttribute("data-text-size") || "0";
  }

  function setSize(n) {
    if (n === "0") root.removeAttribute("data-text-size");
    else root.setAttribute("data-text-size", n);
    try { localStorage.setItem(KEY, n); } catch (e) { /* storage off: the size lasts for this page only */ }
  }

  function localVoice() {
    if (!synth || typeof synth.getVoices !== "function") return null;
    var lang = (root.lang || "en").slice(0, 2);
    var voices = synth.getVoices().filter(function (v) { return v.localService; });
    return voices.filter(function (v) { return (v.lang || "").slice(0, 2) === lang; })[0] || voices[0] || null;
  }

  // what is read, in order: the emergency banner, emergency boxes, then the article
  var TEXT = "h1,h2,h3,h4,p,li,dt,dd,th,td,summary";
  var SKIP = ".reader-tools,.references,.helpful,.report-problem,.booklet-link,[hidden],.headerlink,sup.cite";

  function spoken(el) {
    var copy = el.cloneNode(true);
    var gone = copy.querySelectorAll(SKIP);
    for (var i = 0; i < gone.length; i++) gone[i].remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function blocks(article) {
    var out = [], seen = [];
    function add(el) {
      if (el.closest(SKIP)) return;
      // the heading of the reference list is not read, as the list is not
      var next = el.nextElementSibling;
      if (/^H\d$/.test(el.tagName) && next && next.matches(".references")) return;
      for (var i = 0; i < seen.length; i++) if (seen[i].contains(el)) return;
      seen.push(el);
      var text = spoken(el);
      if (text) out.push(text);
    }
    [].slice.call(document.querySelectorAll(".emergency-banner")).forEach(add);
    [].slice.call(article.querySelectorAll(".admonition.danger :is(" + TEXT + ")")).forEach(add);
    [].slice.call(article.querySelectorAll(TEXT)).forEach(add);
    return out;
  }

  function setup() {
    var tools = document.querySelector(".reader-tools");
    var article = document.querySelector("article.md-content__inner");
    if (!tools || !article) return;
    tools.hidden = false;

    var sizes = tools.querySelectorAll("[data-size]");
    function pressed() {
      for (var i = 0; i < sizes.length; i++) sizes[i].setAttribute("aria-pressed", String(sizes[i].getAttribute("data-size") === size()));
    }
    for (var i = 0; i < sizes.length; i++) {
      sizes[i].addEventListener("click", function (e) { setSize(e.currentTarget.getAttribute("data-size")); pressed(); });
    }
    pressed();

    var listen = tools.querySelector("[data-reader-tool=listen]");
    var play = listen.querySelector("[data-listen=play]");
    var pause = listen.querySelector("[data-listen=pause]");
    var stop = listen.querySelector("[data-listen=stop]");
    function state(speaking, paused) {
      play.disabled = speaking && !paused;
      pause.disabled = !speaking;
      stop.disabled = !speaking;
      pause.setAttribute("aria-pressed", String(!!paused));
    }
    function offer() {
      listen.hidden = !localVoice();
    }
    if (synth) {
      offer();
      if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", offer);
      play.addEventListener("click", function () {
        if (synth.paused) { synth.resume(); state(true, false); return; }
        var voice = localVoice();
        if (!voice) return;
        synth.cancel();
        var parts = blocks(article);
        parts.forEach(function (text, n) {
          var u = new SpeechSynthesisUtterance(text);
          u.voice = voice;
          u.lang = voice.lang;
          if (n === parts.length - 1) u.onend = function () { state(false, false); };
          synth.speak(u);
        });
        state(true, false);
      });
      pause.addEventListener("click", function () {
        if (synth.paused) { synth.resume(); state(true, false); }
        else { synth.pause(); state(true, true); }
      });
      stop.addEventListener("click", function () { synth.cancel(); state(false, false); });
    }

    var share = tools.querySelector("[data-reader-tool=share] button");
    var status = tools.querySelector(".reader-tools__status");
    share.addEventListener("click", function () {
      var url = share.getAttribute("data-url");
      function say(key) { status.textContent = share.getAttribute(key).replace("{url}", url); }
      if (navigator.share) {
        navigator.share({ title: share.getAttribute("data-title"), url: url }).catch(function () {});
      } else if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () { say("data-copied"); }, function () { say("data-copy-this"); });
      } else {
        say("data-copy-this"); // no clipboard here: the link is shown, to copy by hand
      }
    });
  }

  // Material's instant navigation swaps the page without reloading: stop reading, set up the new page
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { if (synth) synth.cancel(); setup(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
