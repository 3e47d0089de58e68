// The browser client's ranking (search-core.js) must agree with the C++ reader that
// `agora search` uses. This builds one index with agora_search_tool (C++), runs a set of
// queries through both, and compares the ranked results field by field; it also compares the
// two tokenizers on tricky text and the accent-folding tables.
//
//   AGORA_SEARCH_TOOL=build/.../agora_search_tool node --test tests/search/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const require = createRequire(import.meta.url);
const core = require(join(repo, 'themes/default/static/search/search-core.js'));
const tool = process.env.AGORA_SEARCH_TOOL;

// ---- a fixture site, generated deterministically ------------------------------------------

const WORDS = ('cache pool connection worker deploy release build output folder memory limit ' +
  'shard index query token stem phrase result plugin storage network proxy route server client ' +
  'session database backup restore monitor metric alert log trace config option default value ' +
  'running runs ran runner install update upgrade migrate schema table column row').split(' ');
const HEADS = ['Overview', 'Install', 'Configure the cache', 'Limits', 'Troubleshooting',
  'Tune the pool', 'Roll back', 'Monitoring', 'Security'];

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function fixtureDocs() {
  const r = rng(42);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ') + '.';
  const docs = [];
  for (let i = 0; i < 60; i++) {
    const section = i % 10 === 9 ? 'plugins' : i % 3 === 2 ? 'blog' : 'docs';
    const title = [pick(WORDS), pick(WORDS), pick(WORDS)].join(' ');
    const sections = [{ anchor: '', heading: '', text: sentence(12) + ' ' + sentence(8) }];
    const nh = 1 + Math.floor(r() * 4);
    const used = new Set();
    for (let h = 0; h < nh; h++) {
      const heading = pick(HEADS);
      if (used.has(heading)) continue;
      used.add(heading);
      const anchor = h === 2 ? heading.toLowerCase().replace(/ /g, '-') + '-1' : heading.toLowerCase().replace(/ /g, '-');
      sections.push({ anchor, heading, text: sentence(10 + Math.floor(r() * 30)) + ' ' + sentence(9) });
    }
    docs.push({
      url: `/repo/${section}/page-${i}/`, title: title[0].toUpperCase() + title.slice(1), section,
      category: section === 'plugins' ? pick(['storage', 'network', 'monitoring']) : '',
      tags: section === 'blog' ? [pick(WORDS), pick(WORDS)] : [],
      summary: sentence(10), sections,
    });
  }
  docs.push({
    url: '/repo/docs/cafe/', title: 'Café résumé', section: 'docs', category: '', tags: [],
    summary: 'Naïve façade of the Straße.', sections: [
      { anchor: '', heading: '', text: 'Ærø and Łódź. Connection pool in café mode. 東京都の検索エンジン' },
      { anchor: 'über-uns', heading: 'Über uns', text: 'Wir bauen Häuser und Brücken.' }],
  });
  docs.push({
    url: '/repo/docs/phrases/', title: 'Phrases', section: 'docs', category: '', tags: [],
    summary: 'The pool connection is not a connection pool.', sections: [
      { anchor: '', heading: '', text: "Don't panic: the connection pool grows. The pool connection shrinks." }],
  });
  return docs;
}

const QUERIES = [
  'cache', 'cache ', 'cach', 'c', 'pool connection', 'connection pool ', '"connection pool"',
  '"pool connection"', '"don\'t panic"', 'cache -pool', 'cache -memory -pool ', 'runs', 'running',
  'runner ', 'conection', 'databse ', 'cafe', 'CAFÉ résumé', 'haus', 'brucken', '東京', '京',
  '検索エンジン', 'install deploy build ', 'memory limit shard index query token', 'zzzz', '',
  '-cache', '"', '"bauen häuser"', '"häuser bauen"', 'tune the pool', 'overview', 'storage', 'network proxy', 'roll back ',
  'metric alert log trace config option default value row column', 'upgr', 'mig', 'sessi', 'restroe ', 'upgarde', 'monitorng metrcs',
];

let dir;
let ctool;
let index;

