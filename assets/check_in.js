// 检录 at the door: the form goes through the JSON API, and what could not be sent (the Wi-Fi
// dropped) waits in localStorage and goes when the network is back — checking in twice is
// harmless, the server answers with the first time. Without this script the form still works.
(function () {
  'use strict';
  var door = document.querySelector('[data-door]');
  if (!door) return;
  var event = door.getAttribute('data-door');
  var csrf = door.getAttribute('data-csrf');
  var form = door.querySelector('[data-door-form]');
  var input = form.querySelector('input[name="key"]');
  var stationInput = form.querySelector('input[name="station"]');
  var answer = door.querySelector('[data-door-answer]');
  var queueNote = door.querySelector('[data-door-queue]');
  var count = door.querySelector('[data-door-count]');
  var storeKey = 'jx-door-' + event;
  var sending = false;

  function queue() {
    try { return JSON.parse(localStorage.getItem(storeKey) || '[]'); } catch (e) { return []; }
  }
  function save(q) { localStorage.setItem(storeKey, JSON.stringify(q)); showQueue(q); }
  function showQueue(q) {
    if (q.length) {
      queueNote.hidden = false;
      queueNote.textContent = '网络中断：' + q.length + ' 条检录待发送（' +
        q.map(function (i) { return i.key; }).join('、') + '），恢复后自动发送';
    } else {
      queueNote.hidden = true;
      queueNote.textContent = '';
    }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function show(body, key) {
    answer.textContent = '';
    if (body && body.entry_no !== undefined) {
      var box = el('div', 'door-ok' + (body.already ? ' door-again' : ''));
      box.appendChild(el('p', 'door-no', body.entry_no + ' 号' + (body.station ? ' · ' + body.station + ' 号工位' : '')));
      box.appendChild(el('p', 'door-name', body.name));
      box.appendChild(el('p', '', body.organisation));
      box.appendChild(el('p', '', body.already ? '此前已检录' : '检录成功'));
      answer.appendChild(box);
    } else {
      var bad = el('div', 'door-refused');
      var message = body && body.error ? body.error.message : '检录失败';
      bad.appendChild(el('p', '', key + '：' + message));
      answer.appendChild(bad);
    }
  }
  function refreshCount() {
    fetch('/api/v1/events/' + event + '/check-in', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (!c || !count) return;
        count.textContent = '';
        count.appendChild(document.createTextNode('已检录 '));
        count.appendChild(el('b', '', String(c.checked_in)));
        count.appendChild(document.createTextNode(' / ' + c.entrants + (c.absent ? ' · 缺赛 ' + c.absent : '')));
        var summary = door.querySelector('[data-door-waiting-count]');
        var list = door.querySelector('[data-door-waiting]');
        var absent = door.querySelector('[data-door-absent]');
        if (summary) summary.textContent = '尚未检录 ' + c.waiting.length + ' 人';
        if (list) list.textContent = c.waiting.join(' ');
        if (absent) absent.setAttribute('data-confirm', '把尚未检录的 ' + c.waiting.length +
          ' 名选手记为缺赛？他们将离开裁判名单与排名，撤销须由裁判长写明理由。');
      }).catch(function () {});
  }
  // Sends the waiting check-ins in order; stops at the first that cannot reach the server.
  function flush() {
    if (sending) return;
    var q = queue();
    if (!q.length) return;
    sending = true;
    var item = q[0];
    fetch('/api/v1/events/' + event + '/check-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(item.station ? { key: item.key, station: item.station } : { key: item.key })
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) {
        sending = false;
        if (r.status >= 500) { showQueue(queue()); return; }
        save(queue().slice(1));
        show(body, item.key);
        refreshCount();
        flush();
      });
    }).catch(function () {
      sending = false;
      showQueue(queue());
    });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var key = input.value.trim();
    if (!key) return;
    var q = queue();
    var station = stationInput && stationInput.value.trim() ? parseInt(stationInput.value, 10) : null;
    q.push({ key: key, station: station, at: Date.now() });
    save(q);
    input.value = '';
    if (stationInput) stationInput.value = '';
    input.focus();
    flush();
  });
  window.addEventListener('online', flush);
  setInterval(flush, 3000);
  showQueue(queue());
  flush();
})();
