/* Back Spasm Guide: the service worker (issue 16). Hand-written, no library.
 *
 * sw.js (made at build time by backspasm_site/offline_app.py) sets self.GUIDE_BUILD = {version, reviewed, files,
 * pages, shell, offline, headers, immutable} and imports this file. files maps each URL (relative to the site root)
 * to [sha256 prefix, bytes]: the worker keeps only responses whose hash matches, so one cache
 * never holds two builds. Every stored response gets BUILD.headers (the server's CSP and security
 * headers), so a page from the cache is held to the same policy as one from the network.
 *
 * - install: the shell (CSS, JS, the offline page, home, when-to-get-help) goes into this
 *   build's own cache, "guide-v<version>". If the reader had saved the whole guide (or opened pages)
 *   with an older build, this build's versions of them are stored first: files whose hash did not
 *   change are copied from the old cache, only the others are downloaded. Any failure fails the
 *   install, and the old worker keeps serving its own complete copy: never a mix.
 * - activate: older "guide-" caches are deleted; a one-time "updated" notice is left for the pages.
 * - fetch: files of this build come from the cache, else from the network (and are kept: so the search
 *   index and worker are stored once the reader first searches, not before);
 *   a page that is not saved while offline gets the offline page.
 * - messages from the page: "status", "keep" (this page), "save" (the whole guide, on request only).
 */
"use strict";

const BUILD = self.GUIDE_BUILD;
const SCOPE = self.registration.scope;
const CACHE = "guide-v" + BUILD.version;
const META = "guide-meta"; // small records that outlive a version: the update notice
const SAVED = new URL("__guide/saved", SCOPE).href; // present once every file of this build is stored
const NOTICE = new URL("__guide/updated", SCOPE).href;
const ALL = Object.keys(BUILD.files);
const TOTAL_BYTES = ALL.reduce((sum, k) => sum + BUILD.files[k][1], 0);
const IMMUTABLE = new Set(BUILD.immutable || []);

const urlOf = (key) => new URL(key, SCOPE).href;

function keyOf(href) {
  const url = new URL(href);
  const path = url.origin + url.pathname;
  if (!path.startsWith(SCOPE)) return null;
  let key = decodeURI(path.slice(SCOPE.length));
  if (key === "index.html" || key.endsWith("/index.html")) key = key.slice(0, -"index.html".length);
  return key;
}

async function hashOf(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/* Keep a response for `key` if it is this build's file; returns true when stored. */
async function store(cache, key, response, fromNetwork = true) {
  const want = BUILD.files[key];
  if (!want || !response.ok || response.type === "opaqueredirect") return false;
  const buffer = await response.arrayBuffer();
  if (!(await hashOf(buffer)).startsWith(want[0])) {
    // the server has another build: look for its worker
    if (fromNetwork) self.registration.update().catch(() => {});
    return false;
  }
  await cache.put(urlOf(key), new Response(buffer, {
    status: 200, headers: withHeaders(response.headers.get("Content-Type") || "application/octet-stream"),
  }));
  return true;
}

/* The server's security headers (the CSP first), which a page served from here must carry too. */
function withHeaders(type) {
  return Object.assign({}, BUILD.headers || {}, {"Content-Type": type});
}

/* Copy `key` from an older build's cache when its bytes are the same in this build. */
async function reuse(cache, key, sources) {
  for (const source of sources) {
    const hit = await source.match(urlOf(key));
    if (hit && (await store(cache, key, hit, false))) return true;
  }
  return false;
}

/* Download `keys` (those not stored yet) into `cache`, a few at a time; throws if one fails.
 * Files unchanged since an older build (same hash) are copied from `sources` instead. */
async function download(cache, keys, progress, sources = []) {
  let done = 0;
  const queue = keys.slice();
  async function worker() {
    while (queue.length) {
      const key = queue.shift();
      if (!(await cache.match(urlOf(key))) && !(await reuse(cache, key, sources))) {
        // a file named by its hash is the same wherever it comes from: the HTTP cache will do
        const response = await fetch(urlOf(key), {cache: IMMUTABLE.has(key) ? "default" : "no-cache"});
        if (!(await store(cache, key, response))) throw new Error("could not save " + key);
      }
      done += 1;
      if (progress) progress(done, keys.length);
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function olderCaches() {
  return (await caches.keys()).filter((name) => name.startsWith("guide-v") && name !== CACHE);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const keys = new Set(BUILD.shell);
    const sources = [];
    let wasSaved = false;
    for (const name of await olderCaches()) {
      const old = await caches.open(name);
      sources.push(old);
      if (await old.match(SAVED)) wasSaved = true;
      for (const request of await old.keys()) {
        const key = keyOf(request.url);
        if (key !== null && key in BUILD.pages) keys.add(key); // pages the reader had: keep them
      }
    }
    if (wasSaved) ALL.forEach((key) => keys.add(key));
    await download(cache, Array.from(keys), null, sources);
    if (wasSaved) await cache.put(SAVED, new Response(BUILD.version));
    await self.skipWaiting(); // complete: take over (activate removes the old copy)
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const old = await olderCaches();
    await Promise.all(old.map((name) => caches.delete(name)));
    if (old.length) {
      const meta = await caches.open(META);
      await meta.put(NOTICE, new Response(JSON.stringify({version: BUILD.version, reviewed: BUILD.reviewed}),
        {headers: {"Content-Type": "application/json"}}));
    }
    await self.clients.claim();
    if (old.length) {
      for (const client of await self.clients.matchAll({type: "window"})) client.postMessage({type: "updated"});
    }
  })());
});

