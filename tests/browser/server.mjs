// A tiny static file server for the browser tests: serves one built site under a URL prefix
// (e.g. /hub/) on 127.0.0.1, the way a static host such as GitHub Pages serves a project site.
//
//   node server.mjs --root DIR --prefix /hub/ [--mount /demo/=DIR2 ...] [--port 0]
//                   [--port-file FILE] [--max-seconds 300]
//
// - --mount serves another built site under another prefix of the same origin (repeatable), so
//   one test run can look at two sites with the same-origin rules the harness checks.
// - GET/HEAD only; a folder serves its index.html (a folder URL without the trailing slash is
//   redirected to the slash form, as static hosts do); anything missing gets 404 with the site's
//   404.html; paths outside the prefix get 404 too.
// - Binds 127.0.0.1 only. With --port 0 the OS picks a free port; the chosen port is printed and
//   written to --port-file, so the caller can build the site for that port afterwards (files are
//   read per request, so the folder may be filled after the server starts).
// - Stops on SIGTERM/SIGINT, and by itself after --max-seconds so it can never linger.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** Content type for a file name; feeds get their own types so browsers treat them as feeds. */
export function contentType(file) {
  const base = path.basename(file).toLowerCase();
  if (base === 'atom.xml') return 'application/atom+xml; charset=utf-8';
  if (base === 'rss.xml') return 'application/rss+xml; charset=utf-8';
  if (base === 'feed.json') return 'application/feed+json; charset=utf-8';
  return TYPES[path.extname(base)] ?? 'application/octet-stream';
}

function parseArgs(argv) {
  const opts = { root: null, prefix: '/hub/', mounts: [], port: 0, portFile: null, maxSeconds: 300 };
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--root') opts.root = path.resolve(value);
    else if (key === '--prefix') opts.prefix = value;
    else if (key === '--mount') {
      const eq = value?.indexOf('=') ?? -1;
      if (eq < 0) throw new Error('--mount takes PREFIX=DIR');
      opts.mounts.push({ prefix: value.slice(0, eq), root: path.resolve(value.slice(eq + 1)) });
    } else if (key === '--port') opts.port = Number(value);
    else if (key === '--port-file') opts.portFile = value;
    else if (key === '--max-seconds') opts.maxSeconds = Number(value);
    else throw new Error(`unknown argument '${key}'`);
    i++;
  }
  if (!opts.root) throw new Error('--root DIR is required');
  for (const { prefix } of [opts, ...opts.mounts]) {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
      throw new Error(`prefix '${prefix}' must start and end with /`);
    }
  }
  return opts;
}

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

/**
 * Creates (does not start) the server for `root` under `prefix`, and each of `mounts`
 * ({prefix, root}) under its own prefix; the longest matching prefix serves a request.
 */
export function createServer({ root, prefix, mounts = [] }) {
  const sites = [{ root, prefix }, ...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  return http.createServer(async (req, res) => {
    try {
      const urlPath = (req.url ?? '/').split('?')[0];
      const site = sites.find((s) => urlPath.startsWith(s.prefix) || urlPath === s.prefix.slice(0, -1)) ??
        { root, prefix };
      await handle(req, res, site.root, site.prefix);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`500 ${err.message}\n`);
    }
  });
}

async function handle(req, res, root, prefix) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  const url = new URL(req.url, 'http://127.0.0.1');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return notFound(req, res, root);
  }
  if (pathname === prefix.slice(0, -1)) return redirect(res, prefix + url.search);
  if (!pathname.startsWith(prefix) || pathname.includes('\0')) return notFound(req, res, root);

  const rel = pathname.slice(prefix.length);
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res, root);

  let target = file;
  let st = await statOrNull(target);
  if (st?.isDirectory()) {
    if (!pathname.endsWith('/')) return redirect(res, url.pathname + '/' + url.search);
    target = path.join(file, 'index.html');
    st = await statOrNull(target);
  }
  if (!st?.isFile()) return notFound(req, res, root);
  send(req, res, 200, target, st.size);
}

function send(req, res, status, file, size) {
  res.writeHead(status, {
    'content-type': contentType(file),
    'content-length': size,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function redirect(res, location) {
  res.writeHead(301, { location, 'content-length': 0 });
  res.end();
}

async function notFound(req, res, root) {
  const page = path.join(root, '404.html');
  let body;
  try {
    body = await readFile(page);
  } catch {
    body = Buffer.from('404 Not Found\n');
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length });
    return res.end(req.method === 'HEAD' ? undefined : body);
  }
  res.writeHead(404, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = createServer(opts);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const stop = (code) => {
    server.close(() => process.exit(code));
    for (const s of sockets) s.destroy();
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  setTimeout(() => {
    console.error(`server: stopping after ${opts.maxSeconds} s (--max-seconds)`);
    stop(1);
  }, opts.maxSeconds * 1000).unref();

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  if (opts.portFile) {
    // Write then rename, so a reader polling for the file never sees it half written.
    await writeFile(opts.portFile + '.tmp', `${port}\n`);
    await rename(opts.portFile + '.tmp', opts.portFile);
  }
  for (const { prefix, root } of [opts, ...opts.mounts]) {
    console.log(`server: http://127.0.0.1:${port}${prefix} -> ${root}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`server: ${err.message}`);
    process.exit(2);
  });
}
