/*
 * Back Spasm Guide: search that loads only when it is used, and forgives typos.
 *
 * The one file where the site hooks Material for MkDocs' code (checked against Material 9.8.2;
 * tests/test_search_hooks.py fails if an upgrade changes what is relied on here). Material 9.8 has
 * no public hook for this (the old global `__search` object is gone from its bundle), so:
 *
 * 1. Lazy index. Material requests search/search_index.json (XMLHttpRequest) online, or adds a
 *    <script src=".../search/search_index.js"> from file://, as soon as a page loads. Both are held
 *    here until the reader shows they are about to search: focus, tap or hover on the search box
 *    or the header's search button, the "/", "s" or "f" keys, or a ?q= / ?h= link from a search.
 * 2. Lazy worker. window.Worker is wrapped (after the offline copy's iframe-worker shim): the real
 *    search worker starts on that same signal, not on page load.
 * 3. Typo tolerance. Messages follow Material's documented custom-worker protocol
 *    (0 SETUP, 1 READY, 2 QUERY, 3 RESULT: {items: groups of documents, suggest}). For each QUERY
 *    the exact search runs first; if a query word is not in the index (no indexed word starts with
 *    it), the words are corrected against the index's own vocabulary (edit distance, spelling by
 *    sound, run-together and split words) and searched again; pages found by the corrected query
 *    come first, the exact query's partial matches after them. If nothing at all is found, lunr's
 *    own edit-distance search (`word~1`, `word~2`) is tried. A query that is, or is a misspelling
 *    of, an emergency sign always gets the when-to-get-help page first. The corrected query is
 *    offered as a clickable "Did you mean" line.
 *
 * 4. Weighted words. Words on nearly every page ("back", "pain") count for little: each query word
 *    gets a lunr boost from how few pages have it (config.typo_search.weight, made at build time),
 *    so the distinctive word decides. When the best result matched only such common words, or only
 *    lunr's edit-distance search found anything, a "weak match" box offers two ways on; under the
 *    results a mailto: link lets the reader tell the editors what they searched for.
 *
 * The vocabulary, the lay words and the emergency signs come from data/ at build time
 * (backspasm_site/search.py: search_extras, in the index as config.typo_search); the words shown come from
 * data/site.yml labels (in the page). backspasm_site/quality/search_rank.py (Typo) does the same steps in Python; keep
 * the two in step (tests/test_search_typos.py compares them query by query).
 *
 * Timing: performance.measure("guide-search") from the last key in the search box to the results
 * being in the page, with detail {query, path: "exact" | "typo"} (scripts/bench.py reads it).
 */
