// The pages' small behaviours, from data attributes instead of inline handlers, so the
// Content-Security-Policy can refuse every inline script.
(function () {
  'use strict';
  // <form data-confirm="…">: ask before sending.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
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
  // The chief judge's picture moves as judges mark: reload now and then, but never under a
  // finger that is typing a note.
  var every = document.body && document.body.getAttribute('data-reload-seconds');
  if (every) {
    setInterval(function () {
      var a = document.activeElement;
      if (!a || (a.tagName !== 'INPUT' && a.tagName !== 'TEXTAREA')) location.reload();
    }, Number(every) * 1000);
  }
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