before(() => {
  if (!tool) return;
  dir = mkdtempSync(join(tmpdir(), 'agora-search-node-'));
  writeFileSync(join(dir, 'docs.json'), JSON.stringify(fixtureDocs()));
  // Small caps so that tails, extra files and several shards are all exercised.
  execFileSync(tool, ['index', join(dir, 'docs.json'), dir, '--top', '6', '--shard-bytes', '400', '--chunk', '9']);
  ctool = (args) => execFileSync(tool, args, { encoding: 'utf8' }).trim().split('\n');
  index = new core.Index((path) => JSON.parse(readFileSync(join(dir, 'search', path), 'utf8')));
});

after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the JS client ranks exactly like the C++ reader', { skip: !tool && 'AGORA_SEARCH_TOOL not set' }, async () => {
  const expected = ctool(['query', dir, '--limit', '10', ...QUERIES]).map((l) => JSON.parse(l));
  assert.equal(expected.length, QUERIES.length);
  let nonEmpty = 0;
  for (let i = 0; i < QUERIES.length; i++) {
    const got = await index.search(QUERIES[i], { limit: 10 });
    const simple = got.results.map((h) => ({
      url: h.url, title: h.title, section: h.section, category: h.category, anchor: h.anchor,
      heading: h.heading, score: h.score, matched: h.matched,
    }));
    assert.deepEqual(simple, expected[i], `query ${JSON.stringify(QUERIES[i])}`);
    if (simple.length) nonEmpty++;
  }
  assert.ok(nonEmpty > QUERIES.length - 10, `most fixture queries find something (${nonEmpty})`);
});

test('tokenizers agree on tricky text', { skip: !tool && 'AGORA_SEARCH_TOOL not set' }, () => {
  const texts = [
    'Hello, World! max_connections=42 v1.4.22', "don't a b c 7", 'Ärger ÉCOLE İstanbul Σοφία ΣΟΦΊΑΣ',
    'cafe\u0301 naïve Straße ĲSSEL ǅemal', '東京都 検索 a 日 agoraは静的サイト 한국어 검색 東京、大阪',
    'ｶﾀｶﾅ ＡＢＣ１２３ ① ²³ ٣٤ mañana', 'emoji 😀 text 𝔘𝔫𝔦 𠀀𠀁 x', 'a'.repeat(70) + ' ok',
    'ǈǉ ǲ ﬁne ß ẞ', 'Ꭰꭰ ＡＺ', '\u0300start marks', 'Hello\u00a0world\u3000again',
  ];
  const expected = ctool(['tokens', ...texts]).map((l) => JSON.parse(l));
  texts.forEach((t, i) => {
    const got = [];
    core.tokenize(t, 0, (w, p) => got.push([w, core.fold(w), p]));
    assert.deepEqual(got, expected[i], `text ${JSON.stringify(t)}`);
  });
});

test('accent folding tables match the C++ ones', () => {
  const src = readFileSync(join(repo, 'src/search/tokenizer.cc'), 'utf8');
  const table = (name) => {
    const m = src.match(new RegExp(`${name} =\\s*((?:"[^"]*"\\s*)+);`));
    return m[1].match(/"([^"]*)"/g).map((s) => s.slice(1, -1)).join('');
  };
  assert.equal(core.FOLD_A, table('kFoldLatin'));
  assert.equal(core.FOLD_B, table('kFoldLatinAdditional'));
});

test('results carry highlights and sub-results, filters narrow them', { skip: !tool && 'AGORA_SEARCH_TOOL not set' }, async () => {
  const res = await index.search('cafe', { limit: 3 });
  assert.equal(res.results[0].url, '/repo/docs/cafe/');
  assert.deepEqual(res.results[0].titleMarks, [{ text: 'Café', mark: true }, { text: ' résumé', mark: false }]);
  const phrase = await index.search('"bauen hauser"', { limit: 5 });
  assert.deepEqual(phrase.results.map((h) => [h.url, h.matched]), [['/repo/docs/cafe/', 1]]);
  assert.equal((await index.search('"hauser bauen"', { limit: 5 })).total, 0);
  const all = await index.search('storage', { limit: 50 });
  const plugins = await index.search('storage', { limit: 50, section: 'plugins' });
  assert.ok(plugins.total > 0 && plugins.total < all.total);
  assert.ok(plugins.results.every((h) => h.section === 'plugins'));
  const cat = await index.search('cache', { limit: 50, category: 'storage' });
  assert.ok(cat.results.every((h) => h.category === 'storage'));
  const sub = await index.search('über', { limit: 1 });
  assert.equal(sub.results[0].subs[0].url, '/repo/docs/cafe/#über-uns');
});
