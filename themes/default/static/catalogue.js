// catalogue.js — the plugin catalogue's filters and sorting, and the copy button of install
// snippets. No dependencies. Without it, /plugins/ is a paginated list with category, tag and
// author pages; with it, the filter form appears and filters every listing at once.
//
// The data is the registry index (/api/v1/plugins.json), fetched once. Each listing is
// prepared once (lowercase text, numbers, host set), the four sort orders are computed once,
// and a filter change is one pass over the chosen order, then at most `pageSize` cards are
// drawn. The last filter's cost is kept in form.dataset.filterMs (read by the browser test).
(function () {
  'use strict';

  // Copy buttons: <button class="copy-button" data-copy-target="ID" hidden>.
  var buttons = document.querySelectorAll('button[data-copy-target]');
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target || !navigator.clipboard) return;
    var status = button.parentNode.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        if (status) status.textContent = 'Copied';
      }, function () {
        if (status) status.textContent = 'Copy failed: select the text and copy it';
      });
    });
  });

  var form = document.getElementById('catalogue-filters');
  var results = document.getElementById('catalogue-results');
  var count = document.getElementById('catalogue-count');
  var more = document.getElementById('catalogue-more');
  var pagination = document.getElementById('catalogue-pagination');
  if (!form || !results || !window.fetch) return;

  var pageSize = 60;
  var pluginsUrl = form.getAttribute('data-plugins-url');
  var items = [];
  var orders = {};
  var matches = [];
  var shown = 0;

  function prepare(p, i) {
    var hosts = {};
    var ch = p.compatible_hosts || {};
    Object.keys(ch).forEach(function (h) { if (ch[h] !== null) hosts[h] = true; });
    var rating = p.rating || {};
    var stats = p.stats || {};
    return {
      p: p,
      index: i,
      name: String(p.name).toLowerCase(),
      text: (p.name + ' ' + p.summary + ' ' + (p.tags || []).join(' ')).toLowerCase(),
      tags: p.tags || [],
      licenses: p.licenses || [],
      hosts: hosts,
      updated: p.updated || '',
      rating: rating.count ? rating.average : -1,
      ratingCount: rating.count || 0,
      popularity: (stats.downloads || 0) * 1e-3 + (stats.stars || 0)
    };
  }

  function byName(a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index; }

  function buildOrders() {
    var base = items.slice().sort(byName);
    orders.name = base;
    orders.updated = base.slice().sort(function (a, b) {
      return a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : byName(a, b);
    });
    orders.rating = base.slice().sort(function (a, b) {
      return b.rating - a.rating || b.ratingCount - a.ratingCount || byName(a, b);
    });
    orders.popularity = base.slice().sort(function (a, b) {
      return b.popularity - a.popularity || byName(a, b);
    });
  }

  function state() {
    var s = {};
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name) continue;
      if (el.type === 'checkbox') s[el.name] = el.checked;
      else s[el.name] = el.value;
    }
    s.q = (s.q || '').trim().toLowerCase();
    return s;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function li(child) { var l = el('li'); l.appendChild(child); return l; }

  function badge(cls, text) { return li(el('span', 'badge ' + cls, text)); }

  // The same markup as partials/plugin_card.mustache; every text goes through textContent.
  function card(p) {
    var item = el('li', 'plugin-card');
    item.setAttribute('data-id', p.id);
    var art = el('article');
    var h = el('h2');
    var a = el('a');
    a.href = pluginsUrl + encodeURIComponent(p.id) + '/';
    if (p.icon) {
      var img = el('img', 'plugin-icon');
      img.src = p.icon; img.alt = ''; img.width = 32; img.height = 32; img.loading = 'lazy';
      a.appendChild(img);
    }
    a.appendChild(el('span', 'plugin-name', p.name));
    h.appendChild(a);
    art.appendChild(h);
    art.appendChild(el('p', 'summary', p.summary));
    var meta = el('ul', 'meta');
    var cat = el('a', '', categoryTitles[p.category] || p.category);
    cat.href = pluginsUrl + 'category/' + encodeURIComponent(p.category) + '/';
    meta.appendChild(li(cat));
    meta.appendChild(li(document.createTextNode('v' + p.latest_version)));
    var up = el('li', '', 'Updated ');
    var t = el('time', '', p.updated);
    t.setAttribute('datetime', p.updated);
    up.appendChild(t);
    meta.appendChild(up);
    if (p.rating && p.rating.count) {
      var r = el('li', 'rating', p.rating.average.toFixed(1) + ' (' + p.rating.count + ')');
      r.setAttribute('aria-label', 'Rated ' + p.rating.average.toFixed(1) + ' out of 5 by ' +
        p.rating.count + (p.rating.count === 1 ? ' review' : ' reviews'));
      meta.appendChild(r);
    }
    if (p.stats && p.stats.downloads) meta.appendChild(el('li', '', p.stats.downloads.toLocaleString('en') + ' downloads'));
    art.appendChild(meta);
    var badges = el('ul', 'badges');
    badges.setAttribute('aria-label', 'Badges');
    if (p.official) badges.appendChild(badge('badge-official', 'Official'));
    if (p.verified) badges.appendChild(badge('badge-verified', 'Verified'));
    if (p.lifecycle !== 'active') badges.appendChild(badge('badge-' + p.lifecycle, p.lifecycle[0].toUpperCase() + p.lifecycle.slice(1)));
    badges.appendChild(badge('badge-license', p.license));
    art.appendChild(badges);
    item.appendChild(art);
    return item;
  }

  function draw(upTo) {
    var frag = document.createDocumentFragment();
    for (var i = shown; i < upTo && i < matches.length; i++) frag.appendChild(card(matches[i].p));
    shown = Math.min(upTo, matches.length);
    results.appendChild(frag);
    if (more) more.hidden = shown >= matches.length;
  }

  function apply() {
    var t0 = performance.now();
    var s = state();
    var order = orders[s.sort] || orders.name;
    var out = [];
    for (var i = 0; i < order.length; i++) {
      var it = order[i];
      var p = it.p;
      if (s.category && p.category !== s.category) continue;
      if (s.tag && it.tags.indexOf(s.tag) < 0) continue;
      if (s.host && !it.hosts[s.host]) continue;
      if (s.license && it.licenses.indexOf(s.license) < 0) continue;
      if (s.status && p.lifecycle !== s.status) continue;
      if (s.official && !p.official) continue;
      if (s.verified && !p.verified) continue;
      if (s.q && it.text.indexOf(s.q) < 0) continue;
      out.push(it);
    }
    matches = out;
    shown = 0;
    results.textContent = '';
    draw(pageSize);
    count.textContent = out.length + (out.length === 1 ? ' plugin' : ' plugins') +
      (out.length === items.length ? '' : ' of ' + items.length);
    form.setAttribute('data-filter-ms', (performance.now() - t0).toFixed(2));
    writeUrl(s);
  }

  function writeUrl(s) {
    if (!window.history || !history.replaceState) return;
    var params = [];
    Object.keys(s).forEach(function (k) {
      var v = s[k];
      if (v === true) v = '1';
      if (!v || (k === 'sort' && v === 'name')) return;
      params.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    history.replaceState(null, '', location.pathname + (params.length ? '?' + params.join('&') : ''));
  }

  function readUrl() {
    var q = location.search.replace(/^\?/, '');
    if (!q) return;
    q.split('&').forEach(function (pair) {
      var kv = pair.split('=');
      var k = decodeURIComponent(kv[0]);
      var v = decodeURIComponent((kv[1] || '').replace(/\+/g, ' '));
      var field = form.elements[k];
      if (!field) return;
      if (field.type === 'checkbox') field.checked = v === '1';
      else field.value = v;
    });
  }

  var categoryTitles = {};

  fetch(form.getAttribute('data-src')).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (doc) {
    (doc.categories || []).forEach(function (c) { categoryTitles[c.id] = c.title; });
    items = doc.plugins.map(prepare);
    buildOrders();
    readUrl();
    form.hidden = false;
    if (pagination) pagination.hidden = true;
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    if (more) more.addEventListener('click', function () { draw(shown + pageSize); });
    apply();
    form.setAttribute('data-ready', 'true');
  }).catch(function () {
    // Keep the server-rendered list and pagination.
  });
}());
