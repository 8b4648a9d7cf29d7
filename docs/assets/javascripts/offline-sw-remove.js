/* Back Spasm Guide: the only worker `mkdocs serve` offers (issue 16). Pages built by `mkdocs serve`
 * register no service worker, so an editor always sees the page just saved. If a published copy
 * was opened on the same address before, its worker finds this one at its next update check: it
 * deletes the saved copy, unregisters itself and reloads the open pages from the preview server. */
"use strict";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("guide-")) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({type: "window"})) client.navigate(client.url);
  })());
});
