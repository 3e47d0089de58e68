/* search-core.js — agora's search ranking, without a UI. Loads the static index written by
 * `agora build` (search/root.json, then only the shards, extras and display chunks a query
 * needs) and ranks exactly as src/search/search_query.cc does, so the browser and
 * `agora search` agree (tests/search checks it). No dependencies; works in browsers and node.
 * Format and rules: src/search/README.md. */
(function (root) {
  'use strict';

  // ---- words (tokenizer.cc) ----------------------------------------------------------------
  // Accent folding of U+00C0–U+024F and U+1E00–U+1EFF: a letter replaces the character, '.'
  // keeps it, A/O/S/T/I stand for ae/oe/ss/th/ij.
  var FOLD_A =
    'aaaaaaAceeeeiiiidnooooo.ouuuuyTSaaaaaaAceeeeiiiidnooooo.ouuuuyTy' +
    'aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkklllllll' +
    'lllnnnnnn...ooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs' +
    'bbbb...cc.ddd....ffg...ikkl..nnooo..pp.....ttttuu.vyyzz.........' +
    '.....d..l..n.aaiioouuuuuuuuuu.aaaa..ggggkkoooo..j.d.gg..nnaa..oo' +
    'aaaaeeeeiiiioooorrrruuuusstt..hhnd..zzaaeeooooooooyylntj..acclts' +
    'z..b..eejj.qrryy';
  var FOLD_B =
    'aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm' +
    'mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv' +
    'wwwwwwwwwwxxxxyyzzzzzzhtwya...S.aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee' +
    'eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy....yy';
  var MULTI = { A: 'ae', O: 'oe', S: 'ss', T: 'th', I: 'ij' };
  var WORD = /[\p{L}\p{N}]/u, MARK = /\p{M}/u;

  function inCjk(c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x2FDF) ||
      (c >= 0x3040 && c <= 0x318F) || (c >= 0x31F0 && c <= 0x31FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
      (c >= 0x20000 && c <= 0x3134F);
  }
  // 0 separator, 1 word, 2 mark, 3 CJK.
  function charClass(c, ch) {
    if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
    var k = WORD.test(ch) ? 1 : MARK.test(ch) ? 2 : 0;
    return k && inCjk(c) ? 3 : k;
  }
  function lower(c, ch) {
    if (c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
    if (c === 0x130) return 'i';
    var l = ch.toLowerCase();
    return l.length === ch.length ? l : ch;
  }
  function utf8Len(c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

  /* Calls fn(word, position, begin, end) for each word of text (begin/end: UTF-16 offsets).
   * Same rules as tokenize() in tokenizer.h. Returns the next position. */
  function tokenize(text, pos, fn) {
    var i = 0, n = text.length;
    while (i < n) {
      var c = text.codePointAt(i), ch = String.fromCodePoint(c), w = ch.length;
      var k = charClass(c, ch);
      if (!k) { i += w; continue; }
      if (k === 3) {
        var prev = i, j = i + w, alone = true;
        while (j < n) {
          var c2 = text.codePointAt(j), ch2 = String.fromCodePoint(c2);
          if (c2 < 0x80 || charClass(c2, ch2) !== 3) break;
          fn(text.slice(prev, j + ch2.length), pos++, prev, j + ch2.length);
          alone = false;
          prev = j;
          j += ch2.length;
        }
        if (alone) fn(ch, pos++, i, i + w);
        i = j;
        continue;
      }
      var begin = i, word = '', chars = 0, digits = true, bytes = 0;
      while (i < n) {
        c = text.codePointAt(i); ch = String.fromCodePoint(c);
        k = charClass(c, ch);
        if (!k || k === 3) break;
        if (c >= 0x80) digits = false;
        else if (c > 57) digits = false;
        if (k === 1) chars++;
        var l = lower(c, ch);
        word += l;
        bytes += utf8Len(l.codePointAt(0));
        i += ch.length;
      }
      if (!(bytes > 64 || (chars <= 1 && !digits))) fn(word, pos, begin, i);
      pos++;
    }
    return pos;
  }

  function fold(s) {
    if (!/[^\x00-\x7f]/.test(s)) return s;
    var out = '';
    for (var ch of s) {
      var c = ch.codePointAt(0), f = '.';
      if (c >= 0x300 && c <= 0x36F) continue;
      if (c >= 0xC0 && c < 0x250) f = FOLD_A[c - 0xC0];
      else if (c >= 0x1E00 && c < 0x1F00) f = FOLD_B[c - 0x1E00];
      out += f === '.' ? ch : MULTI[f] || f;
    }
    return out;
  }

  // Byte order of UTF-8 = code point order; UTF-16 surrogates must sort above U+FFFF.
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        if (x >= 0xD800 && x <= 0xDFFF) x += 0x10000;
        if (y >= 0xD800 && y <= 0xDFFF) y += 0x10000;
        return x - y;
      }
    }
    return a.length - b.length;
  }
  function cpLen(s) { var n = 0; for (var _ of s) n++; return n; }

  function oneEdit(a, b) {  // arrays of characters
    var i = 0;
    if (a.length === b.length) {
      while (i < a.length && a[i] === b[i]) i++;
      if (i === a.length) return false;
      if (a.slice(i + 1).join('') === b.slice(i + 1).join('')) return true;
      return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] &&
        a.slice(i + 2).join('') === b.slice(i + 2).join('');
    }
    var s = a.length < b.length ? a : b, l = a.length < b.length ? b : a;
    if (l.length !== s.length + 1) return false;
    while (i < s.length && s[i] === l[i]) i++;
    return s.slice(i).join('') === l.slice(i + 1).join('');
  }

  function simpleAnchor(h) {
    var out = '', dash = false;
    for (var i = 0; i < h.length; i++) {
      var c = h.charCodeAt(i);
      if (c >= 0x80) return '\x01';
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) {
        if (dash && out) out += '-';
        dash = false;
        out += String.fromCharCode(c);
      } else dash = true;
    }
    return out;
  }

  // ---- encodings (codec.h) -----------------------------------------------------------------
  var ALPHA = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = {};
  for (var d = 0; d < 64; d++) DIGIT[ALPHA[d]] = d;
  var W = [8];
  for (var q = 1; q < 64; q++) W.push(W[q - 1] + Math.max(1, W[q - 1] >> 3));
  var EXACT = 8, STEM_GUESS = 7, PREFIX = 6, FUZZY = 5;
  var MAX_TERMS = 8, MAX_COMPLETIONS = 8, MAX_PREFIX_SHARDS = 3, MAX_FUZZY = 4;

  function Stream(s) { this.s = s || ''; this.i = 0; }
  Stream.prototype.varint = function () {
    var v = 0, mul = 1;
    for (;;) {
      if (this.i >= this.s.length) throw new Error('bad index data');
      var d = DIGIT[this.s[this.i++]];
      if (d === undefined) throw new Error('bad index data');
      v += (d & 31) * mul;
      if (d < 32) return v;
      mul *= 32;
    }
  };
  Stream.prototype.digit = function () {
    var d = DIGIT[this.s[this.i++]];
    if (d === undefined) throw new Error('bad index data');
    return d;
  };
  // count postings from (ids, scores, sections) streams: {docs, q, sec}
  function readPostings(ids, qs, secs, count) {
    var p = { docs: [], q: [], sec: [] }, doc = 0;
    for (var k = 0; k < count; k++) {
      doc += ids.varint();
      p.docs.push(doc);
      p.q.push(qs.digit());
      p.sec.push(secs.varint());
    }
    return p;
  }
  function find(docs, doc) {
    var lo = 0, hi = docs.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (docs[m] < doc) lo = m + 1; else hi = m; }
    return lo < docs.length && docs[lo] === doc ? lo : -1;
  }
  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (cmp(list[m], key) < 0) lo = m + 1; else hi = m; }
    return lo;
  }

  // ---- queries (parse_query) ---------------------------------------------------------------
  function isSpace(c) { return c === 32 || (c >= 9 && c <= 13) || c === 0xA0 || c === 0x3000; }

  function parseQuery(q, folding) {
    var pos = [], neg = [], i = 0, lastPlain = false;
    var key = function (w) { return folding ? fold(w) : w; };
    while (i < q.length) {
      var c = q.codePointAt(i);
      if (isSpace(c)) { i += c > 0xFFFF ? 2 : 1; lastPlain = false; continue; }
      if (c === 34) {
        var end = q.indexOf('"', i + 1);
        var text = q.slice(i + 1, end < 0 ? q.length : end);
        i = end < 0 ? q.length : end + 1;
        var t = { keys: [], offsets: [], phrase: true, prefix: false, exclude: false };
        tokenize(text, 0, function (w, p) { t.keys.push(key(w)); t.offsets.push(p); });
        lastPlain = false;
        if (!t.keys.length) continue;
        var o0 = t.offsets[0];
        t.offsets = t.offsets.map(function (o) { return o - o0; });
        if (t.keys.length === 1) { t.phrase = false; t.offsets = []; }
        pos.push(t);
        continue;
      }
      var e = i;
      while (e < q.length) {
        var d = q.codePointAt(e);
        if (isSpace(d) || d === 34) break;
        e += d > 0xFFFF ? 2 : 1;
      }
      var word = q.slice(i, e), isNeg = word.length > 1 && word[0] === '-';
      i = e;
      if (isNeg) word = word.slice(1);
      lastPlain = false;
      tokenize(word, 0, function (w) {
        (isNeg ? neg : pos).push({ keys: [key(w)], offsets: [], phrase: false, prefix: false, exclude: isNeg });
        lastPlain = !isNeg;
      });
    }
    if (lastPlain) pos[pos.length - 1].prefix = true;
    var out = [], seen = {}, kept = 0;
    pos.forEach(function (t) {
      var id = (t.phrase ? '"' : t.prefix ? '*' : '=') + t.keys.join(' ');
      if (seen[id] || kept === MAX_TERMS) return;
      seen[id] = 1; kept++; out.push(t);
    });
    kept = 0;
    neg.forEach(function (t) {
      var id = '-' + t.keys[0];
      if (seen[id] || kept === MAX_TERMS) return;
      seen[id] = 1; kept++; out.push(t);
    });
    return out;
  }

  // ---- the index ---------------------------------------------------------------------------
  /* new Index(load): load(path) returns a promise of the parsed JSON of an index file, path
   * relative to the index folder ("root.json", "t/abc.json"). Files are read once. */
  function Index(load) {
    this.load = load;
    this.cache = {};
    this.fetched = [];
    this.shards = {};
  }
  Index.prototype.get = function (path) {
    if (!this.cache[path]) {
      this.fetched.push(path);
      this.cache[path] = Promise.resolve(this.load(path));
    }
    return this.cache[path];
  };
  Index.prototype.root = function () {
    var self = this;
    return this.rootP || (this.rootP = this.get('root.json').then(function (r) {
      r.shards = r.t ? r.shards.split(' ') : [];
      r.names = r.t ? r.t.split(' ') : [];
      return (self.r = r);
    }));
  };
  Index.prototype.shardIndex = function (key) {
    var b = this.r.shards, lo = 0, hi = b.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (cmp(key, b[m]) < 0) hi = m; else lo = m + 1; }
    return lo ? lo - 1 : 0;
  };
  Index.prototype.shard = function (i) {
    var self = this;
    if (this.shards[i]) return Promise.resolve(this.shards[i]);
    return this.get('t/' + this.r.names[i] + '.json').then(function (j) {
      if (self.shards[i]) return self.shards[i];
      var s = { extra: j.x, xi: j.xi || 0, words: j.w ? j.w.split(' ') : [], wordStems: [], stems: [], extraP: null };
      var texts = j.k.split(' '), m = new Stream(j.m), n = new Stream(j.n), f = new Stream(j.f);
      texts.forEach(function () { s.stems.push({ text: '', df: 0, top: null, tail: null, positions: null }); });
      s.words.forEach(function (w) {
        var list = [], x;
        do {
          x = m.varint();
          var l = Math.floor(x / 2), st = s.stems[l];
          if (!st) throw new Error('bad index data');
          list.push(l);
          if (!st.text) st.text = texts[l] || w;
        } while (x % 2);
        s.wordStems.push(list);
      });
      var ids = new Stream(j.d), qs = new Stream(j.q), secs = new Stream(j.c);
      s.stems.forEach(function (st) {
        var top = n.varint();
        st.df = top + f.varint();
        st.top = readPostings(ids, qs, secs, top);
        st.tail = { docs: [], q: [], sec: [] };
      });
      return (self.shards[i] = s);
    });
  };
  Index.prototype.extra = function (s) {
    if (!s.extra) return Promise.resolve();
    return s.extraP || (s.extraP = this.get('x/' + s.extra + '.json').then(function (file) {
      var j = file[s.xi], ids = new Stream(j.d), p = new Stream(j.p);
      s.stems.forEach(function (st) {
        var doc = 0;
        for (var n = st.top.docs.length; n < st.df; n++) {  // tails: page ids only
          doc += ids.varint();
          st.tail.docs.push(doc); st.tail.q.push(0); st.tail.sec.push(0);
        }
        st.positions = st.top.docs.map(function () {
          var list = [], at = 0, count = p.varint();
          for (var k = 0; k < count; k++) { at += p.varint(); list.push(at); }
          return list;
        });
      });
    }));
  };
  // Shards a term reads: its own, and for a prefix the following ones starting with it.
  Index.prototype.shardsFor = function (key, prefix) {
    var si = this.shardIndex(key), out = [si], b = this.r.shards;
    if (prefix)
      for (var k = 1, i = si + 1; k < MAX_PREFIX_SHARDS && i < b.length && b[i].startsWith(key); k++, i++) out.push(i);
    return out;
  };

  function prefixRange(s, key) {
    var lo = lowerBound(s.words, key), hi = lo;
    while (hi < s.words.length && s.words[hi].startsWith(key)) hi++;
    return [lo, hi];
  }
  function byDf(a, b) {
    return a.st.df !== b.st.df ? b.st.df - a.st.df : cmp(a.st.text, b.st.text);
  }

  // The stems a word reaches (resolve() in search_query.cc); shards must be loaded.
  Index.prototype.resolve = function (key, prefix, exactOnly) {
    var self = this, out = [], si = this.shardIndex(key), sh = this.shards[si];
    function add(s, l, factor) {
      var st = s.stems[l];
      for (var k = 0; k < out.length; k++)
        if (out[k].st.text === st.text) { out[k].factor = Math.max(out[k].factor, factor); return; }
      out.push({ sh: s, st: st, factor: factor });
    }
    var r = prefixRange(sh, key), lo = r[0];
    if (lo < sh.words.length && sh.words[lo] === key) sh.wordStems[lo].forEach(function (l) { add(sh, l, EXACT); });
    if (!exactOnly && prefix) {
      var comps = [];
      this.shardsFor(key, true).forEach(function (i) {
        var s = self.shards[i], ab = prefixRange(s, key);
        for (var w = ab[0]; w < ab[1]; w++)
          if (s.words[w] !== key) s.wordStems[w].forEach(function (l) { comps.push({ sh: s, st: s.stems[l], l: l }); });
      });
      comps.sort(byDf);
      var seen = {}, taken = 0;
      out.forEach(function (c) { seen[c.st.text] = 1; });
      for (var k = 0; k < comps.length && taken < MAX_COMPLETIONS; k++) {
        if (seen[comps[k].st.text]) continue;
        seen[comps[k].st.text] = 1;
        out.push({ sh: comps[k].sh, st: comps[k].st, factor: PREFIX });
        taken++;
      }
    }
    if (!out.length && !exactOnly) {
      // A stem the word starts with ("runs" → "run"), or words one edit away, whichever
      // explains more of the word.
      var klen = cpLen(key), best = -1, bestLen = 0, near = [];
      sh.stems.forEach(function (st, l) {
        var slen = cpLen(st.text), b = sh.stems[best];
        if (slen < 3 || slen > klen || klen - slen > 3 || !key.startsWith(st.text)) return;
        if (best < 0 || slen > bestLen || (slen === bestLen && (st.df > b.df || (st.df === b.df && cmp(st.text, b.text) < 0)))) {
          best = l;
          bestLen = slen;
        }
      });
      if (klen >= 5 && (best < 0 || klen - 1 > bestLen)) {
        var k32 = Array.from(key);
        sh.words.forEach(function (w, wi) {
          var wl = cpLen(w);
          if (wl + 1 < k32.length || wl > k32.length + 1 || !oneEdit(k32, Array.from(w))) return;
          sh.wordStems[wi].forEach(function (l) { near.push({ sh: sh, st: sh.stems[l], l: l }); });
        });
        near.sort(byDf);
      }
      if (near.length) for (var z = 0; z < near.length && out.length < MAX_FUZZY; z++) add(near[z].sh, near[z].l, FUZZY);
      else if (best >= 0) add(sh, best, STEM_GUESS);
    }
    out.sort(function (a, b) { return cmp(a.st.text, b.st.text); });
    return out;
  };

  function scorePhrase(t, ws, scores) {
    for (var w = 0; w < ws.length; w++) if (!ws[w].length) return;
    var docs = {};
    ws[0].forEach(function (c) {
      c.st.top.docs.forEach(function (d) { docs[d] = 1; });
      c.st.tail.docs.forEach(function (d) { docs[d] = 1; });
    });
    Object.keys(docs).forEach(function (key) {
      var doc = +key, total = 0, sec = 0, allPresent = true, allKnown = true, pos = [];
      for (var w = 0; w < ws.length && allPresent; w++) {
        var best = 0, bestSec = 0, present = false, list = [];
        ws[w].forEach(function (c) {
          var st = c.st, i = find(st.top.docs, doc);
          if (i >= 0) {
            present = true;
            if (W[st.top.q[i]] > best) { best = W[st.top.q[i]]; bestSec = st.top.sec[i]; }
            if (st.positions && i < st.positions.length) list = list.concat(st.positions[i]);
            else allKnown = false;
            return;
          }
          var j = find(st.tail.docs, doc);
          if (j >= 0) {
            present = true;
            allKnown = false;
            if (W[st.tail.q[j]] > best) { best = W[st.tail.q[j]]; bestSec = st.tail.sec[j]; }
          }
        });
        if (!present) allPresent = false;
        total += best;
        if (w === 0) sec = bestSec;
        pos.push(list.sort(function (a, b) { return a - b; }));
      }
      if (!allPresent) return;
      if (allKnown) {
        var found = pos[0].some(function (start) {
          for (var w = 1; w < ws.length; w++) if (find(pos[w], start + t.offsets[w]) < 0) return false;
          return true;
        });
        if (!found) return;
      }
      scores.set(doc, allKnown ? [total, sec] : [Math.max(1, Math.floor(total / 4)), sec, 1]);
    });
  }

  /* Ranks every page for query: [{doc, matched, score, section, sections: [[sec, sum], ...]}],
   * best first, plus what the excerpt should highlight. */
  Index.prototype.rank = function (query) {
    var self = this;
    return this.root().then(function (r) {
      var terms = r.names.length ? parseQuery(query, r.fold !== 0) : [], need = {};
      terms.forEach(function (t) {
        var plain = !t.phrase && !t.exclude;
        t.keys.forEach(function (k) { self.shardsFor(k, plain && t.prefix).forEach(function (i) { need[i] = 1; }); });
      });
      return Promise.all(Object.keys(need).map(function (i) { return self.shard(+i); })).then(function () {
        var cands = terms.map(function (t) {
          return t.phrase || t.exclude
            ? t.keys.map(function (k) { return self.resolve(k, false, true); })
            : self.resolve(t.keys[0], t.prefix, false);
        });
        var extras = [];
        terms.forEach(function (t, i) {
          if (t.phrase || t.exclude)
            cands[i].forEach(function (cs) { cs.forEach(function (c) { extras.push(self.extra(c.sh)); }); });
        });
        return Promise.all(extras).then(function () { return self.combine(terms, cands); });
      });
    });
  };

  Index.prototype.combine = function (terms, cands) {
    var perTerm = [], excluded = {}, marks = { words: {}, prefixes: [] };
    terms.forEach(function (t, i) {
      if (t.exclude) {
        cands[i].forEach(function (cs) {
          cs.forEach(function (c) {
            c.st.top.docs.forEach(function (d) { excluded[d] = 1; });
            c.st.tail.docs.forEach(function (d) { excluded[d] = 1; });
          });
        });
        return;
      }
      var scores = new Map();
      if (!t.phrase) {
        cands[i].forEach(function (c) {
          var p = c.st.top;
          for (var k = 0; k < p.docs.length; k++) {
            var v = Math.floor(W[p.q[k]] * c.factor / 8), old = scores.get(p.docs[k]);
            if (!old || v > old[0]) scores.set(p.docs[k], [v, p.sec[k]]);
          }
          // Highlight every word of the shard that has this stem.
          c.sh.words.forEach(function (w, wi) {
            c.sh.wordStems[wi].forEach(function (l) { if (c.sh.stems[l] === c.st) marks.words[w] = 1; });
          });
        });
        if (t.prefix) marks.prefixes.push(t.keys[0]);
        marks.words[t.keys[0]] = 1;
      } else {
        scorePhrase(t, cands[i], scores);
        t.keys.forEach(function (k) { marks.words[k] = 1; });
      }
      perTerm.push(scores);
    });
    var pages = new Map();
    perTerm.forEach(function (scores) {
      scores.forEach(function (s, doc) {
        if (excluded[doc]) return;
        var r = pages.get(doc);
        if (!r) pages.set(doc, (r = { doc: doc, matched: 0, score: 0, secs: new Map() }));
        if (!s[2]) r.matched++;
        r.score += s[0];
        r.secs.set(s[1], (r.secs.get(s[1]) || 0) + s[0]);
      });
    });
    var ranked = [];
    pages.forEach(function (r) {
      r.sections = Array.from(r.secs).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      r.section = r.sections[0][0];
      delete r.secs;
      ranked.push(r);
    });
    ranked.sort(function (a, b) { return b.matched - a.matched || b.score - a.score || a.doc - b.doc; });
    return { ranked: ranked, marks: marks };
  };

  Index.prototype.facets = function () {
    var self = this;
    return this.facetsP || (this.facetsP = this.get('f/' + this.r.f + '.json').then(function (j) {
      var s = new Stream(j.s), c = new Stream(j.c), out = { s: [], c: [] };
      for (var i = 0; i < self.r.docs; i++) { out.s.push(s.varint()); out.c.push(c.varint()); }
      return out;
    }));
  };

  Index.prototype.record = function (doc) {
    var r = this.r, c = Math.floor(doc / r.chunk);
    return this.get('d/' + r.d + '-' + c + '.json').then(function (list) { return list[doc % r.chunk]; });
  };

  /* Splits text into [{text, mark}] pieces, marking words the query matched. */
  function highlight(text, marks, folding) {
    var out = [], at = 0;
    tokenize(text, 0, function (w, p, b, e) {
      var k = folding ? fold(w) : w;
      var hit = marks.words[k] || marks.prefixes.some(function (x) { return k.startsWith(x); });
      if (!hit) return;
      if (b > at) out.push({ text: text.slice(at, b), mark: false });
      out.push({ text: text.slice(b, e), mark: true });
      at = e;
    });
    if (at < text.length) out.push({ text: text.slice(at), mark: false });
    return out;
  }

  /* search(query, {limit, offset, section, category, facets}) → {total, facets, results: [{url,
   * title, section, category, score, matched, heading, anchor, excerpt: [{text, mark}],
   * titleMarks, subs: [{heading, anchor, url, marks}]}]}. section (null: any; "" is pages outside
   * sections) and category filter by name;
   * facets: true adds {sections: {name: count}, categories: {name: count}} over all matches. */
  Index.prototype.search = function (query, opts) {
    var self = this;
    opts = opts || {};
    var limit = opts.limit || 8, offset = opts.offset || 0;
    return this.rank(query).then(function (res) {
      var ranked = res.ranked, r = self.r;
      var bySection = opts.section != null, byCategory = !!opts.category;
      var facets = bySection || byCategory || opts.facets ? self.facets() : null;
      var filter = facets
        ? facets.then(function (f) {
          if (opts.facets) {
            res.facets = { sections: {}, categories: {} };
            ranked.forEach(function (p) {
              var s = r.sections[f.s[p.doc]], c = f.c[p.doc] ? r.categories[f.c[p.doc] - 1] : '';
              res.facets.sections[s] = (res.facets.sections[s] || 0) + 1;
              if (c) res.facets.categories[c] = (res.facets.categories[c] || 0) + 1;
            });
          }
          var si = bySection ? r.sections.indexOf(opts.section) : -1;
          var ci = opts.category ? r.categories.indexOf(opts.category) + 1 : 0;
          return ranked.filter(function (p) {
            return (!bySection || f.s[p.doc] === si) && (!byCategory || f.c[p.doc] === ci);
          });
        })
        : Promise.resolve(ranked);
      return filter.then(function (list) {
        var shown = list.slice(offset, offset + limit), folding = r.fold !== 0;
        return Promise.all(shown.map(function (p) { return self.record(p.doc); })).then(function (recs) {
          return {
            total: list.length, facets: res.facets,
            results: shown.map(function (p, i) {
              var rec = recs[i], heads = rec[5], url = rec[1], hit = {
                url: /\/~$/.test(url) ? url.slice(0, -1) + simpleAnchor(rec[0]) + '/' : url, title: rec[0], section: r.sections[rec[2]] || '',
                category: rec[3] ? r.categories[rec[3] - 1] : '', score: p.score, matched: p.matched,
                heading: '', anchor: '', excerpt: highlight(rec[4], res.marks, folding),
                titleMarks: highlight(rec[0], res.marks, folding), subs: []
              };
              p.sections.forEach(function (sv) {
                var h = sv[0] > 0 && heads[sv[0] - 1];
                if (!h) return;
                var sub = { heading: h[0], anchor: h.length > 1 ? h[1] : simpleAnchor(h[0]) };
                sub.url = hit.url + '#' + sub.anchor;
                sub.marks = highlight(h[0], res.marks, folding);
                if (sv[0] === p.section) { hit.heading = sub.heading; hit.anchor = sub.anchor; }
                if (hit.subs.length < 3) hit.subs.push(sub);
              });
              return hit;
            })
          };
        });
      });
    });
  };

  var api = {
    Index: Index, tokenize: tokenize, fold: fold, parseQuery: parseQuery, simpleAnchor: simpleAnchor,
    cmp: cmp, FOLD_A: FOLD_A, FOLD_B: FOLD_B,
    /* An index fetched over HTTP from base (the index folder's URL, ending in "/"). */
    open: function (base) {
      return new Index(function (path) {
        return fetch(base + path).then(function (r) {
          if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
          return r.json();
        });
      });
    }
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.AgoraSearchCore = api;
})(typeof self !== 'undefined' ? self : this);
