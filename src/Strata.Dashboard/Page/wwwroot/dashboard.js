// Strata dashboard: reads the JSON API next to this page and renders the configuration, versions and fleet.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const special = /[&<>"']/;
  const esc = (value) => {
    const s = String(value);
    return special.test(s) ? s.replace(/[&<>"']/g, (c) => entities[c]) : s;
  };
  const state = { keys: new Map(), rows: [], sections: [], snapshot: null, status: null, versions: [], fleet: false, view: 'config', render: 0 };

  // The token arrives once in the query (?token=…); it stays in this tab only and leaves the address bar at once.
  let token = sessionStorage.getItem('strata_token');
  const query = new URLSearchParams(location.search);
  if (query.has('token')) {
    token = query.get('token');
    sessionStorage.setItem('strata_token', token);
    history.replaceState(null, '', location.pathname);
  }

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin', cache: 'no-store' }));
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) {
      const error = new Error((body && body.error) || response.statusText);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // Writes need the bearer header: a tab opened without ?token= asks for it.
  async function write(path, body) {
    if (!token) {
      const given = window.prompt('This action needs the dashboard token (the one in the URL printed at start):');
      if (!given) return null;
      token = given.trim();
      sessionStorage.setItem('strata_token', token);
    }
    return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  }

  function showNotice(html) {
    $('notice').innerHTML = html;
    $('notice').hidden = false;
    $('app').hidden = true;
    $('reload-now').hidden = true;
    $('live').hidden = true;
  }

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
  }

  // Splits a path into its printed segments: keys (bare or in backticks, `` doubling a backtick) and [n] indexes.
  function segments(path) {
    const out = [];
    let i = 0;
    while (i < path.length) {
      if (path[i] === '.') { i++; continue; }
      let j = i;
      if (path[i] === '[') {
        j = path.indexOf(']', i) + 1;
      } else if (path[i] === '`') {
        j = i + 1;
        while (j < path.length) {
          if (path[j] === '`' && path[j + 1] === '`') { j += 2; continue; }
          if (path[j] === '`') { j++; break; }
          j++;
        }
      } else {
        while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      }
      out.push(path.slice(i, j));
      i = j;
    }
    return out;
  }

  const valueText = (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
  const valueClass = (k) => (k.secret ? 'secret' : k.value === null ? 'v-null' : typeof k.value === 'string' ? 'v-string' : 'v-other');
  const place = (o) => `${o.file}:${o.line}`;
  const errorLine = (e) => `${e.file}:${e.line}:${e.column}: ${e.path ? e.path + ': ' : ''}${e.message}`;

  // Draws the tree: the first ~300 rows at once (what fills the screen), the rest in a later task, so the page paints
  // early for large configurations. Resolves when every row is in; a newer render makes an older one stop.
  function renderTree(snapshot, changed, onFirstChunk) {
    state.snapshot = snapshot;
    state.keys = new Map(snapshot.keys.map((k) => [k.path, k]));
    const root = { children: new Map(), leaves: [], count: 0 };
    for (const k of snapshot.keys) {
      const segs = segments(k.path);
      let node = root;
      node.count++;
      for (let i = 0; i < segs.length - 1; i++) {
        const name = segs[i];
        if (!node.children.has(name)) node.children.set(name, { children: new Map(), leaves: [], count: 0 });
        node = node.children.get(name);
        node.count++;
      }
      node.leaves.push([segs[segs.length - 1] || k.path, k]);
    }
    const leafHtml = (name, k) => {
      const ovr = k.overrides.length ? `<button type="button" class="ovr-toggle" data-path="${esc(k.path)}">overrides ${k.overrides.length}</button>` : '';
      return `<div class="leaf" data-path="${esc(k.path)}"><span class="key">${esc(name)}</span>`
        + `<span class="value ${valueClass(k)}">${esc(valueText(k.value))}</span>`
        + `<span class="layer layer-${esc(k.origin.layer)}">${esc(k.origin.layer)}</span>`
        + `<span class="origin">${esc(place(k.origin))}</span>${ovr}</div>`;
    };
    const sectionHtml = (name, node, html) => {
      html.push(`<details open><summary>${esc(name)}</summary>`);
      for (const [leaf, k] of node.leaves) html.push(leafHtml(leaf, k));
      for (const [child, sub] of node.children) sectionHtml(child, sub, html);
      html.push('</details>');
    };
    // Top-level items in order, each written only when its chunk goes in.
    const items = root.leaves.map(([name, k]) => ({ rows: 1, html: () => leafHtml(name, k) }))
      .concat(Array.from(root.children, ([name, node]) => ({ rows: node.count, html: () => { const h = []; sectionHtml(name, node, h); return h.join(''); } })));
    const tree = $('tree');
    const render = ++state.render;
    let next = 0;
    const chunk = (limit) => {
      const html = [];
      for (let rows = 0; next < items.length && (rows < limit || html.length === 0); next++) {
        html.push(items[next].html());
        rows += items[next].rows;
      }
      return html.join('');
    };
    tree.innerHTML = chunk(300);
    if (onFirstChunk) onFirstChunk();
    return new Promise((resolve) => {
      const step = () => {
        if (render !== state.render) { resolve(false); return; }
        if (next < items.length) tree.insertAdjacentHTML('beforeend', chunk(Infinity));
        finishTree(snapshot, changed);
        resolve(true);
      };
      // The rest goes in after the first rows have been on screen for a frame.
      if (next < items.length) requestAnimationFrame(() => setTimeout(step, 0));
      else step();
    });
  }

  function finishTree(snapshot, changed) {
    const tree = $('tree');
    state.rows = Array.from(tree.querySelectorAll('.leaf'), (el) => {
      const k = state.keys.get(el.dataset.path);
      return { el, text: (k.path + ' ' + valueText(k.value)).toLowerCase(), hidden: false };
    });
    state.sections = Array.from(tree.querySelectorAll('details')).reverse();
    for (const path of changed || []) {
      const row = tree.querySelector(`.leaf[data-path="${CSS.escape(path)}"]`);
      if (row) row.classList.add('changed');
    }
    applySearch();
    $('context').textContent = `${snapshot.environment}${snapshot.agent ? ' / ' + snapshot.agent : ''} · v${snapshot.version} · ${snapshot.contentHash.slice(0, 12)}`;
  }

  function applySearch() {
    const q = $('search').value.trim().toLowerCase();
    let shown = 0;
    for (const r of state.rows) {
      const hide = q !== '' && !r.text.includes(q);
      if (hide !== r.hidden) {
        r.el.hidden = hide;
        r.hidden = hide;
      }
      if (!hide) shown++;
    }
    for (const d of state.sections) {
      d.hidden = q !== '' && !d.querySelector('.leaf:not([hidden])');
    }
    $('count').textContent = q ? `${shown} of ${state.rows.length} keys` : `${state.rows.length} keys`;
  }

  function toggleOverrides(button) {
    const row = button.closest('.leaf');
    const next = row.nextElementSibling;
    if (next && next.classList.contains('overrides')) { next.remove(); return; }
    const k = state.keys.get(row.dataset.path);
    const list = document.createElement('ul');
    list.className = 'overrides';
    list.innerHTML = k.overrides.map((o) => `<li>overrides <s>${esc(valueText(o.value))}</s> at ${esc(place(o))}:${o.column} <span class="layer layer-${esc(o.layer)}">${esc(o.layer)}</span></li>`).join('');
    row.after(list);
  }

  function renderStatus(status) {
    state.status = status;
    const pending = status.pendingChanges || [];
    $('pending').hidden = pending.length === 0;
    $('pending').textContent = pending.length ? `pending: ${pending.join(', ')}` : '';
    $('status-line').textContent = `${status.directory} · ${status.strategy} strategy · watcher: ${status.watcherMode} · reloads ${status.reloads}, failures ${status.failures}, rollbacks ${status.rollbacks}`;
    showFailure(status.lastFailure);
  }

  function showFailure(failure) {
    $('failure').hidden = !failure;
    if (!failure) return;
    $('failure-message').textContent = `— version ${failure.version} stays live; the values below are still its values.`;
    $('failure-errors').innerHTML = failure.errors.map((e) => `<li>${esc(errorLine(e))}</li>`).join('');
  }

  async function loadVersions() {
    state.versions = await api('api/versions');
    const list = state.versions.slice().reverse();
    $('timeline').innerHTML = list.map((v) => `<li class="${v.current ? 'current' : ''}" data-version="${v.version}">`
      + `<span class="v">v${v.version}</span> ${v.current ? '<span class="badge live">current</span>' : `<button type="button" class="rollback" data-version="${v.version}">Roll back to v${v.version}</button>`}`
      + `<div class="muted">${esc(v.timestamp)} · <span class="hash">${esc(v.contentHash.slice(0, 12))}</span> · ${v.changes.length} change${v.changes.length === 1 ? '' : 's'}</div>`
      + (v.files.length ? `<div class="files">${esc(v.files.join(', '))}</div>` : '') + '</li>').join('');
    const options = list.map((v) => `<option value="${v.version}">v${v.version}</option>`).join('');
    const from = $('diff-from').value, to = $('diff-to').value;
    $('diff-from').innerHTML = options;
    $('diff-to').innerHTML = options;
    const has = (v) => state.versions.some((x) => String(x.version) === v);
    $('diff-to').value = has(to) ? to : String(list[0].version);
    $('diff-from').value = has(from) ? from : String((list[1] || list[0]).version);
  }

  async function showDiff() {
    const from = $('diff-from').value, to = $('diff-to').value;
    const diff = await api(`api/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    $('diff').innerHTML = diff.changes.length === 0
      ? `<p class="muted">v${esc(from)} and v${esc(to)} hold the same configuration.</p>`
      : '<table><thead><tr><th>key</th><th>change</th><th>v' + esc(from) + '</th><th>v' + esc(to) + '</th></tr></thead><tbody>'
        + diff.changes.map((c) => `<tr class="change" data-path="${esc(c.path)}"><td class="mono">${esc(c.path)}</td><td class="kind-${esc(c.kind)}">${esc(c.kind)}</td>`
          + `<td class="mono">${c.kind === 'added' ? '' : esc(valueText(c.old))}</td><td class="mono">${c.kind === 'removed' ? '' : esc(valueText(c.new))}</td></tr>`).join('')
        + '</tbody></table>';
  }

  async function rollback(version) {
    if (!window.confirm(`Roll back to version ${version}? Its content is published as a new version.`)) return;
    try {
      const outcome = await write('api/rollback', { version: Number(version) });
      if (outcome) toast(outcome.status === 'failed' ? `rollback failed: ${outcome.errors.map(errorLine).join('; ')}` : `rolled back to v${version}: now version ${outcome.version}`);
    } catch (e) { toast(`rollback refused: ${e.message}`); }
  }

  async function reloadNow() {
    try {
      const outcome = await write('api/reload');
      if (!outcome) return;
      toast(outcome.status === 'published' ? `reloaded: version ${outcome.version}, ${outcome.changes.length} change(s)`
        : outcome.status === 'unchanged' ? `no change: version ${outcome.version} stays`
          : `reload failed: ${outcome.errors.map(errorLine).join('; ')}`);
      await refreshStatus();
    } catch (e) { toast(`reload refused: ${e.message}`); }
  }

  const refreshStatus = async () => renderStatus(await api('api/status'));

  async function refreshAll(changed) {
    await renderTree(await api('api/snapshot'), changed);
    await refreshStatus();
    await loadVersions();
  }

  function renderFleet(fleet) {
    const r = fleet.rollout;
    let html = `<h2>Release ${fleet.release === null ? '—' : esc(fleet.release)}</h2>`;
    if (r) {
      const failedWave = r.state === 'aborted' ? r.currentWave : -1;
      html += `<div>Rollout of release ${esc(r.release)}${r.previousRelease != null ? ` (from ${esc(r.previousRelease)})` : ''}: <span class="state state-${esc(r.state)}">${esc(r.state)}</span>`
        + ` · bake ${esc(r.bakeSeconds)} s · max unhealthy ${esc(r.maxUnhealthy)}${r.reason ? ` · reason: ${esc(r.reason)}` : ''}${r.rollbackRelease != null ? ` · previous content republished as release ${esc(r.rollbackRelease)}` : ''}</div><ol class="waves">`
        + (r.waves || []).map((w) => {
          const cls = w.wave === failedWave ? 'failed' : r.state === 'completed' || w.wave < r.currentWave ? 'done' : w.wave === r.currentWave ? 'current' : '';
          return `<li class="${cls}" data-wave="${esc(w.wave)}"><strong>Wave ${esc(w.wave)}</strong><div class="muted">target ${esc(w.target)} · ${esc(w.instances)} instance(s)</div></li>`;
        }).join('') + '</ol>';
      if (r.failures && r.failures.length) {
        html += '<ul class="muted">' + r.failures.map((f) => `<li>${esc(f.id)}: ${esc(f.state)} ${esc((f.errors || []).map((e) => (typeof e === 'string' ? e : errorLine(e))).join('; '))}</li>`).join('') + '</ul>';
      }
    } else {
      html += '<p class="muted">No rollout.</p>';
    }
    $('rollout').innerHTML = html;
    const rows = (fleet.instances || []).map((i) => `<tr data-instance="${esc(i.id)}"><td class="mono">${esc(i.id)}</td><td>${esc(i.host)}</td><td>${esc(i.release ?? '—')}</td><td>${esc(i.version)}</td>`
      + `<td><span class="state state-${esc(i.state)}">${esc(i.state)}</span></td><td>${esc(i.wave ?? '—')}</td><td class="mono">${esc(i.updated)}</td>`
      + `<td class="mono">${esc((i.errors || []).map((e) => (typeof e === 'string' ? e : errorLine(e))).join('; '))}</td></tr>`).join('');
    $('instances').innerHTML = rows ? `<table><thead><tr><th>instance</th><th>host</th><th>release</th><th>version</th><th>state</th><th>wave</th><th>updated</th><th>errors</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No live instances.</p>';
  }

  async function refreshFleet() {
    try { renderFleet(await api('api/fleet')); } catch (e) { $('instances').textContent = `fleet: ${e.message}`; }
  }

  function show(view) {
    state.view = view;
    for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.view === view);
    for (const v of ['config', 'versions', 'fleet']) $('view-' + v).hidden = v !== view;
    if (view === 'versions') loadVersions().then(showDiff).catch((e) => toast(e.message));
    if (view === 'fleet') refreshFleet();
  }

  function listen() {
    const source = new EventSource('api/events');
    source.onopen = async () => {
      // Whatever was published while the stream was not open is fetched now, then the badge says live.
      const status = await api('api/status');
      if (state.snapshot && status.version !== state.snapshot.version) await refreshAll([]);
      else renderStatus(status);
      $('live').textContent = 'live';
      $('live').className = 'badge live';
    };
    source.onerror = () => { $('live').textContent = 'reconnecting'; $('live').className = 'badge down'; };
    source.onmessage = async (message) => {
      const event = JSON.parse(message.data);
      if (event.event === 'config_failed') {
        showFailure(event);
        refreshStatus();
      } else if (event.event === 'file_changed') {
        refreshStatus();
      } else if (['config_loaded', 'config_reloaded', 'config_rolled_back'].includes(event.event)) {
        showFailure(null);
        await refreshAll(event.changes.map((c) => c.path));
        if (event.event !== 'config_loaded') toast(`${event.event.replace('config_', '').replace('_', ' ')}: version ${event.version}, ${event.changes.length} change(s)`);
      }
    };
  }

  async function start() {
    let snapshot;
    const timing = { start: performance.now() };
    window.strataTiming = timing;
    try {
      snapshot = await api('api/snapshot');
      timing.snapshot = performance.now();
    } catch (e) {
      if (e.status === 401) {
        showNotice('<strong>No token.</strong> This dashboard shows nothing without its token. Open the address that '
          + '<code>strata dashboard</code> printed (<code>…/?token=TOKEN</code>), or the one the application logged.');
      } else {
        showNotice(`<strong>The dashboard cannot be shown.</strong> ${esc(e.message)}`);
      }
      document.body.dataset.ready = 'refused';
      return;
    }
    $('app').hidden = false;
    $('reload-now').hidden = false;
    // First paint: the first rows are in the DOM; a task queued from the next frame's callback runs once that frame
    // is painted (and before the rest of a large tree goes in).
    let firstPaint;
    const painted = new Promise((resolve) => { firstPaint = resolve; });
    const complete = renderTree(snapshot, [], () => {
      timing.rendered = performance.now();
      requestAnimationFrame(() => setTimeout(() => {
        window.strataFirstPaintMs = performance.now();
        firstPaint();
      }, 0));
    });
    await Promise.all([painted, complete]);
    timing.complete = performance.now();
    document.body.dataset.ready = 'true';
    const status = await api('api/status');
    renderStatus(status);
    if (status.fleet) document.querySelector('.tabs button[data-view="fleet"]').hidden = false;
    listen();
  }

  document.addEventListener('DOMContentLoaded', () => {
    let timer = 0;
    $('search').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(applySearch, 80); });
    $('tree').addEventListener('click', (e) => { if (e.target.classList.contains('ovr-toggle')) toggleOverrides(e.target); });
    $('timeline').addEventListener('click', (e) => {
      if (e.target.classList.contains('rollback')) { rollback(e.target.dataset.version); return; }
      const item = e.target.closest('li[data-version]');
      if (!item) return;
      const i = state.versions.findIndex((v) => String(v.version) === item.dataset.version);
      $('diff-to').value = item.dataset.version;
      $('diff-from').value = String(state.versions[Math.max(0, i - 1)].version);
      showDiff().catch((err) => toast(err.message));
    });
    $('diff-show').addEventListener('click', () => showDiff().catch((err) => toast(err.message)));
    $('reload-now').addEventListener('click', reloadNow);
    for (const b of document.querySelectorAll('.tabs button')) b.addEventListener('click', () => show(b.dataset.view));
    setInterval(() => { if (state.view === 'fleet' && !document.hidden) refreshFleet(); }, 5000);
    start();
  });
})();
