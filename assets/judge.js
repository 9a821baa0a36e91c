// 匠心 judge tablet: marks are kept in this browser until the server acknowledges them, so a
// dropped connection or a reload never loses one. Protocol: docs/protocol.md.
//
// A tablet is shared between judges. Each judge's waiting marks are kept under that judge (and
// event), name that judge on the wire, and are sent only while that judge is signed in here;
// another judge's page says whose marks are still waiting and never sends them.
(function () {
  "use strict";
  var store = window.localStorage;
  var device = store.getItem("jx-device") || ("t" + Math.random().toString(36).slice(2, 10));
  store.setItem("jx-device", device);
  var counter = Number(store.getItem("jx-counter") || "0");
  var body = document.body;
  var me = { id: Number(body.getAttribute("data-judge")), name: body.getAttribute("data-judge-name") || "", event: Number(body.getAttribute("data-event")) };
  var PREFIX = "jx-pending:";
  var LEGACY = "jx-pending"; // an older page's queue, which named no judge: never sent by anyone
  var queueKey = PREFIX + me.event + ":" + me.id;
  function loadQueue(k) {
    try {
      var q = JSON.parse(store.getItem(k) || "null");
      return q && Array.isArray(q.marks) ? q : null;
    } catch (e) { return null; }
  }
  var mine = loadQueue(queueKey);
  // Marks not yet acknowledged: this judge's only.
  var pending = (mine ? mine.marks : []).filter(function (m) { return m.judge_id === me.id; });
  // The socket turned out to be another judge's (the tablet was signed in again in another
  // tab): nothing more is sent from this page.
  var foreign = null;
  var saved = {};      // "entrant:aspect" -> value acknowledged by the server
  var problems = {};   // "entrant:aspect" -> why the last mark was refused
  var sent = {};       // op_id -> mark, to know what an ack is for
  var corrections = {}; // "entrant:aspect" -> the latest correction asked for (after lock)
  var corrected = {};  // "entrant:aspect" -> true when the saved value came from a correction
  pending.forEach(function (m) { sent[m.op_id] = m; });
  // Only within one page load: after a reload the tablet knows no saved marks, so it asks for
  // all of them (the marks still waiting are in localStorage and are sent again).
  var lastSeq = null;
  var snapshot = null;
  // “按选手” (one entrant, every aspect) or “按评分项” (one aspect, every entrant: how
  // measuring rounds go); remembered per judge on this tablet.
  var modeKey = "jx-mode:" + me.event + ":" + me.id;
  var mode = store.getItem(modeKey) === "aspect" ? "aspect" : "entrant";
  var current = null;  // the entrant (or, by aspect, the aspect) on the sheet
  var socket = null;
  var backoff = 1000;
  var opened = false;  // the socket has been open at least once since the last close
  // The last snapshot this judge's page saw, and the marks saved since, kept in the browser so
  // that a reload with the server out of reach still shows the entrants and marks (the page
  // itself comes from the service worker's cache, assets/judge-sw.js). One judge, one event:
  // another judge's page never reads it, and the page of whoever signs in next drops it.
  var SNAP = "jx-snapshot:";
  var snapKey = SNAP + me.event + ":" + me.id;
  var OFFLINE = "jx-offline-since:" + me.event + ":" + me.id;
  for (var i = store.length - 1; i >= 0; i--) {
    var k0 = store.key(i);
    if (k0 && k0.indexOf(SNAP) === 0 && k0 !== snapKey) store.removeItem(k0);
  }

  function $(id) { return document.getElementById(id); }
  function key(e, a) { return e + ":" + a; }
  function keepSnapshot() {
    if (!snapshot) return;
    try {
      store.setItem(snapKey, JSON.stringify({ snapshot: snapshot, saved: saved, corrected: corrected }));
    } catch (e) { /* a full store keeps the older copy */ }
  }
  function forget() {
    store.removeItem(snapKey);
    store.removeItem(OFFLINE);
  }
  function persist() {
    if (pending.length) {
      store.setItem(queueKey, JSON.stringify({ judge_id: me.id, name: me.name, event: me.event, marks: pending }));
    } else {
      store.removeItem(queueKey);
    }
    store.setItem("jx-counter", String(counter));
  }
  // Other judges' marks waiting on this tablet: whose, and how many.
  function othersHeld() {
    var held = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k === queueKey) continue;
      if (k.indexOf(PREFIX) === 0) {
        var q = loadQueue(k);
        if (q && q.marks.length) held.push({ judge_id: q.judge_id, name: q.name, marks: q.marks.length });
      } else if (k === LEGACY) {
        var old = [];
        try { old = JSON.parse(store.getItem(k) || "[]"); } catch (e) { old = []; }
        if (Array.isArray(old) && old.length) held.push({ judge_id: null, name: null, marks: old.length });
      }
    }
    return held;
  }
  function showHeld() {
    var el = $("held");
    var lines = othersHeld().map(function (h) {
      return h.judge_id === null
        ? "本机还有 " + h.marks + " 条旧版评分页留下的分数，未注明裁判，不会上传，请告知组织者。"
        : "本机还保存着裁判" + h.name + "的 " + h.marks + " 条分数尚未上传。这些分数属于" + h.name +
          "，不会记在您的名下；" + h.name + "在本平板重新登录后会自动上传。";
    });
    if (foreign) lines.unshift(foreign);
    el.textContent = lines.join("\n");
    el.hidden = lines.length === 0;
  }
  function hello() {
    var held = othersHeld().map(function (h) { return { judge_id: h.judge_id, marks: h.marks }; });
    socket.send(JSON.stringify({ type: "hello", judge_id: me.id, last_seq: lastSeq === null ? null : Number(lastSeq), held: held }));
  }
  function waiting(e, a) {
    for (var i = pending.length - 1; i >= 0; i--) {
      if (pending[i].entrant_id === e && pending[i].aspect_id === a) return pending[i];
    }
    return null;
  }

  function setLink(online) {
    var el = $("link");
    if (online) {
      store.removeItem(OFFLINE);
    } else if (!store.getItem(OFFLINE)) {
      store.setItem(OFFLINE, String(Date.now()));
    }
    var since = new Date(Number(store.getItem(OFFLINE) || Date.now()));
    var hhmm = ("0" + since.getHours()).slice(-2) + ":" + ("0" + since.getMinutes()).slice(-2);
    el.textContent = online ? "已连接" : "离线（自 " + hhmm + " 起）：分数保存在本机，恢复后自动上传";
    el.className = "link-state " + (online ? "online" : "offline");
  }

  // The server answers but the socket will not open: perhaps the session was ended while the
  // tablet was away. The marking page says so by redirecting to sign-in; then forget.
  function checkSession() {
    fetch("/judge/mark", { redirect: "manual", cache: "no-store", credentials: "same-origin" }).then(function (r) {
      if (r.type === "opaqueredirect" || r.status === 401 || r.status === 403) {
        forget();
        location.href = "/judge";
      }
    }, function () { /* still out of reach */ });
  }

  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/judge";
    socket = new WebSocket(url);
    socket.onopen = function () {
      backoff = 1000;
      opened = true;
      setLink(true);
      hello();
    };
    socket.onmessage = function (ev) { receive(JSON.parse(ev.data)); };
    socket.onclose = function () {
      if (!opened) checkSession();
      opened = false;
      setLink(false);
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    };
    socket.onerror = function () { socket.close(); };
  }

  // Everything still waiting is sent again; the server acknowledges a repeated op_id without
  // storing it twice.
  function flush() {
    if (foreign || !socket || socket.readyState !== 1) return;
    pending.forEach(function (m) { socket.send(JSON.stringify(m)); });
  }

  // The tablet was signed in for another judge under this page: stop sending, keep this judge's
  // marks, and load the page of the judge signed in now (once; a loop would hide the notice).
  function signedInElsewhere(name) {
    foreign = "此平板已改由" + (name || "另一位裁判") + "登录。本页属于" + me.name +
      "，其未上传的分数仍保存在本机，" + me.name + "重新登录后会自动上传。正在切换…";
    var last = Number(window.sessionStorage.getItem("jx-switched") || "0");
    if (Date.now() - last > 10000) {
      window.sessionStorage.setItem("jx-switched", String(Date.now()));
      setTimeout(function () { location.reload(); }, 1500);
    }
  }

  function receive(msg) {
    if (msg.type === "snapshot" && msg.judge.id !== me.id) {
      signedInElsewhere(msg.judge.name);
    } else if (msg.type === "snapshot") {
      if (msg.since === null) { saved = {}; corrected = {}; }
      msg.marks.forEach(function (m) {
        saved[key(m.entrant_id, m.aspect_id)] = m.value;
        corrected[key(m.entrant_id, m.aspect_id)] = m.corrected;
      });
      corrections = {};
      msg.corrections.forEach(function (c) { corrections[key(c.entrant_id, c.aspect_id)] = c; });
      snapshot = msg;
      lastSeq = String(msg.seq);
      keepSnapshot();
      $("who").textContent = msg.judge.name + " · " + msg.judge.event + " · 裁判组 " + msg.judge.panel;
      flush();
    } else if (msg.type === "ack") {
      pending = pending.filter(function (m) { return m.op_id !== msg.op_id; });
      persist();
      var done = sent[msg.op_id];
      if (done) {
        saved[key(done.entrant_id, done.aspect_id)] = msg.value;
        delete problems[key(done.entrant_id, done.aspect_id)];
        keepSnapshot();
      }
      if (msg.seq > Number(lastSeq || 0)) lastSeq = String(msg.seq);
    } else if (msg.type === "correction") {
      corrections[key(msg.entrant_id, msg.aspect_id)] = msg;
      delete problems[key(msg.entrant_id, msg.aspect_id)];
    } else if (msg.type === "error") {
      if (msg.code === "session_ended") { forget(); location.href = "/judge"; return; }
      // Not this socket's judge: the mark stays here, waiting for its own judge.
      if (msg.code === "wrong_judge") {
        if (!foreign) signedInElsewhere(null);
        render();
        return;
      }
      // A refused mark is dropped with its reason; a server hiccup ("internal") is kept and resent.
      if (msg.op_id && msg.code !== "internal") {
        var refused = null;
        pending = pending.filter(function (m) {
          if (m.op_id === msg.op_id) { refused = m; return false; }
          return true;
        });
        persist();
        if (refused) problems[key(refused.entrant_id, refused.aspect_id)] = msg.message;
      }
    }
    render();
  }

  function isFinal(aspect) { return snapshot.locked || aspect.final; }

  // A final mark (locked, or its module signed off) changes only by a correction: with a reason,
  // while online, and only once the chief judge approves it.
  function askCorrection(entrant, aspect, value) {
    var k = key(entrant, aspect.id);
    if (!socket || socket.readyState !== 1) { problems[k] = "更正须在联网时提交"; render(); return; }
    if (foreign) { problems[k] = foreign; render(); return; }
    var reason = (window.prompt("该分数已确认，更正须经裁判长批准。请填写更正理由：") || "").trim();
    if (reason.length < 2) { problems[k] = "更正须写明理由"; render(); return; }
    counter += 1;
    persist();
    socket.send(JSON.stringify({ type: "correction", judge_id: me.id, op_id: device + "-c" + Date.now() + "-" + counter, entrant_id: entrant, aspect_id: aspect.id, value: value, reason: reason }));
  }

  function submit(entrant, aspect, value) {
    if (isFinal(aspect)) { askCorrection(entrant, aspect, value); return; }
    counter += 1;
    var m = { type: "mark", judge_id: me.id, op_id: device + "-" + Date.now() + "-" + counter, entrant_id: entrant, aspect_id: aspect.id, value: value };
    // A newer mark for the same aspect replaces one still waiting.
    pending = pending.filter(function (p) { return !(p.entrant_id === entrant && p.aspect_id === aspect.id); });
    pending.push(m);
    sent[m.op_id] = m;
    delete problems[key(entrant, aspect.id)];
    persist();
    if (!foreign && socket && socket.readyState === 1) socket.send(JSON.stringify(m));
    render();
  }

  // The same checks the server makes, so a typo is caught at once.
  function check(aspect, text) {
    if (!/^\d+(\.\d{1,4})?$/.test(text)) return "请输入数字";
    var v = Number(text), max = Number(aspect.max), step = Number(aspect.step || 1);
    if (aspect.kind !== "deduction" && (v < 0 || v > max)) return "分数须在 0 到 " + aspect.max + " 之间";
    var ratio = v / step;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9) return "分数须为 " + aspect.step + " 的整数倍";
    return null;
  }

  function button(label, cls, onclick) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.className = cls; b.onclick = onclick;
    return b;
  }

  // A mark as the judge gave it: 合格/不合格 for a pass-or-fail aspect, else the number.
  function shown(aspect, value) {
    if (aspect.kind === "pass_fail") return Number(value) === 1 ? "合格" : "不合格";
    return String(value);
  }

  function stateOf(e, aspect) {
    var a = aspect.id;
    var w = waiting(e, a), c = corrections[key(e, a)], v = saved[key(e, a)];
    if (problems[key(e, a)]) return { cls: "refused", text: "未保存：" + problems[key(e, a)] };
    if (c && c.status === "pending") return { cls: "waiting", text: "更正待裁判长批准（改为 " + shown(aspect, c.value) + "）" };
    if (c && c.status === "rejected") return { cls: "refused", text: "更正被驳回，仍为 " + shown(aspect, v) + (c.note ? "：" + c.note : "") };
    if (v !== undefined && corrected[key(e, a)]) return { cls: "saved", text: "✓ 已更正为 " + shown(aspect, v) };
    if (w) return { cls: "waiting", text: "等待上传（" + shown(aspect, w.value) + "）" };
    if (v !== undefined) return { cls: "saved", text: "✓ 已保存 " + shown(aspect, v) };
    return { cls: "empty", text: "未评" };
  }

  // How many of this judge's marks are in (acknowledged) for an entrant, and for an aspect.
  function doneFor(e) {
    return snapshot.aspects.filter(function (a) { return saved[key(e.id, a.id)] !== undefined && !waiting(e.id, a.id); }).length;
  }
  function doneOn(a) {
    return snapshot.entrants.filter(function (e) { return saved[key(e.id, a.id)] !== undefined && !waiting(e.id, a.id); }).length;
  }
  function complete(x) {
    return mode === "aspect" ? doneOn(x) === snapshot.entrants.length : doneFor(x) === snapshot.aspects.length;
  }
  // The next item (entrant, or aspect) still to mark after `from`, going round; null when all are.
  function nextOpen(from) {
    var items = mode === "aspect" ? snapshot.aspects : snapshot.entrants;
    var at = -1;
    items.forEach(function (x, i) { if (x.id === from) at = i; });
    for (var k = 1; k <= items.length; k++) {
      var x = items[(at + k + items.length) % items.length];
      if (x.id !== from && !complete(x)) return x;
    }
    return null;
  }

  // The tiles and the sheet are built once (per shape of the snapshot, per entrant chosen);
  // later messages only update labels and states, so a value being typed is never wiped and a
  // tile tapped while the page drawn from the kept snapshot meets the server's fresh one (the
  // same entrants and aspects) is not replaced under the finger.
  var built = { shape: null, entrant: null, mode: null };
  function shapeOf(s) {
    return JSON.stringify([s.locked,
      s.entrants.map(function (e) { return [e.id, e.blind_code, e.station]; }),
      s.aspects.map(function (a) { return [a.id, a.code, a.name, a.kind, a.max, a.step, a.final]; })]);
  }

  function render() {
    $("pending").textContent = pending.length ? pending.length + " 条分数等待上传" : "";
    showHeld();
    showMode();
    if (!snapshot) return;
    var shape = shapeOf(snapshot);
    if (built.shape !== shape || built.mode !== mode) {
      buildTiles(); built.shape = shape; built.mode = mode; built.entrant = undefined;
    }
    // Nothing chosen yet: the first entrant (or aspect) still to mark opens by itself.
    if (current === null) {
      var items = mode === "aspect" ? snapshot.aspects : snapshot.entrants;
      var first = items.filter(function (x) { return !complete(x); })[0] || items[0];
      if (first) { current = first.id; revealTile = true; }
    }
    if (built.entrant !== current) { buildSheet(); built.entrant = current; }
    refresh();
    if (revealTile) { revealTile = false; reveal(); }
    cue();
  }

  // Scroll the tile strip (not the page) so the chosen tile is in it.
  var revealTile = false;
  function reveal() {
    var strip = $("entrants");
    var t = strip.querySelector(".tile.current");
    if (!t) return;
    var s = strip.getBoundingClientRect(), r = t.getBoundingClientRect();
    if (r.right > s.right) strip.scrollLeft += r.right - s.right + 8;
    if (r.left < s.left) strip.scrollLeft -= s.left - r.left + 8;
    if (r.bottom > s.bottom) strip.scrollTop += r.bottom - s.bottom + 8;
    if (r.top < s.top) strip.scrollTop -= s.top - r.top + 8;
  }

  // A strip that holds more than it shows says so (a tablet has no scroll bar to see): a fade
  // at the edge where more waits, and a line under it saying how to reach the rest.
  function cue() {
    var strip = $("entrants"), note = $("strip-cue");
    var across = strip.scrollWidth > strip.clientWidth + 2;
    var down = !across && strip.scrollHeight > strip.clientHeight + 2 && getComputedStyle(strip).overflowY !== "visible";
    var count = (mode === "aspect" ? snapshot.aspects.length + " 个评分项" : snapshot.entrants.length + " 位选手");
    var cls = "tiles";
    if (across) {
      if (strip.scrollLeft > 2) cls += " more-left";
      if (strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 2) cls += " more-right";
      note.textContent = "← 左右滑动查看全部 " + count + " →";
    } else if (down) {
      if (strip.scrollTop > 2) cls += " more-up";
      if (strip.scrollTop + strip.clientHeight < strip.scrollHeight - 2) cls += " more-down";
      note.textContent = "↕ 上下滑动查看全部 " + count;
    }
    strip.className = cls;
    note.hidden = !(across || down);
  }
  $("entrants").addEventListener("scroll", function () { if (snapshot) cue(); }, { passive: true });
  window.addEventListener("resize", function () { if (snapshot) { cue(); reveal(); } });

  function showMode() {
    Array.prototype.forEach.call(document.querySelectorAll("button.mode"), function (b) {
      var on = b.getAttribute("data-mode") === mode;
      b.className = "mode" + (on ? " chosen" : "");
      b.setAttribute("aria-pressed", String(on));
    });
    body.setAttribute("data-mode", mode);
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.mode"), function (b) {
    b.onclick = function () {
      var m = b.getAttribute("data-mode");
      if (m === mode) return;
      mode = m; store.setItem(modeKey, mode); current = null; render();
    };
  });

  function entrantLabel(e) {
    return (e.blind_code ? "加密号 " + e.blind_code : "未抽签") + (e.station ? "（" + e.station + " 号工位）" : "");
  }

  function buildTiles() {
    var tiles = $("entrants");
    tiles.innerHTML = "";
    tiles.setAttribute("aria-label", mode === "aspect" ? "评分项" : "选手（加密号）");
    var items = mode === "aspect" ? snapshot.aspects : snapshot.entrants;
    items.forEach(function (x) {
      var t = button("", "tile", function () { current = x.id; render(); });
      t.setAttribute(mode === "aspect" ? "data-aspect" : "data-entrant", x.id);
      tiles.appendChild(t);
    });
  }

  // The sheet: by entrant, one row per aspect; by aspect, one row per entrant.
  function buildSheet() {
    var sheet = $("sheet");
    var list = $("aspects");
    list.innerHTML = "";
    var pairs;
    if (mode === "aspect") {
      var aspect = snapshot.aspects.filter(function (a) { return a.id === current; })[0];
      if (!aspect) { sheet.hidden = true; return; }
      $("sheet-title").textContent = aspect.code + " " + aspect.name + "（满分 " + aspect.max + "）" + (isFinal(aspect) ? " · 已确认，修改须更正" : "");
      pairs = snapshot.entrants.map(function (e) { return [e, aspect, entrantLabel(e)]; });
    } else {
      var entrant = snapshot.entrants.filter(function (e) { return e.id === current; })[0];
      if (!entrant) { sheet.hidden = true; return; }
      $("sheet-title").textContent = entrantLabel(entrant);
      pairs = snapshot.aspects.map(function (a) {
        return [entrant, a, a.code + " " + a.name + "（满分 " + a.max + "）" + (isFinal(a) ? " · 已确认，修改须更正" : "")];
      });
    }
    sheet.hidden = false;
    pairs.forEach(function (pair) {
      var entrant = pair[0], a = pair[1];
      var row = document.createElement("div");
      row.className = "aspect";
      row.setAttribute("data-aspect", a.id);
      row.setAttribute("data-entrant", entrant.id);
      var title = document.createElement("div");
      title.className = "aspect-title";
      title.textContent = pair[2];
      row.appendChild(title);
      var controls = document.createElement("div");
      controls.className = "controls";
      var choices = a.kind === "scale" ? [["0", "0"], ["1", "1"], ["2", "2"], ["3", "3"]]
        : a.kind === "pass_fail" ? [["1", "合格"], ["0", "不合格"]] : null;
      if (choices) {
        choices.forEach(function (c) {
          var b = button(c[1], "grade", function () { submit(entrant.id, a, c[0]); });
          b.setAttribute("data-value", c[0]);
          controls.appendChild(b);
        });
      } else {
        var input = document.createElement("input");
        input.inputMode = "decimal"; input.className = "mark-input";
        input.setAttribute("aria-label", (mode === "aspect" ? (entrant.blind_code || "") + " " : "") + a.code + (a.kind === "deduction" ? " 扣分" : " 分数"));
        var w = waiting(entrant.id, a.id);
        var shown = w ? w.value : saved[key(entrant.id, a.id)];
        input.value = shown === undefined ? "" : shown;
        var note = document.createElement("span");
        note.className = "hint";
        note.textContent = (a.kind === "deduction" ? "扣分，" : "") + "步长 " + (a.step || "1");
        var save = function () {
          var problem = check(a, input.value.trim());
          if (problem) { problems[key(entrant.id, a.id)] = problem; render(); return; }
          submit(entrant.id, a, input.value.trim());
        };
        // By aspect, Enter saves and moves to the next entrant's field.
        input.onkeydown = function (ev) {
          if (ev.key !== "Enter") return;
          save();
          var fields = Array.prototype.slice.call(list.querySelectorAll("input.mark-input"));
          var next = fields[fields.indexOf(input) + 1];
          if (next) next.focus();
        };
        controls.appendChild(input);
        controls.appendChild(button("保存", "save", save));
        controls.appendChild(note);
      }
      row.appendChild(controls);
      var status = document.createElement("div");
      status.className = "mark-state";
      row.appendChild(status);
      list.appendChild(row);
    });
  }

  function refresh() {
    if (mode === "aspect") {
      snapshot.aspects.forEach(function (a) {
        var t = document.querySelector('.tile[data-aspect="' + a.id + '"]');
        if (!t) return;
        var done = doneOn(a);
        t.textContent = a.code + " " + a.name + "\n" + done + "/" + snapshot.entrants.length;
        t.className = "tile" + (done === snapshot.entrants.length ? " complete" : "") + (current === a.id ? " current" : "");
      });
    } else {
      snapshot.entrants.forEach(function (e) {
        var t = document.querySelector('.tile[data-entrant="' + e.id + '"]');
        if (!t) return;
        var done = doneFor(e);
        t.textContent = (e.blind_code || "未抽签") + "\n" + (e.station ? e.station + " 号工位 · " : "") + done + "/" + snapshot.aspects.length;
        t.className = "tile" + (done === snapshot.aspects.length ? " complete" : "") + (current === e.id ? " current" : "");
      });
    }
    // Always in view (the header stays at the top): how many entrants this judge has finished.
    var finished = snapshot.entrants.filter(function (e) { return doneFor(e) === snapshot.aspects.length; }).length;
    $("progress").textContent = "已评 " + finished + "/" + snapshot.entrants.length;
    $("progress").className = "progress" + (finished === snapshot.entrants.length && finished > 0 ? " all" : "");
    var after = current === null ? null : nextOpen(current);
    var next = $("next");
    next.hidden = !after;
    if (after) {
      next.textContent = (mode === "aspect" ? "下一个未评完的评分项：" + after.code + " " + after.name : "下一位未评完：" + (after.blind_code || "未抽签")) + " →";
      next.onclick = function () { current = after.id; revealTile = true; render(); window.scrollTo(0, 0); };
    }
    if (current === null) return;
    var aspects = {};
    snapshot.aspects.forEach(function (x) { aspects[x.id] = x; });
    Array.prototype.forEach.call(document.querySelectorAll("#aspects .aspect"), function (row) {
      var e = Number(row.getAttribute("data-entrant")), a = Number(row.getAttribute("data-aspect"));
      var w = waiting(e, a);
      var value = w ? w.value : saved[key(e, a)];
      Array.prototype.forEach.call(row.querySelectorAll("button.grade"), function (b) {
        b.className = "grade" + (value !== undefined && Number(b.getAttribute("data-value")) === Number(value) ? " chosen" : "");
      });
      var st = stateOf(e, aspects[a]);
      var status = row.querySelector(".mark-state");
      status.className = "mark-state " + st.cls;
      status.textContent = st.text;
    });
  }

  // While a correction waits for the chief judge, ask now and then for what changed.
  setInterval(function () {
    var open = Object.keys(corrections).some(function (k) { return corrections[k].status === "pending"; });
    if (open && !foreign && socket && socket.readyState === 1) hello();
  }, 15000);

  // Another tab on this tablet may change what is waiting.
  window.addEventListener("storage", function () { render(); });

  // Offline (or not yet connected): the page draws what it kept from the last snapshot.
  try {
    var kept = JSON.parse(store.getItem(snapKey) || "null");
    if (kept && kept.snapshot && kept.snapshot.judge && kept.snapshot.judge.id === me.id) {
      snapshot = kept.snapshot;
      saved = kept.saved || {};
      corrected = kept.corrected || {};
      $("who").textContent = snapshot.judge.name + " · " + snapshot.judge.event + " · 裁判组 " + snapshot.judge.panel;
    }
  } catch (e) { store.removeItem(snapKey); }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/judge/sw.js", { scope: "/judge/" }).catch(function () { /* no offline page */ });
  }

  setLink(false);
  render();
  connect();
})();