(function () {
  "use strict"
  var SETUP = 0, QUERY = 2, RESULT = 3
  var INDEX = /(^|\/)search\/search_index\.js(on)?([?#]|$)/
  var wanted = false
  var held = []
  var workers = []

  /* ---- 1. hold the index until search is used ---------------------------------------------- */

  function want() {
    if (wanted) return
    wanted = true
    performance.mark("guide-search-wanted")
    workers.forEach(function (w) { w.start() })
    held.splice(0).forEach(function (release) { release() })
  }

  var xhrOpen = XMLHttpRequest.prototype.open
  var xhrSend = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    this.guideIndex = INDEX.test(String(url))
    return xhrOpen.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments
    if (xhr.guideIndex && !wanted) {
      held.push(function () {
        if (xhr.readyState === 1) xhrSend.apply(xhr, args)  // not aborted meanwhile
      })
      return
    }
    return xhrSend.apply(xhr, args)
  }

  var head = document.head
  var headAppend = head.appendChild
  head.appendChild = function (node) {
    if (!wanted && node && node.tagName === "SCRIPT" && INDEX.test(node.src)) {
      held.push(function () { headAppend.call(head, node) })
      return node
    }
    return headAppend.apply(head, arguments)
  }

  var INTENT = ".md-search, label[for='__search'], #__search"
  function onIntent(ev) {
    if (ev.target && ev.target.closest && ev.target.closest(INTENT)) want()
  }
  ;["focusin", "pointerdown", "pointerover", "touchstart", "mouseover"].forEach(function (type) {
    document.addEventListener(type, onIntent, {capture: true, passive: true})
  })
  document.addEventListener("keydown", function (ev) {
    if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !ev.ctrlKey && !ev.metaKey && !ev.altKey) want()
  }, true)
  var params = new URLSearchParams(location.search)
  if (params.has("q") || params.has("h")) want()

  /* ---- 3. typo tolerance: the same steps as backspasm_site/quality/search_rank.py (Typo) ---- */

  var words = null

  /** Restricted Damerau-Levenshtein distance (adjacent swaps cost 1). */
  function osa(a, b) {
    var prev2 = null, prev = [], cur, i, j
    for (j = 0; j <= b.length; j++) prev.push(j)
    for (i = 1; i <= a.length; i++) {
      cur = [i]
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1)
        cur.push(v)
      }
      prev2 = prev
      prev = cur
    }
    return prev[b.length]
  }

  /** Spelling by sound: ph/f, c/k, z/s, y/i, British ae/oe/ou, doubled letters (kept per word). */
  var sounds = new Map()
  function sound(w) {
    var s = sounds.get(w)
    if (s === undefined) {
      s = w.replace(/ph/g, "f").replace(/ck/g, "k").replace(/[cq]/g, "k").replace(/z/g, "s")
        .replace(/y/g, "i").replace(/ae|oe/g, "e").replace(/ou/g, "o").replace(/(.)\1+/g, "$1")
      sounds.set(w, s)
    }
    return s
  }

  function distance(a, b) { return Math.min(osa(a, b), osa(sound(a), sound(b))) }

  /** How many slips a word of this length may have and still be corrected. */
  function budget(n) { return n < 3 ? 0 : n <= 5 ? 1 : 2 }

  /** ... and still count as that emergency word. */
  function emergencyBudget(n) { return n <= 3 ? 0 : n <= 8 ? 1 : 2 }

  function setup(typoSearch, separator) {
    var list = typoSearch.vocab.split(" ")
    var df = {}
    list.forEach(function (w, i) { df[w] = typoSearch.df[i] })
    words = {
      list: list, df: df, weight: typoSearch.weight, top: typoSearch.top, lay: new Set(typoSearch.lay.split(" ")), emergency: typoSearch.emergency, help: typoSearch.help,
      separator: new RegExp(separator, "g")
    }
  }

  /** Lower-cased words of the query with their [start, end) in it, split like the index. */
  function spans(query) {
    var out = [], sep = words.separator, text = query.toLowerCase(), at = 0, m
    sep.lastIndex = 0
    while ((m = sep.exec(text)) !== null) {
      if (m.index > at) out.push([text.slice(at, m.index), at, m.index])
      at = m.index + m[0].length
      if (!m[0].length) sep.lastIndex++
    }
    if (at < text.length) out.push([text.slice(at), at, text.length])
    return out
  }

  function tokens(text) { return spans(text).map(function (s) { return s[0] }) }

  /** Material adds a trailing wildcard: a word is in the index if an indexed word starts with it. */
  function known(t) {
    var list = words.list, lo = 0, hi = list.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (list[mid] < t) lo = mid + 1; else hi = mid
    }
    return lo < list.length && list[lo].slice(0, t.length) === t
  }

  function isWord(t) { return Object.prototype.hasOwnProperty.call(words.df, t) }

  function better(a, b, t) {  // sort key: distance, same first letter, lay word, more entries, a-z
    return a.d - b.d || (a.w[0] !== t[0]) - (b.w[0] !== t[0]) ||
      words.lay.has(b.w) - words.lay.has(a.w) || words.df[b.w] - words.df[a.w] || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0)
  }

  /** The closest indexed word within the budget, as {w, d}, or null. */
  function nearest(t) {
    var k = budget(t.length), best = null
    if (!k || /\d/.test(t)) return null
    words.list.forEach(function (w) {
      if (w.length < 3 || Math.abs(w.length - t.length) > 2 || /\d/.test(w)) return
      var d = distance(t, w)
      if (d <= k && (best === null || better({w: w, d: d}, best, t) < 0)) best = {w: w, d: d}
    })
    return best
  }

  /** "backpain" -> ["back", "pain"]: both halves indexed words of 3+ letters, the commonest pair. */
  function splitWord(t) {
    var best = null, score = 0
    for (var i = 3; i <= t.length - 3; i++) {
      var a = t.slice(0, i), b = t.slice(i)
      if (isWord(a) && isWord(b)) {
        var s = Math.min(words.df[a], words.df[b])
        if (s > score) { best = [a, b]; score = s }
      }
    }
    return best
  }

  /** "codaequina" -> ["equina"]: the longest indexed word of 4+ letters at either end, the rest
   * corrected if it can be, else left out. */
  function halfWord(t) {
    for (var n = t.length - 3; n > 3; n--) {
      var pairs = [[t.slice(0, n), t.slice(n)], [t.slice(-n), t.slice(0, -n)]]
      for (var i = 0; i < 2; i++) {
        var word = pairs[i][0], rest = pairs[i][1]
        if (isWord(word)) {
          var near = nearest(rest)
          if (near === null) return [word]
          return word === t.slice(0, n) ? [word, near.w] : [near.w, word]
        }
      }
    }
    return null
  }

  /** A correction for an unknown word: [replacement words, shown in "Did you mean"]. */
  function correct(t) {
    if (t.length >= 4 && t.slice(-2) === "nt") {  // "dont" typed for "don't": as if typed with the apostrophe
      var ws = tokens(t.slice(0, -1) + "'t")
      if (ws.every(known)) return [ws, false]
    }
    var near = nearest(t)
    if (near && near.d <= 1) return [[near.w], true]
    var parts = splitWord(t)
    if (parts) return [parts, true]
    if (near) return [[near.w], true]
    parts = halfWord(t)
    if (parts) return [parts, true]
    return null
  }

  /** How much a typed word counts: the weight of the commonest indexed word it starts (wildcard). */
  function weight(t) {
    var list = words.list, lo = 0, hi = list.length, best = null
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (list[mid] < t) lo = mid + 1; else hi = mid
    }
    for (; lo < list.length && list[lo].slice(0, t.length) === t; lo++) {
      if (best === null || words.weight[lo] < best) best = words.weight[lo]
    }
    return best === null ? words.top : best
  }

  var LUNR_SYNTAX = /["+~^*]|(^|\s)-/  // quotes, presence, edit distance, boost, wildcard: sent as typed

  /** The lunr query that lets the distinctive word decide ("mood^8 mood*^4 back^2 back*^1"), or null
   * to send the query as typed: when all its words weigh the same, or it uses lunr's own syntax.
   * Each word is also searched as a whole word, EXACT times stronger: "tens" finds TENS before "tension". */
  var EXACT = 2
  function weighted(query) {
    if (query === null || LUNR_SYNTAX.test(query)) return null
    var terms = tokens(query), ws = terms.map(weight)
    if (new Set(ws).size < 2) return null
    return terms.map(function (t, i) { return t + "^" + ws[i] * EXACT + " " + t + "*^" + ws[i] }).join(" ")
  }

  function matchesEmergencyWord(q, p) {
    return q === p || (q.length >= 4 && p.slice(0, q.length) === q) || distance(q, p) <= emergencyBudget(p.length)
  }

  /**
   * What to search for: {exact: the words, typo: corrected query or null, fuzzy: lunr edit-distance
   * query, didYouMean: the reader's query with corrections or null, emergency: bool}.
   */
  function plan(query) {
    var sp = spans(query)
    var out = [], shown = [], changed = false, unknown = false
    for (var i = 0; i < sp.length; i++) {
      var t = sp[i][0]
      if (known(t)) { out.push(t); continue }
      unknown = true
      var next = sp[i + 1]
      if (next && isWord(t + next[0])) {  // "pain killers" -> "painkillers"
        out.push(t + next[0])
        shown.push([sp[i][1], next[2], t + next[0]])
        changed = true
        i++
        continue
      }
      if (i > 0 && isWord(sp[i - 1][0] + t) && out[out.length - 1] === sp[i - 1][0]) {  // "physio therapy"
        out[out.length - 1] = sp[i - 1][0] + t
        shown.push([sp[i - 1][1], sp[i][2], sp[i - 1][0] + t])
        changed = true
        continue
      }
      var fix = correct(t)
      if (fix === null) continue
      out.push.apply(out, fix[0])
      if (fix[1]) {
        shown.push([sp[i][1], sp[i][2], fix[0].join(" ")])
        changed = true
      }
    }
    var mine = sp.map(function (s) { return s[0] }).concat(out)
    var emergency = words.emergency.some(function (phrase) {
      return phrase.every(function (p) {
        return mine.some(function (q) { return matchesEmergencyWord(q, p) })
      })
    })
    var didYouMean = null
    if (changed) {
      didYouMean = query
      shown.sort(function (a, b) { return b[0] - a[0] }).forEach(function (s) {
        didYouMean = didYouMean.slice(0, s[0]) + s[2] + didYouMean.slice(s[1])
      })
    }
    return {
      exact: sp.map(function (s) { return s[0] }),
      typo: unknown && out.length ? out.join(" ") : null,
      query: weighted(query),
      typoQuery: unknown && out.length ? weighted(out.join(" ")) : null,
      fuzzy: sp.map(function (s) { return s[0] + "~" + Math.max(1, budget(s[0].length)) }).join(" "),
      didYouMean: didYouMean,
      emergency: emergency
    }
  }

  function pageOf(group) { return group[0].location.split("#")[0] }

  function merge(first, then) {
    var seen = new Set(first.map(pageOf))
    return first.concat(then.filter(function (g) { return !seen.has(pageOf(g)) }))
  }

  /* ---- 2. the worker: started on demand; queries go through the typo steps ------------------ */

  var RealWorker = window.Worker
  var docs = new Map()
  var latest = 0
  var lastKey = 0

  function LazyWorker(url, options) {
    var target = new EventTarget()
    this.addEventListener = target.addEventListener.bind(target)
    this.removeEventListener = target.removeEventListener.bind(target)
    this.dispatchEvent = target.dispatchEvent.bind(target)
    this.onmessage = this.onerror = null
    this.url = url
    this.options = options
    this.real = null
    this.queue = []
    this.waiting = []
    workers.push(this)
    if (wanted) this.start()
  }

  LazyWorker.prototype.start = function () {
    if (this.real) return
    var self = this
    this.real = new RealWorker(this.url, this.options)
    this.real.addEventListener("message", function (ev) { self.received(ev.data) })
    this.real.addEventListener("error", function (ev) {
      self.dispatchEvent(new ErrorEvent("error", {message: ev.message, error: ev.error}))
    })
    this.queue.splice(0).forEach(function (m) { self.real.postMessage(m) })
  }

  LazyWorker.prototype.send = function (message) {
    if (this.real) this.real.postMessage(message); else this.queue.push(message)
  }

  LazyWorker.prototype.deliver = function (message) {
    var ev = new MessageEvent("message", {data: message})
    this.dispatchEvent(ev)
    if (typeof this.onmessage === "function") this.onmessage(ev)
  }

  LazyWorker.prototype.received = function (message) {
    if (message && message.type === RESULT && this.waiting.length) this.waiting.shift()(message.data)
    else this.deliver(message)
  }

  LazyWorker.prototype.ask = function (query) {
    var self = this
    return new Promise(function (resolve) {
      self.waiting.push(resolve)
      self.send({type: QUERY, data: query})
    })
  }

  LazyWorker.prototype.postMessage = function (message) {
    if (message && message.type === SETUP && message.data.config.typo_search) {
      var config = Object.assign({}, message.data.config)
      setup(config.typo_search, config.separator)
      delete config.typo_search
      message.data.docs.forEach(function (d) { if (!docs.has(d.location)) docs.set(d.location, d) })
      message = {type: SETUP, data: Object.assign({}, message.data, {config: config})}
    } else if (message && message.type === QUERY && words) {
      this.search(message.data)
      return
    }
    this.send(message)
  }

  LazyWorker.prototype.search = async function (query) {
    var id = ++latest
    var start = lastKey || performance.now()
    lastKey = 0
    var p = plan(query)
    var exact = await this.ask(p.query || query)
    if (!p.exact.length) {  // nothing to search for (empty box, or only stop words)
      if (id === latest) {
        showDidYouMean(null)
        showWeak(false)
        showFeedback(query)
        this.deliver({type: RESULT, data: exact})
      }
      return
    }
    var result = exact, path = "exact", fuzzy = false
    if (p.typo || !exact.items.length) {
      path = "typo"
      var typo = p.typo ? await this.ask(p.typoQuery || p.typo) : {items: []}
      if (!typo.items.length && !exact.items.length && p.exact.length) {
        typo = await this.ask(p.fuzzy)
        fuzzy = true
      }
      result = {items: merge(typo.items, exact.items), suggest: typo.suggest || exact.suggest}
    }
    if (p.emergency) result = Object.assign({}, result, {items: helpFirst(result.items)})
    if (result !== exact) result = Object.assign({}, result, {items: ordered(result.items)})
    if (id !== latest) return  // the reader has typed on; a newer search is on its way
    showDidYouMean(p.didYouMean)
    showWeak(!p.emergency && (fuzzy || weak(result.items)))
    showFeedback(query)
    this.deliver({type: RESULT, data: result})
    var end = performance.now()
    try {
      performance.measure("guide-search", {start: start, end: end, detail: {query: query, path: path}})
    } catch (e) { /* older browsers: no timing */ }
  }

  function helpFirst(items) {
    var rest = items.filter(function (g) { return pageOf(g) !== words.help })
    var group = items.filter(function (g) { return pageOf(g) === words.help })[0]
    if (!group) group = docs.has(words.help) ? [Object.assign({}, docs.get(words.help), {score: 0, terms: {}})] : null
    return group ? [group].concat(rest) : items
  }

  /** Scores that follow the order shown (Enter opens the best score), each page's own spread kept. */
  function ordered(items) {
    var step = 1 + items.reduce(function (m, g) {
      return g.reduce(function (n, d) { return Math.max(n, d.score || 0) }, m)
    }, 0)
    return items.map(function (g, i) {
      return g.map(function (d) { return Object.assign({}, d, {score: (d.score || 0) + (items.length - i) * step}) })
    })
  }

  /** A weak best match: nothing found, or the best result matched only words that are on nearly
   * every page (weight COMMON or less: "back", "pain", "doctor"). */
  var COMMON = 1
  function weak(items) {
    if (!items.length) return true
    var terms = items[0][0].terms || {}
    return !Object.keys(terms).some(function (t) { return terms[t] && weight(t) > COMMON })
  }

  /* ---- words from data/site.yml, set by overrides/partials/search.html ---------------------- */

  function showWeak(on) {
    var box = document.querySelector(".search-weak")
    if (box) box.hidden = !on
  }

  /** "Tell us what you searched for": a mailto: link with the query filled in (the reader's own e-mail). */
  function showFeedback(query) {
    var line = document.querySelector(".search-feedback")
    if (!line) return
    line.hidden = !query.trim()
    var fill = function (text) { return text.split("{query}").join(query) }
    line.firstElementChild.href = "mailto:" + line.dataset.address + "?subject=" +
      encodeURIComponent(fill(line.dataset.subject)) + "&body=" + encodeURIComponent(fill(line.dataset.body))
  }

  function showDidYouMean(text) {
    var line = document.querySelector(".did-you-mean")
    if (!line) return
    line.textContent = ""
    line.hidden = !text
    if (!text) return
    // Material's Enter key reads data-md-score from the first child of every link in the result
    // box and opens the best: this link has the lowest, so Enter picks it only if nothing else is shown
    var link = document.createElement("a")
    var shown = document.createElement("span")
    link.href = "?q=" + encodeURIComponent(text)
    shown.dataset.mdScore = "-1"
    shown.textContent = text
    link.append(shown)
    line.append(line.dataset.label + " ", link)
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest(".did-you-mean a")
    if (!link) return
    ev.preventDefault()
    var box = document.querySelector("input[data-md-component=search-query]")
    box.value = link.textContent
    box.focus()
    box.dispatchEvent(new KeyboardEvent("keyup"))
  })

  function onKey(ev) {
    if (ev.target && ev.target.matches && ev.target.matches("input[data-md-component=search-query]")) {
      lastKey = performance.now()
    }
  }
  document.addEventListener("input", onKey, true)
  document.addEventListener("keydown", onKey, true)

  if (typeof RealWorker === "function") window.Worker = LazyWorker

  /* for the tests and the Python comparison: the plan for a query, once the index is in */
  window.guideSearch = {
    want: want,
    plan: function (query) { return words ? plan(query) : null },
    weight: function (t) { return words ? weight(t) : null },
    loaded: function () { return words !== null }
  }
})()
