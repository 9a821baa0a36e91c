// The pages' small behaviours, from data attributes instead of inline handlers, so the
// Content-Security-Policy can refuse every inline script.
(function () {
  'use strict';
  // <form data-confirm="…">: ask before sending.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
    // <form data-step-form>: a bulk step on reward lines says how many lines and how much money
    // before it goes ("复核 12 条明细，合计 1,234,000.00 元？"); sums are added in fen, exactly.
    var button = e.submitter;
    var verb = form.hasAttribute && form.hasAttribute('data-step-form') && button && button.getAttribute('data-step');
    if (verb && !e.defaultPrevented) {
      var ticked = form.querySelectorAll('input[name="id"]:checked');
      if (!ticked.length) { e.preventDefault(); window.alert('请先勾选要' + verb + '的明细。'); return; }
      var fen = 0;
      ticked.forEach(function (b) { fen += Number(b.getAttribute('data-fen')) || 0; });
      var whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      var cents = String(fen % 100).padStart(2, '0');
      if (!window.confirm(verb + ' ' + ticked.length + ' 条明细，合计 ' + whole + '.' + cents + ' 元？')) e.preventDefault();
    }
  }, true);
  document.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-print]') : null;
    if (el) { e.preventDefault(); window.print(); }
  });
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (el.hasAttribute && el.hasAttribute('data-autosubmit') && el.form) el.form.submit();
    // <input type=checkbox data-select-all="id">: ticks every box of that name in its form.
    var name = el.getAttribute && el.getAttribute('data-select-all');
    if (name && el.form) {
      el.form.querySelectorAll('input[name="' + name + '"]').forEach(function (b) { b.checked = el.checked; });
    }
  });
  // The chief judge's picture moves as judges mark. The page asks for itself every few seconds
  // and never reloads under the chief's finger: after a quiet spell (no touch, key or scroll
  // for 20 s, no field in use) the new picture replaces the old in place, where the chief was
  // looking; otherwise a bar says that marks have changed and the chief refreshes when ready.
  var every = document.body && Number(document.body.getAttribute('data-refresh-seconds'));
  var main = document.querySelector('main');
  if (every && main && window.DOMParser) {
    var shownHtml = main.innerHTML;
    var touched = Date.now();
    ['pointerdown', 'keydown', 'scroll', 'wheel', 'touchstart'].forEach(function (kind) {
      window.addEventListener(kind, function () { touched = Date.now(); }, {passive: true, capture: true});
    });
    var bar = document.getElementById('fresh');
    var busy = function () {
      var a = document.activeElement;
      return Date.now() - touched < 20000 || (a && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)) ||
        main.querySelector('details[open]');
    };
    var look = function () {
      fetch(location.href, {credentials: 'same-origin', cache: 'no-store', redirect: 'manual'}).then(function (r) {
        if (r.type === 'opaqueredirect' || r.status === 401 || r.status === 403) { location.reload(); return null; }
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
        if (!fresh || fresh.innerHTML === shownHtml) { if (bar) bar.hidden = true; return; }
        if (busy()) { if (bar) bar.hidden = false; return; }
        var x = window.scrollX, y = window.scrollY;
        main.innerHTML = fresh.innerHTML;
        shownHtml = fresh.innerHTML;
        window.scrollTo(x, y);
        if (bar) bar.hidden = true;
      }).catch(function () { /* out of reach: try again next time */ }).then(function () {
        setTimeout(look, every * 1000);
      });
    };
    setTimeout(look, every * 1000);
  }
  // <div data-tabs> with <nav> links to its parts (#scheme, #judges …): one part at a time.
  // The part shown is the one in the address, else the one last used on this page (so a form
  // sent from 裁判 comes back to 裁判), else the first. Without JavaScript every part shows.
  var tabbed = document.querySelector('[data-tabs]');
  if (tabbed) {
    var panes = tabbed.querySelectorAll('[data-tab]');
    var tabLinks = document.querySelectorAll('a[data-tab-link]');
    var tabKey = 'jx-tab:' + location.pathname;
    var showTab = function (name) {
      var found = false;
      panes.forEach(function (p) { if (p.getAttribute('data-tab') === name) found = true; });
      if (!found) return false;
      panes.forEach(function (p) { p.hidden = p.getAttribute('data-tab') !== name; });
      tabLinks.forEach(function (a) {
        if (a.getAttribute('href') === '#' + name) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      });
      try { sessionStorage.setItem(tabKey, name); } catch (e) { /* private mode */ }
      return true;
    };
    tabLinks.forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        var name = a.getAttribute('href').slice(1);
        if (showTab(name)) history.replaceState(null, '', '#' + name);
      });
    });
    window.addEventListener('hashchange', function () { showTab(location.hash.slice(1)); });
    document.addEventListener('submit', function (e) {
      var pane = e.target.closest && e.target.closest('[data-tab]');
      if (pane) try { sessionStorage.setItem(tabKey, pane.getAttribute('data-tab')); } catch (x) { /* private mode */ }
    }, true);
    var kept = null;
    try { kept = sessionStorage.getItem(tabKey); } catch (e) { kept = null; }
    showTab(location.hash.slice(1)) || (kept && showTab(kept)) || showTab(panes[0].getAttribute('data-tab'));
  }
  // <input data-filter="table-id">: shows only the rows whose text has what is typed, and says
  // how many ("显示 3 / 24").
  document.querySelectorAll('input[data-filter]').forEach(function (box) {
    var id = box.getAttribute('data-filter');
    var table = document.getElementById(id);
    var count = document.querySelector('[data-filter-count="' + id + '"]');
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    var apply = function () {
      var q = box.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) shown += 1;
      });
      if (count) count.textContent = q ? '显示 ' + shown + ' / ' + rows.length : '共 ' + rows.length + ' 名';
    };
    box.addEventListener('input', apply);
    apply();
  });
  // The certificate batch's progress.
  var box = document.getElementById('batch');
  if (box && box.dataset.progress) {
    var bar = document.getElementById('bar');
    var status = document.getElementById('status');
    var poll = function () {
      fetch(box.dataset.progress, {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (p) {
        bar.max = p.total; bar.value = p.done;
        if (p.state === 'done') {
          status.textContent = '已完成，共 ' + p.total + ' 张。';
          document.getElementById('ready').hidden = false;
        } else if (p.state === 'failed') {
          status.textContent = '生成失败：' + (p.error || '');
        } else {
          status.textContent = '已生成 ' + p.done + ' / ' + p.total + ' 张……';
          setTimeout(poll, 700);
        }
      }).catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
})();
