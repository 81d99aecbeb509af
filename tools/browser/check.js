#!/usr/bin/env node
// Drive dlexam practice pages (`--format html`) in headless Chromium, as a student would.
//
//   node tools/browser/check.js [--shots DIR] [--chromium PATH] PAGE.html ...
//
// For every page, in one browser:
// 1. it loads from file:// with the network cut off (a page that fetches anything fails);
// 2. into every input with data-answer-id it types the key's value (exact fractions where the key
//    has them, else its decimals rounded to four places, alternating by problem), presses every
//    problem's data-check button, and expects data-state="right" on every input;
// 3. it types a wrong value (a typical mistake's value where the page has --choices options
//    naming one; else the first entry's sign flipped or plus one, beyond its tolerance;
//    other text for words) and expects data-state="wrong" on every input (and each problem's
//    summary to say "N of N right" after step 2, "0 of N right" after step 3);
// 4. it opens the worked solution step by step with data-next-step until every step is open;
// 5. it takes a screenshot (DIR/<page>.png) and counts its non-white pixels: a blank page fails.
// Also fails on script errors, math left as LaTeX (code.tex) and pages without MathML.
// Prints one line per page and a summary; exit 1 on any failure.
"use strict";

const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const args = process.argv.slice(2);
const pages = [];
let shots = null;
let chromium = process.env.DLEXAM_CHROMIUM || "/usr/bin/chromium";
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--shots") shots = args[++i];
  else if (args[i] === "--chromium") chromium = args[++i];
  else if (args[i].startsWith("--")) { console.error(`check.js: unknown option ${args[i]}`); process.exit(2); }
  else pages.push(path.resolve(args[i]));
}
if (!pages.length) { console.error("usage: node tools/browser/check.js [--shots DIR] PAGE.html ..."); process.exit(2); }
if (shots) fs.mkdirSync(shots, { recursive: true });

// ---- what to type, from the key ----------------------------------------------------------

function exactText(answer) {
  const walk = (v, e) => Array.isArray(v) ? "[" + v.map((x, i) => walk(x, e && e[i])).join(", ") + "]"
    : (e !== undefined && e !== null ? String(e) : String(v));
  return walk(answer.value, answer.exact);
}
function decimalText(answer) {
  const walk = (v) => Array.isArray(v) ? "[" + v.map(walk).join(", ") + "]" : Number(v).toFixed(4);
  return walk(answer.value);
}
function rightText(answer, problem) {
  const v = answer.value;
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && !Array.isArray(v)) return Object.entries(v).map(([k, x]) => `${k}=${x}`).join("; ");
  return problem % 2 ? exactText(answer) : decimalText(answer);
}
let typedMistakes = 0;
// A value the grader rejects: the first number plus one (even problems) or with its sign flipped
// (odd problems, the first entry that is not zero); for words, another word.
function wrongText(answer, problem) {
  // A typical mistake of the family, where the page was made with --choices: the value that
  // mistake computes (never right within the tolerance; src/choices).
  const mistake = answer.choices && answer.choices.options.find((o) => o.mistake);
  if (mistake) {
    typedMistakes++;
    return exactText(mistake);
  }
  const v = answer.value;
  if (answer.grading === "set") {
    const items = v.split(",").map((s) => s.trim());
    return items.length > 1 ? items.slice(1).join(", ") : "nothing";
  }
  if (typeof v === "string") return "not " + v;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const names = Object.keys(v);
    return names.map((k, i) => `${k}=${i === 0 ? v[names[names.length - 1]] + "x" : v[k]}`).join("; ");
  }
  // The first entry, changed by more than its tolerance: sign flipped (odd problems, where that
  // is far enough), else plus one and twice the tolerance.
  const bounds = answer.tolerance.entries || [answer.tolerance];
  let index = 0, done = false;
  const walk = (x, e) => {
    if (Array.isArray(x)) return "[" + x.map((y, i) => walk(y, e && e[i])).join(", ") + "]";
    const text = e !== undefined && e !== null ? String(e) : String(x);
    const b = bounds[Math.min(index++, bounds.length - 1)];
    if (done) return text;
    done = true;
    const room = b.abs !== undefined ? Number(b.abs) : Number(b.rel) * Math.abs(Number(x));
    if (problem % 2 === 1 && 2 * Math.abs(Number(x)) > 2 * room + 1e-9) return `-(${text})`;
    return `(${text}) + ${1 + 2 * room}`;
  };
  return walk(v, answer.exact);
}

// ---- the browser -------------------------------------------------------------------------

// Focus the input, select what it holds and type over it (one input event, as a paste).
async function typeInto(page, input, text) {
  await input.evaluate((e) => { e.focus(); e.select(); });
  if (text) await page.keyboard.sendCharacter(text);
  else await page.keyboard.press("Backspace");
}

async function states(page) {
  return page.$$eval("[data-answer-id]", (els) => els.map((e) => ({ id: e.id, state: e.dataset.state || "(none)" })));
}

