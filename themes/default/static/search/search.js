/* search.js — agora's search box and search page. No dependencies; the ranking lives in
 * search-core.js, loaded on first use. The box is a WAI-ARIA combobox: results appear while
 * typing, grouped by section, with sub-results for headings; arrows move, Enter opens, Escape
 * closes; "/" or Ctrl-K focuses it. A page with <div id="search-page"> becomes the full search
 * page, reading and updating ?q=. The index URL comes from data-index on the form (or input),
 * so sites under a subpath work. Index text is only ever inserted as DOM text nodes. */
(function () {
  'use strict';
  if (window.AgoraSearch) return;
  var script = document.currentScript;
  var here = script ? script.src : location.href;
  var core, indexes = {}, uid = 0;

  // The ranking code and the styles, fetched on first use.
  function loadCore() {
    if (!document.querySelector('link[href$="search/search.css"]')) {
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = new URL('search.css', here).href;
      document.head.appendChild(css);
    }
    if (!core) core = new Promise(function (ok, fail) {
      if (window.AgoraSearchCore) return ok(window.AgoraSearchCore);
      var s = document.createElement('script');
      s.src = new URL('search-core.js', here).href;
      s.onload = function () { ok(window.AgoraSearchCore); };
      s.onerror = function () { core = null; fail(new Error('search unavailable')); };
      document.head.appendChild(s);
    });
    return core;
  }
  function index(base) {
    return loadCore().then(function (c) { return indexes[base] || (indexes[base] = c.open(base)); });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // [{text, mark}] → text nodes and <mark> elements.
  function marked(tag, cls, pieces) {
    var e = el(tag, cls);
    pieces.forEach(function (p) { e.appendChild(p.mark ? el('mark', '', p.text) : document.createTextNode(p.text)); });
    return e;
  }
  function label(name) { return name ? name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, ' ') : 'Pages'; }
  function safeUrl(u) { return /^(https?:|\/|#|\.)/i.test(u) || !/^[a-z][a-z0-9+.-]*:/i.test(u) ? u : '#'; }

  // ---- the combobox ------------------------------------------------------------------------
  function Box(form, input) {
    var self = this;
    this.form = form;
    this.input = input;
    this.base = (form && form.getAttribute('data-index')) || input.getAttribute('data-index');
    this.seq = 0;
    this.active = -1;
    this.options = [];
    var id = 'agora-search-' + ++uid;
    this.popup = el('div', 'search-popup');
    this.popup.hidden = true;
    this.list = el('div');
    this.list.id = id;
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Search results');
    this.status = el('div', 'visually-hidden');
    this.status.setAttribute('role', 'status');
    this.note = el('div', 'search-empty');
    this.popup.appendChild(this.list);
    this.popup.appendChild(this.note);
    (form || input.parentNode).appendChild(this.popup);
    (form || input.parentNode).appendChild(this.status);
    (form || input.parentNode).classList.add('search-combobox');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    input.setAttribute('autocomplete', 'off');
    var timer;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, 60);
    });
    input.addEventListener('focus', function () { loadCore().catch(function () {}); if (self.options.length) self.open(true); });
    input.addEventListener('blur', function () { setTimeout(function () { self.open(false); }, 150); });
    input.addEventListener('keydown', function (e) { self.key(e); });
    this.list.addEventListener('mousedown', function (e) { e.preventDefault(); });
  }
  Box.prototype.open = function (on) {
    this.popup.hidden = !(on && (this.options.length || this.note.textContent));
    this.input.setAttribute('aria-expanded', String(!this.popup.hidden && this.options.length > 0));
    if (!on) this.select(-1);
  };
  Box.prototype.select = function (i) {
    if (this.options[this.active]) this.options[this.active].setAttribute('aria-selected', 'false');
    this.active = i;
    var o = this.options[i];
    if (o) {
      o.setAttribute('aria-selected', 'true');
      this.input.setAttribute('aria-activedescendant', o.id);
      o.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  };
  Box.prototype.key = function (e) {
    var n = this.options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      if (this.popup.hidden) this.open(true);
      var d = e.key === 'ArrowDown' ? 1 : -1;
      this.select(this.active < 0 ? (d > 0 ? 0 : n - 1) : (this.active + d + n) % n);
    } else if (e.key === 'Enter' && this.active >= 0 && !this.popup.hidden) {
      e.preventDefault();
      location.href = this.options[this.active].getAttribute('data-href');
    } else if (e.key === 'Escape') {
      if (!this.popup.hidden) { this.open(false); e.stopPropagation(); }
      else this.input.value = '';
    }
  };
  Box.prototype.option = function (cls, href) {
    var o = el('div', 'search-option ' + cls);
    o.id = this.list.id + '-' + this.options.length;
    o.setAttribute('role', 'option');
    o.setAttribute('aria-selected', 'false');
    o.setAttribute('data-href', href);
    o.addEventListener('click', function () { location.href = href; });
    this.options.push(o);
    return o;
  };
  Box.prototype.run = function () {
    var self = this, q = this.input.value, seq = ++this.seq;
    if (!q.trim()) { this.render(null, q); return; }
    index(this.base).then(function (ix) { return ix.search(q, { limit: 6 }); }).then(function (res) {
      if (seq === self.seq) self.render(res, q);
    }, function () {
      if (seq === self.seq) self.render({ error: true, results: [], total: 0 }, q);
    });
  };
  Box.prototype.render = function (res, q) {
    var self = this, list = this.list, groups = {};
    this.options = [];
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    list.textContent = '';
    this.note.textContent = '';
    if (!res) { this.open(false); this.status.textContent = ''; return; }
    res.results.forEach(function (h) {
      var g = groups[h.section];
      if (!g) {
        g = groups[h.section] = el('div', 'search-group');
        g.setAttribute('role', 'group');
        var lab = el('div', 'search-group-label', label(h.section));
        lab.id = list.id + '-g-' + Object.keys(groups).length;
        lab.setAttribute('role', 'presentation');
        g.setAttribute('aria-labelledby', lab.id);
        g.appendChild(lab);
        list.appendChild(g);
      }
      var o = self.option('search-page-option', safeUrl(h.url));
      o.appendChild(marked('span', 'search-title', h.titleMarks));
      if (h.category) o.appendChild(el('span', 'search-category', label(h.category)));
      o.appendChild(marked('span', 'search-excerpt', h.excerpt));
      g.appendChild(o);
      h.subs.slice(0, 2).forEach(function (s) {
        var so = self.option('search-sub-option', safeUrl(s.url));
        so.appendChild(marked('span', 'search-sub', s.marks));
        g.appendChild(so);
      });
    });
    var action = this.form && this.form.getAttribute('action');
    if (action && res.total) {
      var more = this.option('search-all-option', action + (action.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(q));
      more.textContent = res.total > res.results.length ? 'See all ' + res.total + ' results' : 'Open the search page';
      list.appendChild(more);
    }
    if (!res.results.length) this.note.textContent = res.error ? 'Search is unavailable right now.' : 'No results for “' + q + '”.';
    this.status.textContent = res.error ? 'Search is unavailable' : res.total + (res.total === 1 ? ' result' : ' results');
    this.open(document.activeElement === this.input);
  };

  // ---- the search page ---------------------------------------------------------------------
  function Page(root, base) {
    var self = this, params = new URLSearchParams(location.search);
    this.base = base;
    this.root = root;
    this.q = params.get('q') || '';
    // Filters: null for none; the section of pages outside any section is "" ("_" in the URL).
    var sec = params.get('section');
    this.section = sec == null ? null : sec === '_' ? '' : sec;
    this.category = params.get('category') || null;
    this.limit = 20;
    var form = root.querySelector('form') || el('form', 'search search-page-form');
    var input = form.querySelector('input') || el('input');
    if (!form.parentNode) {
      input.type = 'search';
      input.name = 'q';
      input.setAttribute('aria-label', 'Search');
      form.appendChild(input);
      root.appendChild(form);
    }
    this.input = input;
    input.value = this.q;
    this.filters = el('div', 'search-filters');
    this.filters.setAttribute('role', 'group');
    this.filters.setAttribute('aria-label', 'Filter by section');
    this.summary = el('p', 'search-summary');
    this.summary.setAttribute('role', 'status');
    this.results = el('ol', 'search-results');
    this.more = el('button', 'button search-more', 'More results');
    this.more.type = 'button';
    this.more.hidden = true;
    [this.summary, this.filters, this.results, this.more].forEach(function (e) { root.appendChild(e); });
    var timer;
    form.addEventListener('submit', function (e) { e.preventDefault(); self.go(); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { self.go(); }, 120); });
    this.more.addEventListener('click', function () { self.limit += 20; self.run(); });
    if (this.q) this.run();
  }
  Page.prototype.go = function () {
    this.q = this.input.value;
    this.limit = 20;
    this.run();
  };
  Page.prototype.filter = function (section, category) {
    this.section = section;
    this.category = category;
    this.go();
  };
  Page.prototype.url = function () {
    var p = new URLSearchParams();
    if (this.q) p.set('q', this.q);
    if (this.section != null) p.set('section', this.section || '_');
    if (this.category) p.set('category', this.category);
    var s = p.toString();
    history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
  };
  Page.prototype.run = function () {
    var self = this, seq = this.seq = (this.seq || 0) + 1, q = this.q;
    this.url();
    if (!q.trim()) { this.show(null); return; }
    index(this.base).then(function (ix) {
      return ix.search(q, { limit: self.limit, section: self.section, category: self.category, facets: true });
    }).then(function (res) { if (seq === self.seq) self.show(res); },
      function () { if (seq === self.seq) self.show({ error: true, results: [], total: 0 }); });
  };
  Page.prototype.chip = function (text, on, fn) {
    var b = el('button', 'search-chip', text);
    b.type = 'button';
    b.setAttribute('aria-pressed', String(on));
    b.addEventListener('click', fn);
    this.filters.appendChild(b);
  };
  Page.prototype.show = function (res) {
    var self = this;
    this.results.textContent = '';
    this.filters.textContent = '';
    this.more.hidden = true;
    if (!res) { this.summary.textContent = ''; return; }
    if (res.error) { this.summary.textContent = 'Search is unavailable right now.'; return; }
    this.summary.textContent = res.total + (res.total === 1 ? ' result' : ' results') + ' for “' + this.q + '”';
    var f = res.facets;
    if (f) {
      var all = 0;
      Object.keys(f.sections).forEach(function (s) { all += f.sections[s]; });
      this.chip('All (' + all + ')', this.section == null && !this.category, function () { self.filter(null, null); });
      Object.keys(f.sections).forEach(function (s) {
        self.chip(label(s) + ' (' + f.sections[s] + ')', self.section === s, function () { self.filter(s, null); });
      });
      Object.keys(f.categories).forEach(function (c) {
        self.chip(label(c) + ' (' + f.categories[c] + ')', self.category === c, function () { self.filter(null, c); });
      });
    }
    res.results.forEach(function (h) {
      var li = el('li', 'search-result'), a = el('a');
      a.href = safeUrl(h.url);
      a.appendChild(marked('span', 'search-title', h.titleMarks));
      li.appendChild(a);
      li.appendChild(el('p', 'search-meta', label(h.section) + (h.category ? ' · ' + label(h.category) : '')));
      li.appendChild(marked('p', 'search-excerpt', h.excerpt));
      if (h.subs.length) {
        var ul = el('ul', 'search-subs');
        h.subs.forEach(function (s) {
          var sl = el('li'), sa = el('a');
          sa.href = safeUrl(s.url);
          sa.appendChild(marked('span', '', s.marks));
          sl.appendChild(sa);
          ul.appendChild(sl);
        });
        li.appendChild(ul);
      }
      self.results.appendChild(li);
    });
    this.more.hidden = res.total <= res.results.length;
  };

  // ---- wiring ------------------------------------------------------------------------------
  var boxes = [];
  function init() {
    document.querySelectorAll('form[data-index] input[type=search], input[data-index]').forEach(function (input) {
      if (!input.closest('#search-page')) boxes.push(new Box(input.closest('form[data-index]'), input));
    });
    var page = document.getElementById('search-page');
    if (page) {
      var base = page.getAttribute('data-index') || (boxes[0] && boxes[0].base);
      if (base) window.AgoraSearch.page = new Page(page, base);
    }
    document.addEventListener('keydown', function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      var box = window.AgoraSearch.page ? window.AgoraSearch.page.input : boxes[0] && boxes[0].input;
      if (!box) return;
      if ((e.key === 'k' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !typing && !e.altKey && !e.ctrlKey && !e.metaKey)) {
        e.preventDefault();
        box.focus();
        box.select();
      }
    });
  }
  window.AgoraSearch = { boxes: boxes };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
