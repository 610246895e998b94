/* rcsim lab view: draws the fleet from the control API's event stream
 * (GET /sim/v1/stream) and sends the fault, clock and CLI calls of its
 * buttons to the same API. Plain JS, no library; every string from the
 * server goes through textContent. docs/lab-view.md describes the page. */
'use strict';

const API = '/sim/v1';
const ROW_H = 56;                      /* px of one group row (virtual list) */
const EVENTS_KEPT = 500;
const SEVERITY = { info: 0, minor: 1, major: 2, critical: 3 };

const view = {
  state: null, rows: [], events: [], lab: null, token: sessionStorage.getItem('rcsim-token'),
  terminals: new Map(), drawQueued: false, stateAt: 0,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function headers(json) {
  const h = {};
  if (view.token) h.Authorization = 'Bearer ' + view.token;
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

function say(text) {
  const m = $('message');
  m.textContent = text || '';
  m.hidden = !text;
}

/* One call of the control API; refusals are shown, and a missing token
 * asks for one. Resolves to the answer's JSON, or null. */
async function call(method, path, body) {
  let r;
  try {
    r = await fetch(API + path, { method, headers: headers(body !== undefined),
                                  body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    say('the simulator cannot be reached: ' + e.message);
    return null;
  }
  const j = await r.json().catch(() => null);
  if (r.status === 401) { askToken(); return null; }
  if (!r.ok) { say((j && j.message) || ('HTTP ' + r.status)); return null; }
  say('');
  return j;
}

function askToken() {
  const d = $('token-dialog');
  if (!d.open) d.showModal();
  $('token-input').focus();
}

/* ---- the stream ---------------------------------------------------- */

async function connect() {
  $('conn').textContent = 'connecting…';
  let r;
  try {
    r = await fetch(API + '/stream', { headers: headers(false) });
  } catch (e) {
    return retry();
  }
  if (r.status === 401) { $('conn').textContent = 'token needed'; askToken(); return; }
  if (!r.ok || !r.body) return retry();
  $('conn').textContent = 'live';
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    let chunk;
    try { chunk = await reader.read(); } catch (e) { break; }
    if (chunk.done) break;
    buf += dec.decode(chunk.value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      message(buf.slice(0, i));
      buf = buf.slice(i + 2);
    }
  }
  retry();
}

function retry() {
  $('conn').textContent = 'reconnecting…';
  setTimeout(connect, 1000);
}

function message(text) {
  let event = 'message', data = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (!data) return;
  const j = JSON.parse(data);
  if (event === 'state') { view.state = j; view.stateAt = performance.now(); queueDraw(); }
  else if (event === 'events') addEvents(j);
  else if (event === 'lab') { view.lab = j; drawLab(); }
}

function queueDraw() {
  if (view.drawQueued) return;
  view.drawQueued = true;
  requestAnimationFrame(() => { view.drawQueued = false; draw(); });
}

/* ---- drawing -------------------------------------------------------- */

function draw() {
  const s = view.state;
  $('clock-now').textContent = s.clock.now;
  $('clock-mode').textContent = s.clock.mode === 'real'
    ? '(running' + (s.clock.scale !== 1 ? ' ×' + s.clock.scale : '') + ')' : '(paused: manual clock)';
  const play = $('play');
  play.textContent = s.clock.mode === 'real' ? 'Pause' : 'Play';
  play.setAttribute('aria-pressed', s.clock.mode === 'real' ? 'true' : 'false');
  drawArrays(s);
  drawLinks(s);
  drawTimed(s);
  buildRows(s);
  drawGroups();
  drawTerminals(s);
  document.body.dataset.generation = s.events.generation;
}

function button(label, cls, fn, name) {
  return el('button', { type: 'button', class: cls, 'aria-label': name, onclick: fn, text: label });
}

function drawArrays(s) {
  const box = $('arrays');
  const rc = new Map(s.remote_copy.map((r) => [r.array, r]));
  const parts = s.arrays.map((a) => {
    const on = a.power === 'on';
    return el('div', { class: 'box', 'aria-label': 'array ' + a.name },
      el('div', { class: 'head' },
        el('strong', { text: a.name + ' (id ' + a.id + ')' }),
        button(on ? 'Power off' : 'Power on', on ? 'danger' : '',
               () => call('POST', '/arrays/' + enc(a.name) + '/power', { on: !on }),
               (on ? 'Power off ' : 'Power on ') + a.name)),
      el('div', {},
        el('span', { class: 'st-' + (on ? 'ready' : 'off'), text: 'power ' + a.power }), ' · ',
        el('span', { text: 'remote copy ' + (a.remote_copy_started ? 'started' : 'stopped') }),
        ' · ', el('span', { class: 'muted',
          text: a.volumes + ' volumes, ' + a.snapshots + ' snapshots, ' +
                ((rc.get(a.name) || { groups: [] }).groups.length) + ' groups' })));
  });
  box.replaceChildren(...parts);
}

/* Links by pair of arrays: down once every link shows Down; timing out
 * while cut but not yet seen down (heartbeat). */
function linkPairs(s) {
  const pairs = new Map();
  for (const r of s.remote_copy) {
    for (const t of r.targets) {
      const key = [r.array, t.peer_array].sort().join(' ↔ ');
      const p = pairs.get(key) || { a: r.array, b: t.peer_array, key, links: [], targets: [],
                                    moving: 0, inflight: 0 };
      p.targets.push(t);
      p.links.push(...r.links.filter((l) => l.target === t.name));
      for (const g of r.groups) {
        if (g.target !== t.name) continue;
        for (const v of g.pairs) {
          if (v.status === 'Syncing') p.moving++;
          p.inflight += v.in_flight_blocks;
        }
      }
      pairs.set(key, p);
    }
  }
  return [...pairs.values()];
}

function linkState(p) {
  if (!p.links.length) return 'none';
  if (p.links.every((l) => !l.up)) return 'down';
  if (p.links.some((l) => !l.admin_up)) return 'timing out';
  if (p.links.some((l) => !l.up)) return 'degraded';
  return 'up';
}

function drawLinks(s) {
  const parts = linkPairs(s).map((p) => {
    const st = linkState(p), cut = p.links.some((l) => !l.admin_up);
    const l0 = p.links[0] || {};
    const tstat = p.targets.map((t) => t.name + ' ' + t.status).join(', ');
    return el('div', { class: 'box', 'aria-label': 'link ' + p.key },
      el('div', { class: 'head' },
        el('strong', { text: p.key }),
        button(cut ? 'Restore link' : 'Cut link', cut ? '' : 'danger',
               () => call('POST', '/links/' + enc(p.a) + '/' + enc(p.b), { up: cut }),
               (cut ? 'Restore link ' : 'Cut link ') + p.key)),
      el('div', {},
        el('span', { class: 'state-' + st.split(' ')[0], 'data-link-state': st, text: st }),
        ' · ' + (l0.latency_ms ?? '?') + ' ms · ' + (l0.bandwidth_mbs ?? '?') + ' MB/s' +
        (l0.loss_pct ? ' · loss ' + l0.loss_pct + '%' : '')),
      el('div', { class: 'muted', text: 'targets: ' + tstat }),
      el('div', { text: p.moving || p.inflight
        ? 'traffic: ' + p.moving + ' volumes syncing, ' + p.inflight + ' blocks in flight'
        : 'traffic: idle' }));
  });
  $('links').replaceChildren(...parts);
  const witness = s.remote_copy.some((r) => r.targets.some((t) => t.witness));
  $('witness').replaceChildren(...(witness ? [
    el('div', { class: 'box' }, el('strong', { text: 'Quorum witness ' }),
      button('Witness down', 'danger', () => call('POST', '/witness', { up: false })),
      ' ', button('Witness up', '', () => call('POST', '/witness', { up: true })))] : []));
}

function drawTimed(s) {
  const f = (s.timeline && s.timeline.faults) || [];
  const items = f.slice(0, 20).map((x) => el('li', { text: x.due + ': ' + (x.power
    ? 'array ' + x.array + ' power ' + x.power
    : 'link ' + x.a + ' ↔ ' + x.b + ' ' + x.link) + (x.schedule ? ' (' + x.schedule + ')' : '') }));
  $('timed').replaceChildren(...(items.length ? items : [el('li', { text: 'none' })]));
}

function buildRows(s) {
  const q = $('group-filter').value.trim().toLowerCase();
  const rows = [];
  for (const r of s.remote_copy) {
    for (const g of r.groups) {
      const hay = (r.array + ' ' + g.name + ' ' + g.role + ' ' + g.status + ' ' + g.mode + ' ' +
                   g.pairs.map((p) => p.local_vv + ' ' + p.status).join(' ')).toLowerCase();
      if (!q || hay.includes(q)) rows.push({ array: r.array, g });
    }
  }
  view.rows = rows;
  $('group-count').textContent = '(' + rows.length + ')';
}

function ms(x) {
  if (x < 0) return 'NA';
  if (x < 1000) return x + ' ms';
  if (x < 120000) return Math.round(x / 1000) + ' s';
  return Math.round(x / 60000) + ' min';
}

function groupRow(row, i) {
  const g = row.g;
  const pairs = g.pairs.slice(0, 3).map((p) => {
    const kids = [el('span', { text: p.local_vv + '→' + p.remote_vv }),
                  el('span', { class: 'st-' + p.status, text: p.status })];
    if (p.status === 'Syncing')
      kids.push(el('progress', { max: 100, value: p.progress_pct,
                                 'aria-label': p.local_vv + ' sync progress on ' + row.array }),
                el('span', { text: p.progress_pct + '%' }));
    if (p.resync_snapshot)
      kids.push(el('span', { class: 'muted', 'data-snapshot': p.resync_snapshot,
                             text: 'snapshot ' + p.resync_snapshot }));
    return el('span', { class: 'pair' }, ...kids);
  });
  if (g.pairs.length > 3) pairs.push(el('span', { class: 'muted', text: '+' + (g.pairs.length - 3) + ' more' }));
  if (!g.pairs.length) pairs.push(el('span', { class: 'muted', text: 'no volumes' }));
  return el('div', { class: 'grow', role: 'listitem', style: 'top:' + (i * ROW_H) + 'px;height:' + ROW_H + 'px',
                     'aria-label': 'group ' + g.name + ' on ' + row.array,
                     'data-group': row.array + '/' + g.name },
    el('div', { class: 'line' },
      el('strong', { text: row.array + ' / ' + g.name }), ' ',
      el('span', { text: g.role + ' ' }),
      el('span', { class: 'st-' + g.status, 'data-status': g.status, text: g.status }),
      el('span', { text: ' · ' + g.mode + (g.policies.length ? ' · ' + g.policies.join(',') : '') +
                   ' · → ' + g.peer_array + ':' + g.peer_group }),
      el('span', { class: 'muted', text: ' · last sync ' + g.last_sync +
                   (g.rpo_ms >= 0 ? ' · RPO ' + ms(g.rpo_ms) : '') })),
    el('div', { class: 'line' }, ...pairs));
}

/* Only the rows in sight are in the page: 1,000 groups cost a screenful. */
function drawGroups() {
  const sc = $('group-scroll'), space = $('group-space');
  space.style.height = (view.rows.length * ROW_H) + 'px';
  const first = Math.max(0, Math.floor(sc.scrollTop / ROW_H) - 2);
  const last = Math.min(view.rows.length, first + Math.ceil(sc.clientHeight / ROW_H) + 5);
  const out = [];
  for (let i = first; i < last; i++) out.push(groupRow(view.rows[i], i));
  space.replaceChildren(...out);
}

/* ---- events --------------------------------------------------------- */

function addEvents(j) {
  if (j.replaced) view.events = [{ id: 0, time: '', array: '', kind: 'log replaced',
    severity: 'info', object: '', detail: 'reset or checkpoint load: a new event log' }];
  view.events.push(...j.events);
  if (view.events.length > EVENTS_KEPT) view.events.splice(0, view.events.length - EVENTS_KEPT);
  drawEvents();
}

function drawEvents() {
  const q = $('event-filter').value.trim().toLowerCase();
  const min = SEVERITY[$('event-severity').value] || 0;
  const items = [];
  for (let i = view.events.length - 1; i >= 0 && items.length < 200; i--) {
    const e = view.events[i];
    if ((SEVERITY[e.severity] || 0) < min) continue;
    const text = e.time.replace(' UTC', '') + ' ' + e.array + ' ' + e.kind + ' ' + e.object +
                 ' ' + e.detail;
    if (q && !text.toLowerCase().includes(q)) continue;
    items.push(el('li', { class: 'sev-' + e.severity, text }));
  }
  $('event-list').replaceChildren(...items);
}

/* ---- terminals ------------------------------------------------------ */

function drawTerminals(s) {
  for (const a of s.arrays) {
    if (view.terminals.has(a.name)) continue;
    view.terminals.set(a.name, makeTerminal(a.name));
  }
}

function makeTerminal(array) {
  const t = { array, history: [], pos: 0, pending: null, runs: 0 };
  const id = 'term-' + array.replace(/[^A-Za-z0-9_-]/g, '_');
  const out = el('pre', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Output on ' + array,
                          tabindex: '0', id: id + '-out' });
  const user = el('select', { id: id + '-user' },
    el('option', { value: '3paradm', text: '3paradm (super)' }),
    el('option', { value: 'edit', text: 'edit (edit)' }),
    el('option', { value: 'browse', text: 'browse (browse)' }));
  const input = el('input', { type: 'text', id: id + '-cmd', autocomplete: 'off',
                              spellcheck: 'false' });
  const form = el('form', {},
    el('label', { for: id + '-user', text: 'User' }), user,
    el('label', { for: id + '-cmd', text: 'Command on ' + array }), input,
    el('button', { type: 'submit', text: 'Run' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const line = input.value;
    input.value = '';
    await runLine(t, out, user.value, line);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowUp' && t.pos > 0) input.value = t.history[--t.pos];
    else if (ev.key === 'ArrowDown' && t.pos < t.history.length) input.value = t.history[++t.pos] || '';
    else return;
    ev.preventDefault();
  });
  $('terminal-list').append(el('section', { class: 'term', 'aria-label': 'Terminal on ' + array },
    el('h3', { text: array }), out, form));
  return t;
}

async function runLine(t, out, user, line) {
  const body = { command: line, user };
  if (t.pending) {                      /* the answer to the question shown */
    body.command = t.pending;
    body.input = [line.trim() || 'n'];
    t.pending = null;
    out.append(line + '\n');
  } else {
    if (!line.trim()) return;
    t.history.push(line);
    t.pos = t.history.length;
    out.append(t.array + ' ' + user + '% ' + line + '\n');
  }
  const j = await call('POST', '/arrays/' + enc(t.array) + '/cli', body);
  if (j) {
    out.append(j.output + (j.error || ''));
    if (j.prompt && !body.input) {
      t.pending = body.command;
      out.append(j.prompt + ' (y/n) ');
    }
  } else {
    out.append($('message').textContent + '\n');
  }
  out.scrollTop = out.scrollHeight;
  out.dataset.runs = ++t.runs;          /* done: for scripts that drive the page */
}

/* ---- the exercise --------------------------------------------------- */

function drawLab() {
  const lab = view.lab && view.lab.lab;
  $('lab').hidden = !lab;
  if (!lab) return;
  const pr = view.lab.progress || {};
  $('lab-title').textContent = 'Exercise: ' + (lab.title || lab.name || '');
  $('lab-briefing').textContent = lab.briefing || '';
  const goals = pr.goals || (lab.goals || []).map((g) => ({ text: g.text, held: false }));
  $('lab-goals').replaceChildren(...goals.map((g) => el('li', {
    class: g.held ? 'held' : 'open', text: g.text + (g.held ? ' (done)' : ' (not yet)') })));
  $('lab-score').textContent = pr.total ? '(score ' + pr.score + ' of ' + pr.total + ')' : '';
  $('lab-hints').replaceChildren(...(pr.hints || []).map((h) => el('li', { text: h })));
  $('lab-report').textContent = pr.done ? 'Exercise complete: ' + pr.score + ' of ' + pr.total +
                                          ' points.' : '';
}

/* ---- wiring --------------------------------------------------------- */

function enc(x) { return encodeURIComponent(x); }

function wire() {
  for (const b of document.querySelectorAll('[data-advance]'))
    b.addEventListener('click', () => call('POST', '/clock/advance', { by: b.dataset.advance }));
  $('advance-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    call('POST', '/clock/advance', { by: $('advance-by').value.trim() });
  });
  $('play').addEventListener('click', () => {
    const real = view.state && view.state.clock.mode === 'real';
    call('POST', '/clock/mode', { mode: real ? 'manual' : 'real' });
  });
  $('large').addEventListener('click', () => {
    const on = document.body.classList.toggle('large');
    $('large').setAttribute('aria-pressed', on ? 'true' : 'false');
  });
  $('group-filter').addEventListener('input', () => { if (view.state) { buildRows(view.state); drawGroups(); } });
  $('group-scroll').addEventListener('scroll', () => drawGroups(), { passive: true });
  $('event-filter').addEventListener('input', drawEvents);
  $('event-severity').addEventListener('change', drawEvents);
  $('token-form').addEventListener('submit', () => {
    view.token = $('token-input').value;
    sessionStorage.setItem('rcsim-token', view.token);
    connect();
  });
  connect();
}

document.addEventListener('DOMContentLoaded', wire);
