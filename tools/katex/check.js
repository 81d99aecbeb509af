#!/usr/bin/env node
// Parse every math fragment of dlexam output with KaTeX (throwOnError, strict: "error").
//
//   node tools/katex/check.js FILE.json|FILE.md ... [--stdin json|md] [--max-print N]
//
// - .md files (and Markdown strings in JSON: every "markdown" field, e.g. questions and solution steps):
//   `$$...$$` is display math, `$...$` inline math. `\$` is a literal dollar; code spans and fenced
//   blocks (backticks) are skipped. An unclosed `$`, or inline math that starts or ends with a space
//   (GitHub and pandoc then show the dollars as text) is an error too.
// - JSON answers' "latex" fields (and their choice options' "latex") are math-mode LaTeX without
//   dollars, parsed as inline math.
// Prints each failure with file, location and fragment, then a count; exit 1 on any failure, or when
// nothing at all was checked.
"use strict";

const fs = require("fs");
const path = require("path");
const katex = require("katex");

function usage(msg) {
  if (msg) console.error(`check.js: ${msg}`);
  console.error("usage: node tools/katex/check.js FILE.json|FILE.md ... [--stdin json|md] [--max-print N]");
  process.exit(2);
}

const args = process.argv.slice(2);
const files = [];
let stdinFormat = null;
let maxPrint = 40;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--stdin") stdinFormat = args[++i];
  else if (a === "--max-print") maxPrint = parseInt(args[++i], 10);
  else if (a === "-h" || a === "--help") usage();
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else files.push(a);
}
if (stdinFormat !== null && !["json", "md"].includes(stdinFormat)) usage("--stdin takes json or md");
if (!files.length && stdinFormat === null) usage("no input");

const counts = { inline: 0, display: 0, answer: 0, files: 0 };
const failures = [];
const cache = new Map();

function fail(where, message, tex) {
  failures.push({ where, message, tex });
}

function render(tex, displayMode) {
  const key = (displayMode ? "D" : "I") + tex;
  if (cache.has(key)) return cache.get(key);
  let err = null;
  try {
    katex.renderToString(tex, { throwOnError: true, strict: "error", displayMode, trust: false });
  } catch (e) {
    err = e && e.message ? e.message : String(e);
  }
  cache.set(key, err);
  return err;
}

function check(where, tex, displayMode, kind) {
  counts[kind] += 1;
  const err = render(tex, displayMode);
  if (err !== null) fail(where, `KaTeX: ${err}`, tex);
}

function lineOf(text, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// Index just past the closing delimiter `delim` (skipping backslash pairs), or -1.
// Inline math may not cross a blank line.
function findClose(text, from, delim, inline) {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") { j++; continue; }
    if (inline && c === "\n" && /^\n[ \t]*\n/.test(text.slice(j, j + 64))) return -1;
    if (text.startsWith(delim, j)) return j;
  }
  return -1;
}

// Scan Markdown for math; `where` names the file or JSON field.
function scanMarkdown(text, where) {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") { i += 2; continue; }
    if (c === "`") {
      let r = 0;
      while (text[i + r] === "`") r++;
      const fence = "`".repeat(r);
      // the closing run must be exactly r backticks
      let j = i + r;
      let close = -1;
      while ((j = text.indexOf(fence, j)) !== -1) {
        if (text[j + r] !== "`" && text[j - 1] !== "`") { close = j; break; }
        while (text[j] === "`") j++;
      }
      i = close === -1 ? i + r : close + r;
      continue;
    }
    if (c === "$") {
      const display = text[i + 1] === "$";
      const open = display ? 2 : 1;
      const close = findClose(text, i + open, display ? "$$" : "$", !display);
      const at = `${where ? where + " " : ""}line ${lineOf(text, i)}`;
      if (close === -1) {
        fail(at, `unclosed ${display ? "$$" : "$"} (write \\$ for a literal dollar)`, text.slice(i, i + 60));
        i += open;
        continue;
      }
      const tex = text.slice(i + open, close);
      if (!display && (/^\s/.test(tex) || /\s$/.test(tex))) {
        fail(at, "inline math starts or ends with whitespace: GitHub/pandoc will not render it", tex);
      } else if (!tex.trim()) {
        fail(at, "empty math", tex);
      } else {
        check(at, tex, display, display ? "display" : "inline");
      }
      i = close + open;
      continue;
    }
    i++;
  }
}

// Walk a JSON value; "markdown" strings are Markdown, answers[k].latex strings are math.
function walkJson(v, where, ctx) {
  if (Array.isArray(v)) {
    v.forEach((x, k) => walkJson(x, `${where}[${k}]`, ctx));
    return;
  }
  if (v === null || typeof v !== "object") return;
  let here = ctx;
  if (typeof v.family === "string" && "answers" in v) {
    here = `${v.family} seed=${v.seed} variant=${v.variant} difficulty=${v.difficulty}`;
  }
  for (const [k, x] of Object.entries(v)) {
    const w = where ? `${where}.${k}` : k;
    if (k === "markdown" && typeof x === "string") {
      scanMarkdown(x, `${w} (${here || "document"})`);
    } else if (k === "options" && Array.isArray(x)) {
      // A choice answer's options (--choices): each "latex" is math like an answer's.
      x.forEach((opt, j) => {
        if (opt && typeof opt.latex === "string") {
          check(`${w}[${j}].latex (${here})`, opt.latex, false, "answer");
        }
      });
    } else if (k === "answers" && Array.isArray(x)) {
      x.forEach((ans, j) => {
        if (ans && typeof ans.latex === "string") {
          check(`${w}[${j}].latex id=${ans.id} (${here})`, ans.latex, false, "answer");
        }
        walkJson(ans, `${w}[${j}]`, here);
      });
    } else {
      walkJson(x, w, here);
    }
  }
}

function checkText(text, name, format) {
  counts.files += 1;
  if (format === "json") {
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      fail(name, `invalid JSON: ${e.message}`, "");
      return;
    }
    walkJson(doc, "", "");
    failures.forEach((f) => { if (!f.file) f.file = name; });
  } else {
    scanMarkdown(text, "");
    failures.forEach((f) => { if (!f.file) f.file = name; });
  }
}

for (const f of files) {
  let text;
  try {
    text = fs.readFileSync(f, "utf8");
  } catch (e) {
    fail(f, `cannot read: ${e.message}`, "");
    failures[failures.length - 1].file = f;
    continue;
  }
  const format = path.extname(f).toLowerCase() === ".json" ? "json" : "md";
  checkText(text, f, format);
}
if (stdinFormat !== null) checkText(fs.readFileSync(0, "utf8"), "<stdin>", stdinFormat);

const total = counts.inline + counts.display + counts.answer;
failures.slice(0, maxPrint).forEach((f) => {
  const loc = f.where ? `${f.file}: ${f.where}` : f.file;
  console.log(`FAIL ${loc}\n  ${f.message.split("\n")[0]}\n  fragment: ${JSON.stringify(f.tex)}`);
});
if (failures.length > maxPrint) console.log(`... ${failures.length - maxPrint} more failures`);
const ok = failures.length === 0 && total > 0;
console.log(
  `katex ${katex.version}: checked ${total} fragments (${counts.inline} inline, ${counts.display} display, ` +
    `${counts.answer} answer latex; ${cache.size} distinct) in ${counts.files} files: ` +
    (ok ? "OK" : total === 0 ? "FAILED: no math found" : `${failures.length} FAILED`),
);
process.exit(ok ? 0 : 1);
