// dlexam practice page: checks typed answers in the browser by the rules of `dlexam grade`
// (src/grade: value.rs, expr.rs, compare.rs, tolerance.rs), ported line by line.
//
// - Numbers are exact fractions (BigInt) wherever `grade` keeps them exact; `ln`, `sqrt` of a
//   non-square, `exp`, `pi` and non-integer powers are approximations (doubles here, ~45 digits
//   in `grade`), compared with a slack of 1e-12 times the key (1e-40 in `grade`).
// - The key of every answer (value, exact fractions, tolerance, grading) is the JSON in its
//   problem's <script type="application/json" data-key>, as keys.json writes it.
// - Each input with `data-answer-id` gets `data-state="right"` or `"wrong"` when the button with
//   `data-check` of its problem is pressed (or Enter is typed in it); an unreadable value is
//   wrong, with the reason shown beside it.
//
// In node, `require` gives the checker without the page: { parseGiven, evaluate, verdict }.
(function () {
  "use strict";

  // ---- exact rationals -------------------------------------------------------------------

  function babs(n) { return n < 0n ? -n : n; }
  function gcd(a, b) {
    a = babs(a); b = babs(b);
    while (b) { const t = a % b; a = b; b = t; }
    return a;
  }
  function rat(n, d) {
    if (d === undefined) d = 1n;
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d);
    return g > 1n ? { n: n / g, d: d / g } : { n, d };
  }
  const ZERO = rat(0n), ONE = rat(1n);
  const radd = (a, b) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
  const rsub = (a, b) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
  const rmul = (a, b) => rat(a.n * b.n, a.d * b.d);
  const rdiv = (a, b) => rat(a.n * b.d, a.d * b.n); // b != 0
  const rneg = (a) => ({ n: -a.n, d: a.d });
  const rabs = (a) => ({ n: babs(a.n), d: a.d });
  const rcmp = (a, b) => { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; };
  const req = (a, b) => a.n === b.n && a.d === b.d;
  function rpow(a, k) { // k: non-negative BigInt
    let r = ONE, b = a;
    while (k > 0n) { if (k & 1n) r = rmul(r, b); b = rmul(b, b); k >>= 1n; }
    return r;
  }
  function pow10(k) { return 10n ** BigInt(k); }
  function bitlen(n) { return n === 0n ? 0 : n.toString(2).length; }
  // The nearest double (to within an ulp or two), also for huge numerators and denominators.
  function rnum(a) {
    if (a.n === 0n) return 0;
    const neg = a.n < 0n, n = babs(a.n);
    const shift = 64 - (bitlen(n) - bitlen(a.d));
    const q = shift >= 0 ? (n << BigInt(shift)) / a.d : n / (a.d << BigInt(-shift));
    const x = Number(q) * Math.pow(2, -shift);
    return neg ? -x : x;
  }
  function isqrt(n) { // floor(sqrt(n)), n >= 0
    if (n < 2n) return n;
    let x = 1n << BigInt(Math.ceil(bitlen(n) / 2));
    for (;;) { const y = (x + n / x) >> 1n; if (y >= x) return x; x = y; }
  }
  function rsqrtExact(a) {
    if (a.n < 0n) return null;
    const r = isqrt(a.n), s = isqrt(a.d);
    return r * r === a.n && s * s === a.d ? rat(r, s) : null;
  }

  // `Q::from_str`: an integer, a decimal (`0.25`, `1e-3`) or a fraction (`-1/2`); null if not.
  function parseInteger(s) { return /^[+-]?[0-9]+$/.test(s) ? BigInt(s) : null; }
  function parseQ(text) {
    const s = text.trim();
    const slash = s.indexOf("/");
    if (slash >= 0) {
      const n = parseInteger(s.slice(0, slash).trim()), d = parseInteger(s.slice(slash + 1).trim());
      if (n === null || d === null || d === 0n) return null;
      return rat(n, d);
    }
    let mantissa = s, exponent = 0;
    const e = s.search(/[eE]/);
    if (e >= 0) {
      const x = s.slice(e + 1);
      if (!/^[+-]?[0-9]+$/.test(x)) return null;
      exponent = parseInt(x, 10);
      if (Math.abs(exponent) > 400) return null;
      mantissa = s.slice(0, e);
    }
    let negative = false;
    if (mantissa.startsWith("-")) { negative = true; mantissa = mantissa.slice(1); }
    else if (mantissa.startsWith("+")) mantissa = mantissa.slice(1);
    const dot = mantissa.indexOf(".");
    const ip = dot >= 0 ? mantissa.slice(0, dot) : mantissa, fp = dot >= 0 ? mantissa.slice(dot + 1) : "";
    if ((!ip && !fp) || !/^[0-9]*$/.test(ip) || !/^[0-9]*$/.test(fp)) return null;
    const shift = exponent - fp.length;
    const digits = BigInt(ip + fp);
    const v = shift >= 0 ? rat(digits * pow10(shift)) : rat(digits, pow10(-shift));
    return negative ? rneg(v) : v;
  }

  // ---- reals: exact, or an approximation ------------------------------------------------

  const exact = (q) => ({ q });
  const approx = (x) => ({ x });
  const isExact = (r) => r.q !== undefined;
  const num = (r) => (isExact(r) ? rnum(r.q) : r.x);
  const E = approx(Math.E);
  function combine(a, b, exactOp, approxOp) {
    return isExact(a) && isExact(b) ? exact(exactOp(a.q, b.q)) : approx(approxOp(num(a), num(b)));
  }
  const add = (a, b) => combine(a, b, radd, (x, y) => x + y);
  const sub = (a, b) => combine(a, b, rsub, (x, y) => x - y);
  const mul = (a, b) => combine(a, b, rmul, (x, y) => x * y);
  const neg = (a) => (isExact(a) ? exact(rneg(a.q)) : approx(-a.x));
  const isZero = (a) => (isExact(a) ? a.q.n === 0n : a.x === 0);
  const div = (a, b) => (isZero(b) ? null : combine(a, b, rdiv, (x, y) => x / y));
  function rexp(a) { return isExact(a) && a.q.n === 0n ? exact(ONE) : approx(Math.exp(num(a))); }
  function rln(a) {
    if (!(num(a) > 0) && !(isExact(a) && a.q.n > 0n)) return null;
    if (isExact(a) && req(a.q, ONE)) return exact(ZERO);
    return approx(isExact(a) ? lnRat(a.q) : Math.log(a.x));
  }
  // ln of a fraction whose terms may not fit a double.
  function lnRat(q) {
    const ln = (n) => { const b = bitlen(n); const k = Math.max(0, b - 60); return Math.log(Number(n >> BigInt(k))) + k * Math.LN2; };
    return ln(q.n) - ln(q.d);
  }
  function rsqrt(a) {
    if (isExact(a) ? a.q.n < 0n : a.x < 0) return null;
    if (isExact(a)) { const r = rsqrtExact(a.q); if (r) return exact(r); }
    return approx(Math.sqrt(num(a)));
  }
  const PI = approx(Math.PI);
  const MAX_EXPONENT = 400n;

  // `base ^ exponent`: exact for integer exponents of exact bases, else exp(exponent ln base).
  function power(base, exponent) {
    if (isExact(base) && isExact(exponent)) {
      const x = exponent.q;
      if (x.d === 1n) {
        if (babs(x.n) > MAX_EXPONENT) throw "exponent too large";
        const m = rpow(base.q, babs(x.n));
        if (x.n >= 0n) return exact(m);
        if (m.n === 0n) throw "division by zero";
        return exact(rdiv(ONE, m));
      }
      if (req(x, rat(1n, 2n))) { const r = rsqrtExact(base.q); if (r) return exact(r); }
    }
    if (Math.abs(num(exponent)) > 400) throw "exponent too large";
    if (!isExact(base) && base.x === Math.E) return rexp(exponent);
    const ln = rln(base);
    if (ln === null) throw "a non-integer power of a number that is not above 0";
    return rexp(mul(ln, exponent));
  }

  // ---- expressions (expr.rs) --------------------------------------------------------------

  const ALPHA = /\p{Alphabetic}/u, SPACE = /\s/u, DIGIT = /[0-9]/;
  const OPS = { "+": "+", "-": "-", "\u2212": "-", "*": "*", "/": "/", "^": "^", "(": "(", ")": ")", "\u00d7": "*", "\u00b7": "*", "{": "(", "}": ")" };

  function lex(text) {
    const chars = Array.from(text);
    const tokens = [];
    let i = 0;
    while (i < chars.length) {
      const c = chars[i];
      if (SPACE.test(c)) { i++; }
      else if (DIGIT.test(c) || (c === "." && DIGIT.test(chars[i + 1] || ""))) {
        const start = i;
        while (i < chars.length && (DIGIT.test(chars[i]) || chars[i] === ".")) i++;
        if (i < chars.length && (chars[i] === "e" || chars[i] === "E")) {
          const sign = chars[i + 1] === "+" || chars[i + 1] === "-" ? 1 : 0;
          if (DIGIT.test(chars[i + 1 + sign] || "")) {
            i += 1 + sign;
            while (i < chars.length && DIGIT.test(chars[i])) i++;
          }
        }
        const literal = chars.slice(start, i).join("");
        const q = parseQ(literal);
        if (q === null) throw "`" + literal + "` is not a number";
        tokens.push({ number: q });
      } else if (ALPHA.test(c)) {
        const start = i;
        while (i < chars.length && ALPHA.test(chars[i])) i++;
        tokens.push({ name: chars.slice(start, i).join("").toLowerCase() });
      } else if (c === "\\") { i++; }
      else if (OPS[c] !== undefined) { tokens.push({ op: OPS[c] }); i++; }
      else throw "`" + c + "` is not part of a number or formula";
    }
    return tokens;
  }
  function show(t) {
    if (t.op !== undefined) return t.op;
    if (t.name !== undefined) return t.name;
    return t.number.d === 1n ? t.number.n.toString() : t.number.n + "/" + t.number.d;
  }

  function Parser(tokens) { this.tokens = tokens; this.at = 0; }
  Parser.prototype.peek = function () { return this.tokens[this.at]; };
  Parser.prototype.next = function () { return this.tokens[this.at++]; };
  Parser.prototype.eat = function (op) {
    const t = this.peek();
    if (t && t.op === op) { this.at++; return true; }
    return false;
  };
  Parser.prototype.sum = function () {
    let v = this.product();
    for (;;) {
      if (this.eat("+")) v = add(v, this.product());
      else if (this.eat("-")) v = sub(v, this.product());
      else return v;
    }
  };
  Parser.prototype.product = function () {
    let v = this.signed();
    for (;;) {
      const t = this.peek();
      if (this.eat("*")) v = mul(v, this.signed());
      else if (this.eat("/")) {
        const q = div(v, this.signed());
        if (q === null) throw "division by zero";
        v = q;
      } else if (t && (t.name !== undefined || t.op === "(")) v = mul(v, this.power());
      else if (t && t.number !== undefined) throw "two numbers without an operator between them";
      else return v;
    }
  };
  Parser.prototype.signed = function () {
    if (this.eat("-")) return neg(this.signed());
    if (this.eat("+")) return this.signed();
    return this.power();
  };
  Parser.prototype.power = function () {
    const base = this.atom();
    if (this.eat("^")) return power(base, this.signed());
    return base;
  };
  Parser.prototype.atom = function () {
    const t = this.next();
    if (t === undefined) throw "the formula ends too early";
    if (t.number !== undefined) return exact(t.number);
    if (t.op === "(") {
      const v = this.sum();
      if (this.eat(")")) return v;
      throw "a `(` is not closed";
    }
    if (t.name !== undefined) return this.named(t.name);
    throw "unexpected `" + show(t) + "`";
  };
  Parser.prototype.named = function (name) {
    switch (name) {
      case "pi": case "\u03c0": return PI;
      case "e": return E;
      case "sqrt": {
        const r = rsqrt(this.power());
        if (r === null) throw "square root of a negative number";
        return r;
      }
      case "ln": case "log": {
        const r = rln(this.power());
        if (r === null) throw "logarithm of a number that is not above 0";
        return r;
      }
      case "exp": return rexp(this.eat("-") ? neg(this.power()) : this.power());
      case "nan": case "inf": case "infinity": throw "`" + name + "` is not a finite number";
      default: throw "`" + name + "` is not a number, constant or function";
    }
  };

  // The value of a formula: { value } or { why }.
  function evaluate(text) {
    try {
      const tokens = lex(text);
      if (!tokens.length) return { why: "empty" };
      const p = new Parser(tokens);
      const value = p.sum();
      const rest = p.peek();
      return rest === undefined ? { value } : { why: "unexpected `" + show(rest) + "`" };
    } catch (why) {
      if (typeof why === "string") return { why };
      throw why;
    }
  }

  // ---- submitted values (value.rs) --------------------------------------------------------

  const OPEN = "[({", CLOSE = "])}";
  function splitTop(text, seps) {
    const items = [];
    let depth = 0, current = "";
    for (const c of text) {
      if (OPEN.includes(c)) depth++;
      else if (CLOSE.includes(c)) depth--;
      if (depth === 0 && seps.includes(c)) { items.push(current); current = ""; }
      else current += c;
    }
    items.push(current);
    const kept = items.map((s) => s.trim()).filter((s) => s);
    return kept.length ? kept : [""];
  }
  function matchingClose(t) {
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (OPEN.includes(t[i])) depth++;
      else if (CLOSE.includes(t[i])) { depth--; if (depth === 0) return i; }
    }
    return -1;
  }
  function bracketedItems(t) {
    const open = t[0];
    const close = open === "[" ? "]" : open === "(" ? ")" : null;
    if (!close || !t.endsWith(close) || matchingClose(t) !== t.length - 1) return null;
    const inner = t.slice(1, -1);
    let items = splitTop(inner, [",", ";"]);
    if (items.length === 1) {
      const words = splitTop(inner, [" ", "\t"]);
      const plain = (w) => w.startsWith("[") || w.startsWith("(") || parseQ(w) !== null;
      if (words.length > 1 && words.every(plain)) items = words;
      else if (open === "(") return null;
    }
    if (items.length === 1 && items[0] === "") items = [];
    return items;
  }
  function decimalComma(t) {
    const k = t.indexOf(",");
    if (k < 0) return null;
    const int = t.slice(0, k), frac = t.slice(k + 1);
    const digits = (s) => /^[0-9]+$/.test(s);
    if (!digits(int.startsWith("-") ? int.slice(1) : int) || !digits(frac)) return null;
    if (frac.length === 3) {
      return { text: "`" + t + "` is ambiguous: a thousands separator or a decimal comma (write " + int + frac + " or " + int + "." + frac + ")" };
    }
    const r = evaluate(int + "." + frac);
    return r.value ? { number: r.value } : null;
  }
  function parsePairs(text) {
    const pairs = [];
    for (const p of splitTop(text, [",", ";"])) {
      const k = p.search(/[=:]/);
      if (k < 0) return null;
      pairs.push([p.slice(0, k).trim(), p.slice(k + 1).trim()]);
    }
    return pairs.length && pairs.every(([k]) => k) ? pairs : null;
  }
  function fromJson(v) {
    if (typeof v === "number") return parseGiven(String(v));
    if (typeof v === "string") return parseGiven(v);
    if (Array.isArray(v)) return { list: v.map(fromJson) };
    if (v === null) return { text: "`null` is not a number" };
    if (typeof v === "boolean") return { text: "`" + v + "` is not a number" };
    return { object: Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? x : JSON.stringify(x)]) };
  }

  // A typed value: { number } | { list } | { object: [[name, text]] } | { text: why }.
  function parseGiven(text) {
    const t = text.trim();
    const items = bracketedItems(t);
    if (items) return { list: items.map(parseGiven) };
    if (t.startsWith("{")) {
      let v;
      try { v = JSON.parse(t); } catch (e) { v = undefined; }
      if (v !== undefined) return fromJson(v);
    }
    const comma = decimalComma(t);
    if (comma) return comma;
    const r = evaluate(t);
    if (r.value) return { number: r.value };
    const pairs = parsePairs(t);
    if (pairs) return { object: pairs };
    const parts = splitTop(t, [",", ";"]);
    if (parts.length > 1) return { list: parts.map(parseGiven) };
    return { text: r.why };
  }

  // ---- comparing with the key (compare.rs, tolerance.rs) ----------------------------------

  function normalize(text) {
    let out = "";
    for (const c of text) if (!SPACE.test(c) && !"$_{}".includes(c)) out += c.toLowerCase();
    return out;
  }
  function recordDim(shape, depth, len) {
    if (depth < shape.length) return shape[depth] === len;
    if (shape.length === depth) { shape.push(len); return true; }
    return false;
  }
  function keyNumber(v) {
    if (typeof v === "string") return parseQ(v);
    if (typeof v === "number") return parseQ(String(v));
    return null;
  }
  // The key's numbers (its exact fractions where present), or null when it has none.
  function keyNumbers(value, exactValue) {
    const shape = [], entries = [];
    function walk(v, e, depth) {
      if (Array.isArray(v)) {
        if (!recordDim(shape, depth, v.length)) return false;
        return v.every((x, i) => walk(x, Array.isArray(e) ? e[i] : undefined, depth + 1));
      }
      if (typeof v === "number") {
        if (shape.length !== depth) return false;
        const q = (e !== undefined && e !== null ? keyNumber(e) : null) || keyNumber(v);
        if (!q) return false;
        entries.push(q);
        return true;
      }
      return false;
    }
    return walk(value, exactValue, 0) ? { shape: shape.filter((d) => d !== 1), entries } : null;
  }
  function givenNumbers(given) {
    const shape = [], entries = [];
    function walk(g, depth) {
      if (g.list) {
        if (!recordDim(shape, depth, g.list.length)) throw "rows of different lengths";
        g.list.forEach((x) => walk(x, depth + 1));
      } else if (g.number) {
        if (shape.length !== depth) throw "rows of different lengths";
        entries.push(g.number);
      } else if (g.text !== undefined) throw g.text;
      else throw "named parts where numbers are expected";
    }
    walk(given, 0);
    return { shape: shape.filter((d) => d !== 1), entries };
  }
  function shapeText(shape) { return shape.length ? "shape " + shape.join("x") : "a single number"; }

  function bound(tolerance, i) {
    const bounds = tolerance && tolerance.entries ? tolerance.entries : [tolerance || { abs: "0" }];
    return bounds.length === 1 ? bounds[0] : bounds[Math.min(i, bounds.length - 1)];
  }
  function accepts(b, key, given) {
    const room = b.rel !== undefined ? rmul(keyNumber(b.rel), rabs(key)) : keyNumber(b.abs);
    if (isExact(given)) return rcmp(rabs(rsub(given.q, key)), room) <= 0;
    const k = rnum(key);
    return Math.abs(given.x - k) <= rnum(room) + 1e-12 * Math.max(1, Math.abs(k));
  }
  function sameValue(a, b) {
    if (isExact(a) && isExact(b)) return req(a.q, b.q);
    return !isExact(a) && !isExact(b) && a.x === b.x;
  }
  function compareNumbers(key, given, tolerance) {
    let pairs;
    const same = (x, y) => x.length === y.length && x.every((d, i) => d === y[i]);
    if (same(key.shape, given.shape)) pairs = key.entries.map((k, i) => [i, k, given.entries[i]]);
    else if (same(key.shape, [2]) && !given.shape.length && req(key.entries[0], key.entries[1])) {
      pairs = [[0, key.entries[0], given.entries[0]], [1, key.entries[1], given.entries[0]]];
    } else if (!key.shape.length && same(given.shape, [2]) && sameValue(given.entries[0], given.entries[1])) {
      pairs = [[0, key.entries[0], given.entries[0]]];
    } else {
      return { unreadable: shapeText(given.shape) + " where the key has " + shapeText(key.shape) };
    }
    return pairs.every(([i, k, g]) => accepts(bound(tolerance, i), k, g)) ? "right" : "wrong";
  }
  function keyText(v) {
    if (typeof v === "string") return v;
    if (Array.isArray(v)) return v.map(keyText).join(", ");
    return JSON.stringify(v);
  }
  function setOf(text) {
    const trimmed = text.replace(/^[\[\](){}]+|[\[\](){}]+$/g, "");
    const items = (" " + trimmed + " ").split(" and ").join(",").split(/[,;]/).map(normalize).filter((s) => s);
    return Array.from(new Set(items)).sort();
  }
  function compareValue(value, exactValue, tolerance, raw, given) {
    if (typeof value === "string") return normalize(value) === normalize(raw) ? "right" : "wrong";
    if (typeof value === "boolean") return normalize(String(value)) === normalize(raw) ? "right" : "wrong";
    if (value === null || value === undefined) return "wrong";
    if (typeof value === "object" && !Array.isArray(value)) {
      if (!given.object) {
        return { unreadable: "expected named parts like " + Object.keys(value).map((k) => k + "=...").join("; ") };
      }
      const names = Object.keys(value);
      const right = given.object.length === names.length && names.every((k) => {
        const found = given.object.find(([name]) => normalize(name) === normalize(k));
        return found && compareValue(value[k], exactValue && exactValue[k], tolerance, found[1], parseGiven(found[1])) === "right";
      });
      return right ? "right" : "wrong";
    }
    const key = keyNumbers(value, exactValue);
    if (!key) return "wrong";
    let submitted;
    try { submitted = givenNumbers(given); } catch (why) { return { unreadable: why }; }
    return compareNumbers(key, submitted, tolerance);
  }

  // The verdict on typed text for one key answer: "right", "wrong" or { unreadable: why }.
  function verdict(answer, raw) {
    if (answer.grading === "set") {
      const a = setOf(raw), b = setOf(keyText(answer.value));
      return a.length === b.length && a.every((x, i) => x === b[i]) ? "right" : "wrong";
    }
    return compareValue(answer.value, answer.exact, answer.tolerance, raw, parseGiven(raw));
  }

  // ---- the page ---------------------------------------------------------------------------

  function checkProblem(section, answers) {
    let right = 0, all = 0;
    section.querySelectorAll("[data-answer-id]").forEach((input) => {
      const answer = answers.find((a) => a.id === input.dataset.answerId);
      if (!answer) return;
      const v = verdict(answer, input.value);
      input.dataset.state = v === "right" ? "right" : "wrong";
      all++;
      if (v === "right") right++;
      const note = document.getElementById(input.id + "-note");
      if (!note) return;
      if (v === "right") note.textContent = "\u2713 right";
      else if (!input.value.trim()) note.textContent = "\u2717 no answer yet";
      else if (v === "wrong") note.textContent = "\u2717 not yet";
      else note.textContent = "\u2717 cannot read it: " + v.unreadable;
    });
    const summary = section.querySelector("output[data-summary]");
    if (summary) summary.textContent = right + " of " + all + " right";
  }
  function setUp() {
    document.querySelectorAll("section[data-problem]").forEach((section) => {
      const script = section.querySelector("script[data-key]");
      const key = script ? JSON.parse(script.textContent) : [];
      section.querySelectorAll("[data-check]").forEach((button) => {
        button.addEventListener("click", () => checkProblem(section, key));
      });
      section.querySelectorAll("[data-answer-id]").forEach((input) => {
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter") { e.preventDefault(); checkProblem(section, key); }
        });
        input.addEventListener("input", () => { delete input.dataset.state; });
      });
      const steps = Array.from(section.querySelectorAll("details.step"));
      const next = section.querySelector("[data-next-step]");
      if (next) {
        next.hidden = false;
        next.addEventListener("click", () => {
          const closed = steps.find((d) => !d.open);
          if (closed) closed.open = true;
          if (steps.every((d) => d.open)) next.disabled = true;
        });
      }
    });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { parseGiven, evaluate, verdict };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
