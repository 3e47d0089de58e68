// catalogue.js — the plugin catalogue's filters and sorting, and the copy button of install
// snippets. No dependencies. Without it, /plugins/ is a paginated list with category, tag and
// author pages; with it, the filter form appears and filters every listing at once.
//
// The data is the registry index (/api/v1/plugins.json), fetched once. Each listing is
// prepared once (lowercase text, host set), the four sort orders are computed once, and a
// filter change is one pass over the chosen order, then at most `pageSize` cards are drawn
// (DOM nodes and textContent only: listing data never goes through innerHTML). The last
// filter's cost in milliseconds (filtering, sorting, drawing; the URL is written after the
// paint) is kept in form.dataset.filterMs (read by the browser test and bench/catalogue). The filter state lives in the query string (?category=…&sort=…): a change
// of a select or checkbox is a new history entry, typing replaces the current one, and Back
// restores the previous filters.
(function () {
  'use strict';

  // Copy buttons: <button class="copy-button" data-copy-target="ID" hidden>. They need the
  // Clipboard API (a secure context: https or localhost); otherwise they stay hidden.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy-target]'), function (button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target || !navigator.clipboard || !window.isSecureContext) return;
    var status = button.parentNode.parentNode.querySelector('.copy-status');
    var timer = 0;
    var say = function (label, message) {
      button.textContent = label;
      if (status) status.textContent = message;
      clearTimeout(timer);
      timer = setTimeout(function () { button.textContent = 'Copy'; if (status) status.textContent = ''; }, 2000);
    };
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        say('Copied', 'Install command copied to the clipboard');
      }, function () {
        say('Copy failed', 'Could not copy: select the command and copy it');
      });
    });
  });

  var form = document.getElementById('catalogue-filters');
  var results = document.getElementById('catalogue-results');
  var count = document.getElementById('catalogue-count');
  var more = document.getElementById('catalogue-more');
  var empty = document.getElementById('catalogue-empty');
  var pagination = document.getElementById('catalogue-pagination');
  if (!form || !results || !window.fetch || !window.URLSearchParams) return;

  var pageSize = 30;  // cards drawn at once, as many as a page of the list without JavaScript
  var pluginsUrl = form.getAttribute('data-plugins-url');
  var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  var categoryTitles = {};
  var items = [];
  var orders = {};
  var matches = [];
  var shown = 0;
  var lastQuery = null;
  var lastWasTyping = false;
  var pendingUrl = null;

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
      text: (p.name + ' ' + p.id + ' ' + p.summary + ' ' + (p.tags || []).join(' ')).toLowerCase(),
      tags: p.tags || [],
      licenses: p.licenses || [],
      hosts: hosts,
      updated: p.updated || '',
      rating: rating.count ? rating.average : -1,
      ratingCount: rating.count || 0,
      popularity: (stats.downloads || 0) * 1e-3 + (stats.stars || 0)
    };
  }

  // The same orders as the build's lists: name (case-insensitive, then id), newest release,
  // best average rating (then more reviews), popularity; ties by name.
  function byName(a, b) {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0;
  }

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
      var e = els[i];
      if (!e.name) continue;
      s[e.name] = e.type === 'checkbox' ? e.checked : e.value;
    }
    return s;
  }

  // The query string of a state: only what differs from the defaults, in form order.
  function query(s) {
    var params = new URLSearchParams();
    Object.keys(s).forEach(function (k) {
      var v = s[k];
      if (v === true) v = '1';
      if (k === 'q') v = v.trim();
      if (!v || (k === 'sort' && v === 'name')) return;
      params.append(k, v);
    });
    var q = params.toString();
    return q ? '?' + q : '';
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      if (!e.name) continue;
      var v = params.get(e.name);
      if (e.type === 'checkbox') e.checked = v === '1';
      else if (e.tagName === 'SELECT') {
        e.value = v === null ? (e.name === 'sort' ? 'name' : '') : v;
        if (e.selectedIndex < 0) e.selectedIndex = 0;  // an unknown value: the default
      } else e.value = v === null ? '' : v;
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function li(child, cls) { var l = el('li', cls); l.appendChild(child); return l; }

  function badge(cls, text) { return li(el('span', 'badge ' + cls, text)); }

  // "2025-03-28" → "28 March 2025", as the build writes dates.
  function human(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return m ? Number(m[3]) + ' ' + months[Number(m[2]) - 1] + ' ' + m[1] : iso;
  }

  function initial(name) {
    var m = /[A-Za-z0-9]|[^\x00-\x7f]/u.exec(name);
    return !m ? '?' : /[a-z]/.test(m[0]) ? m[0].toUpperCase() : m[0];
  }

  function stars(avg) {
    var full = Math.round(avg), s = '';
    for (var i = 0; i < 5; i++) s += i < full ? '\u2605' : '\u2606';
    return s;
  }

  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

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
      img.src = p.icon; img.alt = ''; img.width = 40; img.height = 40; img.loading = 'lazy';
      a.appendChild(img);
    } else {
      var ini = el('span', 'plugin-icon plugin-initial', initial(p.name));
      ini.setAttribute('aria-hidden', 'true');
      a.appendChild(ini);
    }
    a.appendChild(el('span', 'plugin-name', p.name));
    h.appendChild(a);
    art.appendChild(h);
    art.appendChild(el('p', 'summary', p.summary));
    var meta = el('ul', 'meta');
    var cat = el('a', '', categoryTitles[p.category] || p.category);
    cat.href = pluginsUrl + 'category/' + encodeURIComponent(p.category) + '/';
    meta.appendChild(li(cat));
    meta.appendChild(el('li', '', 'v' + p.latest_version));
    var up = el('li', '', 'Updated ');
    var t = el('time', '', human(p.updated));
    t.setAttribute('datetime', p.updated);
    up.appendChild(t);
    meta.appendChild(up);
    var r = p.rating;
    if (r && r.count) {
      var avg = r.average.toFixed(1);
      var rl = el('li', 'rating');
      var st = el('span', 'stars', stars(r.average));
      st.setAttribute('aria-hidden', 'true');
      rl.appendChild(st);
      rl.appendChild(document.createTextNode(' '));
      rl.appendChild(el('span', 'visually-hidden', 'Rated ' + avg + ' out of 5 by ' + r.count +
        (r.count === 1 ? ' review' : ' reviews')));
      var shownAvg = el('span', '', avg + ' (' + r.count + ')');
      shownAvg.setAttribute('aria-hidden', 'true');
      rl.appendChild(shownAvg);
      meta.appendChild(rl);
    }
    if (p.stats && p.stats.downloads) meta.appendChild(el('li', '', grouped(p.stats.downloads) + ' downloads'));
    art.appendChild(meta);
    var badges = el('ul', 'badges');
    badges.setAttribute('aria-label', 'Badges');
    if (p.official) badges.appendChild(badge('badge-official', 'Official'));
    if (p.verified) badges.appendChild(badge('badge-verified', 'Verified'));
    if (p.lifecycle && p.lifecycle !== 'active') {
      badges.appendChild(badge('badge-' + p.lifecycle, p.lifecycle[0].toUpperCase() + p.lifecycle.slice(1)));
    }
    var lic = el('span', 'badge badge-license', p.license);
    lic.title = 'Licence';
    badges.appendChild(li(lic));
    art.appendChild(badges);
    item.appendChild(art);
    return item;
  }

  function draw(upTo) {
    var frag = document.createDocumentFragment();
    for (var i = shown; i < upTo && i < matches.length; i++) frag.appendChild(card(matches[i].p));
    shown = Math.min(upTo, matches.length);
    results.appendChild(frag);
    if (more) {
      more.hidden = shown >= matches.length;
      more.textContent = 'Show more (' + (matches.length - shown) + ' left)';
    }
  }

  // Filters, sorts and draws the first cards; `history` is 'push', 'replace' or '' (popstate).
  function apply(history) {
    var t0 = performance.now();
    var s = state();
    var q = query(s);
    if (q === lastQuery && history) return;
    lastQuery = q;
    var text = (s.q || '').trim().toLowerCase();
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
      if (text && it.text.indexOf(text) < 0) continue;
      out.push(it);
    }
    matches = out;
    shown = 0;
    results.textContent = '';
    draw(pageSize);
    results.hidden = out.length === 0;
    if (empty) empty.hidden = out.length !== 0;
    count.textContent = out.length === items.length
      ? items.length + (items.length === 1 ? ' plugin' : ' plugins')
      : out.length + ' of ' + items.length + ' plugins';
    if (history && window.history.pushState) writeUrl(location.pathname + q + location.hash, history);
    form.dataset.filterMs = (performance.now() - t0).toFixed(2);
  }

  // The URL is written after the new cards are painted: pushState costs Chromium a round trip
  // to the browser process (10-20 ms measured), which the reader should not wait for. A write
  // still pending when the next change comes is merged into it (one history entry).
  function writeUrl(url, how) {
    if (pendingUrl) {
      pendingUrl.url = url;
      if (how === 'push') pendingUrl.how = 'push';
      return;
    }
    pendingUrl = { url: url, how: how };
    requestAnimationFrame(function () { setTimeout(flushUrl, 0); });
  }

  function flushUrl() {
    var w = pendingUrl;
    pendingUrl = null;
    if (!w) return;
    if (w.how === 'push') window.history.pushState({ catalogue: w.url }, '', w.url);
    else window.history.replaceState({ catalogue: w.url }, '', w.url);
  }

  function onEdit(e) {
    var typing = e.target && e.target.type === 'search';
    // The first keystroke of a search starts a history entry; the next ones replace it.
    apply(typing && lastWasTyping ? 'replace' : 'push');
    lastWasTyping = typing;
  }

  function clear() {
    form.reset();
    lastWasTyping = false;
    apply('push');
    var first = form.elements.q;
    if (first) first.focus();
  }

  fetch(form.getAttribute('data-src')).then(function (r) {
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  }).then(function (doc) {
    (doc.categories || []).forEach(function (c) { categoryTitles[c.id] = c.title; });
    items = doc.plugins.map(prepare);
    buildOrders();
    readUrl();
    form.hidden = false;
    if (pagination) pagination.hidden = true;
    form.addEventListener('input', onEdit);
    form.addEventListener('change', onEdit);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-clear-filters]'), function (b) {
      b.addEventListener('click', clear);
    });
    window.addEventListener('popstate', function () {
      pendingUrl = null;
      readUrl();
      lastWasTyping = false;
      apply('');
    });
    if (more) more.addEventListener('click', function () { draw(shown + pageSize); });
    apply('replace');
    form.dataset.ready = 'true';
  }).catch(function () {
    // Keep the server-rendered list and pagination.
  });
}());