async function offlinePage() {
  const cache = await caches.open(CACHE);
  const page = await cache.match(urlOf(BUILD.offline));
  if (!page) return Response.error();
  const links = [];
  for (const request of await cache.keys()) {
    const key = keyOf(request.url);
    if (key !== null && key in BUILD.pages) links.push([BUILD.pages[key], urlOf(key)]);
  }
  links.sort((a, b) => a[0].localeCompare(b[0]));
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  let html = await page.text();
  html = html.replace("<!--saved-pages-->", links.map(([t, u]) => `<li><a href="${esc(u)}">${esc(t)}</a></li>`).join(""));
  if (links.length) html = html.replace(/<!--none-->[\s\S]*<!--\/none-->/, "");
  return new Response(html, {status: 200, headers: withHeaders("text/html; charset=utf-8")});
}

async function respond(event, key) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  if (key !== null && key in BUILD.files) {
    const hit = await cache.match(urlOf(key));
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    if (key !== null && key in BUILD.files) event.waitUntil(store(cache, key, response.clone()));
    return response;
  } catch (err) {
    if (request.mode === "navigate") return offlinePage();
    return Response.error(); // instant navigation then falls back to a full page load
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const key = keyOf(request.url);
  if (key !== null && key.startsWith("downloads/")) return; // the zip: always from the network
  if (!(key in BUILD.files) && request.mode !== "navigate") return;
  event.respondWith(respond(event, key));
});

async function status() {
  const cache = await caches.open(CACHE);
  return {type: "status", version: BUILD.version, files: ALL.length, bytes: TOTAL_BYTES,
    saved: !!(await cache.match(SAVED))};
}

async function saveAll(port) {
  const cache = await caches.open(CACHE);
  const started = Date.now();
  try {
    await download(cache, ALL, (done, total) => port.postMessage({type: "progress", done, total}));
    await cache.put(SAVED, new Response(BUILD.version));
    port.postMessage({type: "saved", ms: Date.now() - started, bytes: TOTAL_BYTES});
  } catch (err) {
    port.postMessage({type: "failed", error: String(err)});
  }
}

async function keep(href) {
  const key = keyOf(href);
  if (key === null || !(key in BUILD.pages)) return;
  const cache = await caches.open(CACHE);
  if (await cache.match(urlOf(key))) return;
  try {
    await store(cache, key, await fetch(urlOf(key)));
  } catch (err) { /* offline: nothing to keep */ }
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  const port = event.ports[0];
  if (msg.type === "status" && port) event.waitUntil(status().then((s) => port.postMessage(s)));
  else if (msg.type === "keep") event.waitUntil(keep(msg.url));
  else if (msg.type === "save" && port) event.waitUntil(saveAll(port));
});
