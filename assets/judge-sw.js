// 匠心 judge tablet, offline: a service worker for /judge/. The marking page, its script and its
// styles come from the network whenever it answers (so a new release reaches the tablet at its
// next online load) and from this cache when it does not, so a reload while the venue's Wi-Fi is
// down still shows the page; the page then draws the judge's entrants and marks from the last
// snapshot it kept (assets/judge.js). Only the last marking page fetched is kept: the judge
// signed in now. A page the server answers with a redirect (the session ended) is forgotten.
// The chief judge's pages are never served from the cache: offline, they say so.
"use strict";
var CACHE = "jx-judge-{{VERSION}}";
var PAGE = "/judge/mark";

// At once, the page of the judge signed in now and this version's script and styles: the page
// that registered this worker was loaded before it, so a reload must not be the first time
// the page goes through here.
function keep(cache, url) {
  return fetch(url, { redirect: "manual", credentials: "same-origin" }).then(function (r) {
    if (r.ok && r.type === "basic") return cache.put(url, r);
  }, function () { /* offline already: the next online load keeps it */ });
}
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all([
      keep(cache, PAGE),
      keep(cache, "/assets/judge.js?v={{VERSION}}"),
      keep(cache, "/assets/app.css?v={{VERSION}}")
    ]);
  }).then(function () { return self.skipWaiting(); }));
});

// A new version's cache replaces every older one.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("jx-judge-") === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(url) {
  return url.pathname === PAGE || url.pathname === "/assets/judge.js" || url.pathname === "/assets/app.css";
}

var CHIEF_OFFLINE = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>离线</title>" +
  "<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body class=\"judge\">" +
  "<main><p class=\"link-state offline chief-offline\" role=\"status\">离线：裁判长页面显示的是实时进度，" +
  "须联网查看。网络恢复后请刷新本页。</p></main></body></html>";

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (kept(url)) {
    var name = url.pathname === PAGE ? PAGE : request;
    event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) {
        if (response.ok && !response.redirected && response.type !== "opaqueredirect") {
          return cache.put(name, copy);
        }
        if (url.pathname === PAGE) return cache.delete(PAGE);
      }));
      return response;
    }, function () {
      return caches.open(CACHE).then(function (cache) { return cache.match(name); }).then(function (hit) {
        return hit || Response.error();
      });
    }));
  } else if (request.mode === "navigate" && url.pathname.indexOf("/judge/chief") === 0) {
    event.respondWith(fetch(request).catch(function () {
      return new Response(CHIEF_OFFLINE, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    }));
  }
});
