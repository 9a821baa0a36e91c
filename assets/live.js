// 匠心 live board: follows /ws/live/{event} (docs/protocol.md). The page already shows the
// ranking as the server rendered it; this keeps it moving, says when the connection is lost,
// and catches up (or takes a fresh snapshot) when it returns.
(function () {
  "use strict";
  var boards = Array.prototype.slice.call(document.querySelectorAll(".live-board"));
  var state = document.querySelector(".live-state");
  var open = 0;

  function showState() {
    var all = open === boards.length && boards.length > 0;
    state.textContent = all ? "实时连接" : "连接中断，正在重新连接…";
    state.className = "link-state live-state " + (all ? "online" : "offline");
  }

  function cell(tr, cls, text) {
    var td = document.createElement("td");
    td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function movement(m) {
    if (m > 0) return ["▲" + m, "up"];
    if (m < 0) return ["▼" + (-m), "down"];
    return ["–", "same"];
  }

  function rowOf(r, anonymous, awards) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-entrant", r.entrant);
    if (r.marking) tr.className = "marking";
    cell(tr, "rank", r.rank === null ? "" : String(r.rank));
    var name = cell(tr, "name", r.name);
    if (r.marking) { var t = document.createElement("span"); t.className = "tag"; t.textContent = "评分中"; name.appendChild(document.createTextNode(" ")); name.appendChild(t); }
    if (r.status) { var s = document.createElement("span"); s.className = "tag off"; s.textContent = r.status; name.appendChild(document.createTextNode(" ")); name.appendChild(s); }
    if (!anonymous) cell(tr, "org", r.organisation);
    cell(tr, "num total", r.total);
    if (awards) cell(tr, "award", r.award || "");
    var mv = movement(r.movement);
    cell(tr, "move " + mv[1], mv[0]);
    return tr;
  }

  function Board(section) {
    this.section = section;
    this.event = section.getAttribute("data-event");
    this.stream = section.getAttribute("data-stream");
    this.seq = Number(section.getAttribute("data-seq"));
    this.rows = null; // entrant id -> row, once a snapshot has arrived
    this.anonymous = section.querySelector("table.board").getAttribute("data-anonymous") === "true";
    this.backoff = 1000;
    this.connected = false;
    this.connect();
  }

  Board.prototype.connect = function () {
    var self = this;
    // The first connection asks for a snapshot (the page's table is only text); later ones
    // name what they have seen and get only what they missed.
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/live/" + this.event +
      (this.rows ? "?stream=" + encodeURIComponent(this.stream) + "&since=" + this.seq : "");
    var ws = new WebSocket(url);
    ws.onopen = function () { self.backoff = 1000; self.connected = true; open += 1; showState(); };
    ws.onmessage = function (ev) { self.receive(JSON.parse(ev.data)); };
    ws.onclose = function () {
      if (self.connected) { open -= 1; self.connected = false; }
      showState();
      setTimeout(function () { self.connect(); }, self.backoff);
      self.backoff = Math.min(self.backoff * 2, 8000);
    };
    ws.onerror = function () { ws.close(); };
  };

  // An update (docs/protocol.md) names the rows whose total, marking or status changed, the
  // order when it changed and the ranks down the board, as [first, count] runs, when they
  // changed; a row whose rank changed moved by the difference (as the server counts it).
  Board.prototype.receive = function (msg) {
    var self = this;
    if (msg.type === "snapshot") {
      this.stream = msg.stream;
      this.anonymous = msg.anonymous;
      this.rows = {};
      msg.rows.forEach(function (r) { self.rows[r.entrant] = r; });
      this.order = msg.rows.map(function (r) { return r.entrant; });
      this.ranks = msg.rows.map(function (r) { return r.rank; });
      this.facts(msg);
    } else if (msg.type === "update") {
      if (!this.rows || msg.stream !== this.stream || msg.seq !== this.seq + 1) return; // a snapshot follows
      msg.rows.forEach(function (c) {
        var r = self.rows[c.entrant];
        if (r) { r.total = c.total; r.marking = c.marking; r.status = c.status; }
      });
      if (msg.order) this.order = msg.order;
      if (msg.ranks) {
        this.ranks = [];
        msg.ranks.forEach(function (run) {
          for (var i = 0; i < run[1]; i++) self.ranks.push(run[0] === null ? null : run[0] + i);
        });
      }
      this.order.forEach(function (id, place) {
        var r = self.rows[id], rank = self.ranks[place];
        if (!r || rank === undefined || r.rank === rank) return;
        r.movement = r.rank !== null && rank !== null ? r.rank - rank : 0;
        r.rank = rank;
      });
    } else {
      return;
    }
    this.seq = msg.seq;
    this.section.setAttribute("data-seq", String(msg.seq));
    this.section.querySelector(".updated").textContent = msg.at;
    this.render();
  };

  Board.prototype.facts = function (msg) {
    var frozen = this.section.querySelector(".frozen");
    if (frozen) frozen.textContent = msg.frozen_at ? "排名已于 " + msg.frozen_at + " 冻结，成绩公布后更新" : "";
    var basis = this.section.querySelector(".basis");
    if (basis) basis.textContent = msg.confirmed_only ? "仅计裁判长确认的分数" : "计入已提交的分数";
  };

  Board.prototype.render = function () {
    var self = this;
    var table = document.createElement("table");
    table.className = "board";
    table.setAttribute("data-anonymous", String(this.anonymous));
    // Once the results are final every awarded row names its award: a 奖项 column.
    var awards = this.order.some(function (id) { return self.rows[id] && self.rows[id].award; });
    var head = document.createElement("tr");
    ["名次", this.anonymous ? "选手（加密号）" : "选手"].concat(this.anonymous ? [] : ["单位"]).concat(["总分"])
      .concat(awards ? ["奖项"] : []).concat(["变化"])
      .forEach(function (h, i, all) {
        var th = document.createElement("th");
        th.textContent = h;
        th.className = i === 0 ? "rank" : (h === "单位" ? "org" : (h === "总分" ? "num" : (h === "奖项" ? "award" : (i === all.length - 1 ? "move" : ""))));
        head.appendChild(th);
      });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = document.createElement("tbody");
    var marking = 0;
    this.order.forEach(function (id) {
      var r = self.rows[id];
      if (!r) return;
      if (r.marking) marking += 1;
      body.appendChild(rowOf(r, self.anonymous, awards));
    });
    table.appendChild(body);
    var holder = this.section.querySelector(".rows");
    holder.innerHTML = "";
    holder.appendChild(table);
    this.section.querySelector(".marking-count").textContent = marking ? marking + " 名选手评分中" : "";
    this.leaders();
    if (this.rendered) this.rendered();
  };

  // The phone page keeps its first three places in view: a bar pinned to the top of the
  // screen, shown once their rows have scrolled away, follows every update.
  Board.prototype.leaders = function () {
    var list = this.section.querySelector(".leaders");
    if (!list) return;
    var self = this, top = [];
    this.order.forEach(function (id) {
      var r = self.rows[id];
      if (r && r.rank !== null && top.length < 3) top.push(r);
    });
    list.innerHTML = "";
    top.forEach(function (r) {
      var li = document.createElement("li");
      var b = document.createElement("b");
      b.textContent = String(r.rank);
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = r.name;
      var total = document.createElement("span");
      total.className = "num";
      total.textContent = r.total;
      [b, name, total].forEach(function (n, i) { if (i) li.appendChild(document.createTextNode(" ")); li.appendChild(n); });
      list.appendChild(li);
    });
    pin(this.section);
  };

  function pin(section) {
    var list = section.querySelector(".leaders");
    if (!list) return;
    var rows = section.querySelectorAll("tbody tr");
    var last = rows[Math.min(2, rows.length - 1)];
    list.hidden = !list.children.length || !last || last.getBoundingClientRect().bottom > 0;
  }

  boards = boards.map(function (s) { return new Board(s); });
  showState();
  window.addEventListener("scroll", function () { boards.forEach(function (b) { pin(b.section); }); }, { passive: true });

  // The hall screen shows one event at a time and as many rows as fit; pages of rows turn on a
  // timer (`?turn=` seconds, 8 by default), then the next event.
  var screen = document.body.classList.contains("screen");
  var shown = 0, page = 0;
  var turn = Number(new URLSearchParams(location.search).get("turn")) || 8;

  function podium(section) {
    Array.prototype.forEach.call(section.querySelectorAll("tbody tr"), function (tr) {
      var rank = Number((tr.querySelector("td.rank") || {}).textContent);
      var place = ["", "first", "second", "third"][rank] || "";
      tr.classList.toggle("podium", place !== "");
      ["first", "second", "third"].forEach(function (p) { tr.classList.toggle(p, p === place); });
    });
  }

  // Shows the current page of the shown board; answers how many pages it has.
  function paginate() {
    if (!boards.length) return 1;
    var section = boards[shown].section;
    podium(section);
    var holder = section.querySelector(".rows");
    var all = Array.prototype.slice.call(section.querySelectorAll("tbody tr"));
    var label = section.querySelector(".page");
    // The hall shows the entrants who have a total; those still without one are one line in the
    // facts ("另有 12 名选手尚未出分") instead of pages of dashes. Before any total, everyone.
    var scored = all.filter(function (tr) {
      var t = tr.querySelector("td.total");
      var text = t ? t.textContent.trim() : "";
      return text !== "" && text !== "—";
    });
    var rows = scored.length ? scored : all;
    var waiting = section.querySelector(".waiting-count");
    if (waiting) waiting.textContent = scored.length && all.length > scored.length ? "另有 " + (all.length - scored.length) + " 名选手尚未出分" : "";
    all.forEach(function (tr) { tr.classList.toggle("paged-out", rows.indexOf(tr) < 0); });
    if (!rows.length) { label.textContent = ""; return 1; }
    var head = section.querySelector("thead");
    var room = holder.clientHeight - (head ? head.offsetHeight : 0);
    var per = Math.max(1, Math.floor(room / rows[0].offsetHeight));
    var pages = Math.ceil(rows.length / per);
    if (page >= pages) page = 0;
    rows.forEach(function (tr, i) { tr.classList.toggle("paged-out", Math.floor(i / per) !== page); });
    label.textContent = pages > 1 ? "第 " + (page + 1) + "/" + pages + " 页" : "";
    return pages;
  }

  if (screen) {
    Board.prototype.rendered = function () { if (boards[shown] === this) paginate(); };
    paginate();
    window.addEventListener("resize", paginate);
    setInterval(function () {
      var pages = paginate();
      if (page + 1 < pages) {
        page += 1;
      } else {
        page = 0;
        if (boards.length > 1) {
          boards[shown].section.classList.remove("shown");
          shown = (shown + 1) % boards.length;
          boards[shown].section.classList.add("shown");
        }
      }
      paginate();
    }, turn * 1000);
  }
})();
