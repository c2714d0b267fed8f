// mtbrief review page: every click is saved at once; the server renders the text (escaped) and
// this script only swaps it in, maps a selection to source offsets and sends small JSON requests.
'use strict';
(function () {
  const body = document.body;
  const doc = body.dataset.doc;
  const $ = (s) => document.querySelector(s);
  let selection = null; // {start, end} in source offsets

  function say(text, bad) {
    const m = $('#msg');
    if (m) { m.textContent = text; m.className = bad ? 'bad' : ''; }
  }

  async function api(path, data) {
    const init = data === undefined ? {} : {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(data)};
    const r = await fetch(path, init);
    let j = {};
    try { j = await r.json(); } catch (e) { /* not JSON: reported below */ }
    if (!r.ok) throw new Error(j.error || j.detail || ('request failed: HTTP ' + r.status));
    return j;
  }

  // ---- progress while the pipeline runs ------------------------------------------------------
  if (body.dataset.state === 'running' && doc) {
    const tick = async () => {
      let j;
      try { j = await api('/api/doc/' + doc + '/status'); } catch (e) { setTimeout(tick, 2000); return; }
      const p = $('#progress-msg');
      if (j.state === 'done') { location.reload(); return; }
      if (j.state === 'error') { p.textContent = j.error; $('#progress').classList.add('bad'); return; }
      p.textContent = j.message;
      setTimeout(tick, 700);
    };
    tick();
  }
  if (body.dataset.state !== 'ready') return;

  // ---- counts, rules, filter -----------------------------------------------------------------
  function setCounts(c) {
    let t = c.edits + ' edits';
    if (c.rejected) t += ' (' + c.rejected + ' rejected)';
    t += ' · ' + c.flags + ' flags';
    if (c.chosen) t += ' (' + c.chosen + ' suggestion' + (c.chosen > 1 ? 's' : '') + ' taken)';
    if (c.editor) t += ' · ' + c.editor + ' correction' + (c.editor > 1 ? 's' : '');
    if (c.superseded) t += ' · ' + c.superseded + ' overridden';
    $('#counts').textContent = t;
  }

  function button(label, title, data) {
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'b'; b.textContent = label; b.title = title;
    Object.assign(b.dataset, data);
    return b;
  }

  function setRules(rows) {
    const tb = $('#rules');
    tb.replaceChildren();
    const filter = $('#rule-filter');
    const known = new Set(Array.from(filter.options).map((o) => o.value));
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.dataset.rule = r.rule;
      const cells = [r.rule, r.edits ? r.accepted + '/' + r.edits : '', r.flags ? r.chosen + '/' + r.flags : ''];
      for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); }
      const td = document.createElement('td');
      if (r.rule !== 'editor') {
        td.append(button('✓', 'accept every ' + r.rule, {act: 'rule', rule: r.rule, accept: '1'}),
                  button('✗', 'reject every ' + r.rule, {act: 'rule', rule: r.rule, accept: '0'}));
      }
      tr.appendChild(td);
      tb.appendChild(tr);
      if (!known.has(r.rule)) { const o = document.createElement('option'); o.value = o.textContent = r.rule; filter.appendChild(o); }
    }
  }

  function applyFilter() {
    const v = $('#rule-filter').value;
    document.querySelectorAll('#text .chg, #text .flagbox').forEach((el) => {
      el.classList.toggle('muted', v !== '' && el.dataset.rule !== v);
    });
  }

  function update(j) {
    $('#text').innerHTML = j.html; // rendered and escaped by the server
    setCounts(j.counts);
    setRules(j.rules);
    applyFilter();
    body.dataset.saves = String(Number(body.dataset.saves) + 1);
    say('saved');
  }

  async function act(b) {
    const a = b.dataset.act;
    say('saving…');
    try {
      if (a === 'edit') {
        update(await api('/api/doc/' + doc + '/decide', {kind: 'edit', id: b.dataset.id, accept: b.dataset.accept === '1'}));
      } else if (a === 'choose') {
        const choice = b.dataset.none === '1' ? null : b.dataset.choice;
        update(await api('/api/doc/' + doc + '/decide', {kind: 'flag', id: b.dataset.id, choice: choice}));
      } else if (a === 'rule') {
        update(await api('/api/doc/' + doc + '/decide', {kind: 'rule', rule: b.dataset.rule, accept: b.dataset.accept === '1'}));
      } else if (a === 'unfix') {
        update(await api('/api/doc/' + doc + '/editor/remove', {id: b.dataset.id}));
      }
    } catch (err) { say(err.message, true); }
  }

  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-act]');
    if (b) { e.preventDefault(); act(b); return; }
    const hl = e.target.closest('a[data-hl]');
    if (hl) { e.preventDefault(); highlight(hl.dataset.hl); }
  });
  $('#rule-filter').addEventListener('change', applyFilter);

  function highlight(i) {
    document.querySelectorAll('#text .hl').forEach((el) => el.classList.remove('hl'));
    const parts = document.querySelectorAll('#text .s' + Number(i));
    parts.forEach((el) => el.classList.add('hl'));
    if (parts.length) parts[0].scrollIntoView({behavior: 'smooth', block: 'center'});
  }

  // ---- selection -> source offsets -----------------------------------------------------------
  function edge(node, off, isEnd) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest('#text [data-s]');
      if (!piece) return null;
      if (piece.classList.contains('p')) return Number(piece.dataset.s) + off;
      return Number(isEnd ? piece.dataset.e : piece.dataset.s); // a tracked change is taken whole
    }
    const inside = node.closest && node.closest('#text [data-s]');
    if (inside) return Number(isEnd ? inside.dataset.e : inside.dataset.s);
    const kids = node.childNodes;
    for (let k = isEnd ? off - 1 : off; k >= 0 && k < kids.length; k += isEnd ? -1 : 1) {
      const c = kids[k];
      if (c.dataset && c.dataset.s !== undefined) return Number(isEnd ? c.dataset.e : c.dataset.s);
    }
    return null;
  }

  document.addEventListener('selectionchange', () => {
    const s = window.getSelection();
    if (!s.rangeCount || s.isCollapsed) return;
    const r = s.getRangeAt(0);
    const text = $('#text');
    if (!text.contains(r.commonAncestorContainer)) return;
    const a = edge(r.startContainer, r.startOffset, false);
    const b = edge(r.endContainer, r.endOffset, true);
    if (a === null || b === null || b <= a) return;
    selection = {start: a, end: b};
    $('#sel-info').textContent = 'Selected source characters ' + a + '–' + b + '.';
    $('#fix-open').disabled = false;
    $('#gloss-open').disabled = false;
  });

  async function selectedText() {
    const j = await api('/api/doc/' + doc + '/span?start=' + selection.start + '&end=' + selection.end);
    return j.text;
  }

  $('#fix-open').addEventListener('click', async () => {
    if (!selection) return;
    try {
      const t = await selectedText();
      $('#fix-before').textContent = t;
      $('#fix-after').value = t;
      $('#fix').dataset.start = selection.start;
      $('#fix').dataset.end = selection.end;
      $('#gloss').hidden = true;
      $('#fix').hidden = false;
      $('#fix-after').focus();
    } catch (err) { say(err.message, true); }
  });

  $('#fix').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = $('#fix');
    say('saving…');
    try {
      update(await api('/api/doc/' + doc + '/editor', {
        start: Number(f.dataset.start), end: Number(f.dataset.end), after: $('#fix-after').value, note: $('#fix-note').value}));
      f.hidden = true;
    } catch (err) { say(err.message, true); }
  });

  $('#gloss-open').addEventListener('click', async () => {
    if (!selection) return;
    try {
      $('#gl-wrong').value = (await selectedText()).trim();
      $('#fix').hidden = true;
      $('#gloss').hidden = false;
      $('#gl-right').focus();
    } catch (err) { say(err.message, true); }
  });

  $('#gloss').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const j = await api('/api/glossary', {
        wrong: $('#gl-wrong').value, right: $('#gl-right').value, note: $('#gl-note').value, zh: $('#gl-zh').value});
      $('#gloss').hidden = true;
      say('glossary entry added (' + j.entries + ' in your file); re-run to apply it');
      body.dataset.glossary = String(j.entries);
    } catch (err) { say(err.message, true); }
  });

  document.querySelectorAll('form .cancel').forEach((b) => b.addEventListener('click', () => { b.form.hidden = true; }));

  $('#rerun').addEventListener('click', async () => {
    try { await api('/api/doc/' + doc + '/rerun', {}); location.reload(); } catch (err) { say(err.message, true); }
  });

  const initial = JSON.parse($('#initial').textContent);
  setCounts(initial.counts);
  setRules(initial.rules);
})();
