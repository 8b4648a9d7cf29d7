/* Back Spasm Guide: save the guide in the browser (issue 16). Only in the online build, and not
 * under `mkdocs serve` (overrides/main.html). The words come from data/site.yml (offline_app),
 * put in the page as JSON; this file only fills in {mb}, {done}, {total} and {date}.
 *
 * - registers sw.js (docs/assets/javascripts/offline-sw.js) and asks it to keep each page opened;
 * - the control marked data-offline-save saves the whole guide, only when tapped; with Save-Data
 *   on, the first tap only says how big it is, a second tap saves;
 * - <html data-offline="saved"> once the whole guide is stored;
 * - the one-time "Updated to the version reviewed on ..." notice, after a new build took over;
 *   then the next link opened loads in full, so a page never mixes two builds. */
(function () {
  "use strict";
  var sw = navigator.serviceWorker;
  var textEl = document.getElementById("guide-offline-app");
  if (!sw || !window.caches || !textEl || !window.isSecureContext) return;
  var text = JSON.parse(textEl.textContent);
  var cfg = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL((cfg.base || ".").replace(/\/?$/, "/"), location.href);
  var hadController = !!sw.controller;
  var fullLoadNext = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  var ready = sw.register(new URL("sw.js", base).href, {scope: base.href}).then(function (reg) {
    reg.update().catch(function () {}); // a new build? (instant navigation does no update check)
    return sw.ready;
  });

  function ask(message, onMessage) {
    return ready.then(function (reg) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (onMessage) onMessage(event.data);
          if (event.data.type !== "progress") resolve(event.data);
        };
        reg.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function markSaved(saved) {
    if (saved) document.documentElement.setAttribute("data-offline", "saved");
  }

  function showNotice() {
    caches.open("guide-meta").then(function (meta) {
      var key = new URL("__guide/updated", base).href;
      return meta.match(key).then(function (response) {
        if (!response) return;
        return response.json().then(function (notice) {
          var box = document.querySelector(".copy-updated");
          if (!box) return;
          box.querySelector("p").textContent = fill(box.getAttribute("data-template"), {date: notice.reviewed});
          box.hidden = false;
          return meta.delete(key); // told once
        });
      });
    });
  }

  function setupControl(status) {
    var box = document.querySelector(".offline-save");
    if (!box || box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "1");
    var button = box.querySelector("[data-offline-save]");
    var line = box.querySelector(".offline-save__status");
    var bar = box.querySelector(".offline-save__progress");
    var mb = (status.bytes / 1e6).toFixed(1);
    var askedTwice = false;
    box.hidden = false;
    if (status.saved) {
      line.textContent = text.saved_already;
      button.disabled = true;
      return;
    }
    line.textContent = fill(text.save_size, {mb: mb});
    button.addEventListener("click", function () {
      var connection = navigator.connection;
      if (connection && connection.saveData && !askedTwice) {
        askedTwice = true;
        line.textContent = fill(text.save_data, {mb: mb});
        return;
      }
      button.disabled = true;
      bar.hidden = false;
      bar.max = status.files;
      bar.value = 0;
      ask({type: "save"}, function (m) {
        if (m.type !== "progress") return;
        bar.value = m.done;
        line.textContent = fill(text.save_progress, {done: m.done, total: m.total});
      }).then(function (m) {
        bar.hidden = true;
        if (m.type === "saved") {
          line.textContent = text.save_done;
          markSaved(true);
        } else {
          line.textContent = text.save_failed;
          button.disabled = false;
        }
      });
    });
  }

  function onPage() {
    ready.then(function (reg) {
      reg.active.postMessage({type: "keep", url: location.href}); // pages opened are kept
    });
    ask({type: "status"}).then(function (status) {
      markSaved(status.saved);
      setupControl(status);
    });
  }

  sw.addEventListener("controllerchange", function () {
    if (hadController) fullLoadNext = true; // a new build took over this open page
    hadController = true;
    showNotice();
  });
  sw.addEventListener("message", function (event) {
    if (event.data && event.data.type === "updated") showNotice();
  });
  // After an update, load the next page in full instead of swapping it into this older one
  document.addEventListener("click", function (event) {
    if (!fullLoadNext || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    var a = event.target.closest && event.target.closest("a[href]");
    if (!a || a.origin !== location.origin || a.target || a.hasAttribute("download")) return;
    if (a.pathname === location.pathname) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    location.assign(a.href);
  }, true);

  showNotice();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else onPage();
})();