// Each problem's summary beside its button, when it does not match `pattern`.
async function badSummaries(page, pattern) {
  const texts = await page.$$eval("output[data-summary]", (els) => els.map((e) => e.textContent));
  return texts.filter((t) => !pattern.test(t)).map((t) => `summary "${t}"`);
}

async function fill(page, which) {
  const sections = await page.$$("section[data-problem]");
  for (const section of sections) {
    const problem = Number(await section.evaluate((s) => s.dataset.problem));
    const key = JSON.parse(await section.$eval("script[data-key]", (s) => s.textContent));
    const inputs = await section.$$("[data-answer-id]");
    const ids = await section.$$eval("[data-answer-id]", (els) => els.map((e) => e.dataset.answerId));
    for (const [k, input] of inputs.entries()) {
      const id = ids[k];
      const answer = key.find((a) => a.id === id);
      if (!answer) throw new Error(`input ${id} of problem ${problem} has no key`);
      await typeInto(page, input, which(answer, problem));
    }
    const button = await section.$("[data-check]");
    if (button) await button.click();
  }
}

// Non-white pixels of a PNG (base64), counted by the browser's own decoder.
async function inkOf(page, png) {
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = "data:image/png;base64," + data;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width; c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235) ink++;
    return { ink, total: c.width * c.height };
  }, png);
}

async function checkPage(browser, file) {
  const problems = [];
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`script error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (r.url().startsWith("file://") && r.url().split("#")[0] === "file://" + file) r.continue();
    else if (r.url().startsWith("data:")) r.continue();
    else { errors.push(`fetched ${r.url()}`); r.abort(); }
  });
  await page.setViewport({ width: 820, height: 1400 });
  await page.goto("file://" + file, { waitUntil: "load" });
  const facts = await page.evaluate(() => ({
    inputs: document.querySelectorAll("[data-answer-id]").length,
    math: document.querySelectorAll("math").length,
    fallback: document.querySelectorAll("code.tex").length,
    sections: document.querySelectorAll("section[data-problem]").length,
  }));
  if (!facts.sections) problems.push("no problem sections");
  if (!facts.inputs) problems.push("no answer inputs");
  if (!facts.math) problems.push("no MathML");
  if (facts.fallback) problems.push(`${facts.fallback} math fragments left as LaTeX`);

  await fill(page, rightText);
  const right = await states(page);
  right.filter((s) => s.state !== "right").forEach((s) => problems.push(`${s.id}: ${s.state} for the key's value`));
  problems.push(...(await badSummaries(page, /^(\d+) of \1 right$/)));
  await page.evaluate(() => window.scrollTo(0, 0));
  const png = await page.screenshot({ encoding: "base64", fullPage: false });
  if (shots) fs.writeFileSync(path.join(shots, path.basename(file, ".html") + ".png"), Buffer.from(png, "base64"));
  const { ink, total } = await inkOf(page, png);
  if (ink < total / 100) problems.push(`screenshot nearly blank: ${ink} of ${total} pixels not white`);

  await fill(page, wrongText);
  const wrong = await states(page);
  wrong.filter((s) => s.state !== "wrong").forEach((s) => problems.push(`${s.id}: ${s.state} for a wrong value`));
  problems.push(...(await badSummaries(page, /^0 of \d+ right$/)));

  const steps = await page.evaluate(() => {
    let clicks = 0;
    document.querySelectorAll("section[data-problem]").forEach((s) => {
      const b = s.querySelector("[data-next-step]");
      while (b && !b.disabled && clicks < 10000) { b.click(); clicks++; }
    });
    const all = document.querySelectorAll("details.step");
    return { all: all.length, open: Array.from(all).filter((d) => d.open).length };
  });
  if (steps.open !== steps.all) problems.push(`next step opened ${steps.open} of ${steps.all} steps`);
  problems.push(...errors);
  await page.close();
  return { facts, ink: ink / total, steps: steps.all, problems };
}

(async () => {
  const t0 = Date.now();
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  let failed = 0, inputs = 0;
  try {
    for (const file of pages) {
      let r;
      try {
        r = await checkPage(browser, file);
      } catch (e) {
        r = { facts: { inputs: 0, math: 0 }, ink: 0, steps: 0, problems: [`crashed: ${e.message}`] };
      }
      inputs += r.facts.inputs;
      const name = path.basename(file);
      if (r.problems.length) {
        failed++;
        console.log(`FAIL ${name}`);
        r.problems.slice(0, 20).forEach((p) => console.log(`  ${p}`));
      } else {
        console.log(`ok ${name}: ${r.facts.inputs} inputs right then wrong, ${r.facts.math} math, ${r.steps} steps, ${(100 * r.ink).toFixed(1)}% ink`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`browser: ${pages.length} pages, ${inputs} inputs, ${typedMistakes} typical mistakes, ${failed} failed, ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(`browser: ${e.stack || e}`); process.exit(1); });
