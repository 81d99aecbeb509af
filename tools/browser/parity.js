#!/usr/bin/env node
// Runs the practice page's checker (templates/html/check.js) on a corpus of typed answers and
// compares its verdicts with `dlexam grade`'s (written into the corpus by the Rust test that
// makes it, tests/html.rs).
//
//   node tools/browser/parity.js CORPUS.json
//
// CORPUS.json: [{"answer": {id, value, exact?, tolerance, grading?}, "raw": "typed text",
//                "grade": "right" | "wrong" | "unreadable"}, ...]
// Prints every disagreement and a count; exit 1 on any (or on an empty corpus).
"use strict";

const fs = require("fs");
const path = require("path");
const { verdict } = require(path.join(__dirname, "../../templates/html/check.js"));

const file = process.argv[2];
if (!file) { console.error("usage: node tools/browser/parity.js CORPUS.json"); process.exit(2); }
const corpus = JSON.parse(fs.readFileSync(file, "utf8"));
const kinds = {};
let disagree = 0;
for (const c of corpus) {
  const v = verdict(c.answer, c.raw);
  const page = typeof v === "string" ? v : "unreadable";
  kinds[c.grade] = (kinds[c.grade] || 0) + 1;
  if (page !== c.grade) {
    disagree++;
    if (disagree <= 40) {
      console.log(`DIFFER ${c.answer.id}: typed ${JSON.stringify(c.raw)}: grade says ${c.grade}, the page ${JSON.stringify(v)}`);
      console.log(`  key ${JSON.stringify(c.answer).slice(0, 300)}`);
    }
  }
}
const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
console.log(`parity: ${corpus.length} typed answers (${summary} by grade): ${disagree ? disagree + " DIFFER" : "the page agrees on all"}`);
process.exit(disagree || !corpus.length ? 1 : 0);
