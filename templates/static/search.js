// Search box of the built-in theme (docs/templates.md). Reads the index the
// build writes under search/data/ (format: docs/search-index.md) a piece at
// a time: one dictionary shard per query word, the postings of the stems it
// names, the document chunks of the results shown. Words are folded as the
// build folds them (fold below = text::fold in the generator); the
// dictionary maps every word form to its stem, so no stemmer runs here.
// Every piece of content reaches the page as text (textContent,
// createElement), never as markup; no inline handlers and no eval, so a
// Content-Security-Policy of default-src 'self' works. Without JavaScript
// the form leads to the search page, which lists where to browse.
(function () {
  "use strict";

  var FORMAT = 1;
  var MAX_RESULTS = 8;
  var SNIPPET_WORDS = 24;
  var PREFIX_STEMS = 6; // stems a word being typed may stand for
  var PHRASE_CHECKS = 40; // candidates read to confirm a quoted phrase
  // A result's page is read for its snippet (and quoted phrases) up to this
  // many bytes: a page made from a huge seed costs no more than that.
  var PAGE_BYTES = 1024 * 1024;
  // The English texts, for a search box that does not hand over its own
  // (a site's search_box.html from before they were translated).
  var ENGLISH = {
    article: "Article",
    entity: "Entity",
    source: "Source",
    tag: "Tag",
    metric: "Metric",
    page: "Page",
    unavailable: "Search needs the site to be served over HTTP; it cannot work from files opened from disk.",
    failed: "Search could not be loaded. Browse the articles, entities and sources instead.",
    none: "No results for \u201c{query}\u201d.",
    "results-one": "{count} result.",
    "results-other": "{count} results.",
    "shown-other": "{count} results; the first {shown} are shown."
  };

  var form = document.querySelector("form.site-search");
  if (!form) return;
  // The page's language (the site's), for plural categories and numbers.
  var lang = document.documentElement.lang || "en";
  var plurals = null;
  var numbers = null;
  try {
    plurals = new Intl.PluralRules(lang);
    numbers = new Intl.NumberFormat(lang);
  } catch (error) {
    plurals = numbers = null;
  }

  // A text of the search box's data-text-* attributes (made by the build
  // from the site's translation table), with {name} filled from values.
  function text(name, values) {
    var template = form.getAttribute("data-text-" + name);
    if (template === null) template = ENGLISH[name] || "";
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  // A text about a count, in the plural category the language gives it
  // (one, few, many… or other).
  function counted(name, count, values) {
    var category = plurals ? plurals.select(count) : count === 1 ? "one" : "other";
    var key = name + "-" + category;
    if (form.getAttribute("data-text-" + key) === null && !ENGLISH[key]) key = name + "-other";
    values.count = numbers ? numbers.format(count) : String(count);
    return text(key, values);
  }
  var input = form.querySelector("input[type=search]");
  var status = form.querySelector(".site-search-status");
  var list = form.querySelector(".site-search-results");
  if (!input || !status || !list) return;

  // The site root: the box's data-root is relative to this page (or an
  // absolute path on the 404 page), so this works under any sub-path.
  var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
  var data = new URL("search/data/", root);
  var fetched = new Map();
  var latest = 0;

  function say(text) {
    status.textContent = text;
  }

  if (location.protocol === "file:") {
    form.classList.add("site-search-unavailable");
    input.addEventListener("focus", function () {
      say(text("unavailable"));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say(text("unavailable"));
    });
    return;
  }

  // Each file once per page.
  function get(path, as) {
    var url = new URL(path, data).href;
    if (!fetched.has(url)) {
      fetched.set(
        url,
        fetch(url).then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status);
          return as === "bytes" ? response.arrayBuffer() : response.json();
        })
      );
    }
    return fetched.get(url);
  }

  function meta() {
    return get("index.json").then(function (index) {
      if (index.version !== FORMAT) throw new Error("search index format " + index.version);
      if (!index.shardSet) {
        index.shardSet = new Set(index.shards);
        index.splitSet = new Set(index.split);
      }
      return index;
    });
  }

  // --- Words, as the build folds them -----------------------------------

  var WORD = /[\p{Alphabetic}\p{N}_]+/gu;
  var LATIN_ACCENTED = /[\u00C0-\u024F]/g;

  function fold(word) {
    return word
      .replace(LATIN_ACCENTED, function (c) {
        return c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      })
      .replace(/[ёЁ]/g, "е")
      .toLowerCase();
  }

  function words(text) {
    return (String(text).normalize("NFC").match(WORD) || []).map(fold);
  }

  // Words, the quoted phrases among them, and whether the last word is
  // still being typed (then it also matches as a prefix).
  function parse(query) {
    var phrases = [];
    var quoted = /["“”«»„]([^"“”«»„]*)["“”«»„]?/g;
    var found;
    while ((found = quoted.exec(query))) {
      var phrase = words(found[1]);
      if (phrase.length > 1) phrases.push(phrase);
    }
    var all = words(query);
    var seen = new Set();
    var unique = all.filter(function (w) {
      if (seen.has(w)) return false;
      seen.add(w);
      return true;
    });
    var typing = all.length > 0 && /[\p{Alphabetic}\p{N}_]$/u.test(query);
    return { words: unique, last: typing ? all[all.length - 1] : null, phrases: phrases };
  }

  // --- Dictionary and postings ------------------------------------------

  function shardKey(index, form) {
    var chars = Array.from(form);
    var two = chars.slice(0, 2).join("");
    return index.splitSet.has(two) && chars.length >= 3 ? chars.slice(0, 3).join("") : two;
  }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  // The stems a word stands for: its own form's; for a form the site
  // never uses, a stem it starts with before an ending of up to three
  // letters (камаза → камаз, plants → plant); and while it is being typed
  // the most frequent stems of the forms it starts.
  function stemsOf(index, word, prefix) {
    var key = shardKey(index, word);
    if (!index.shardSet.has(key)) return Promise.resolve([]);
    return get("dict/" + hex(key) + ".json").then(function (shard) {
      var exact = [];
      var longer = [];
      shard.f.forEach(function (entry) {
        if (entry[0] === word) exact.push(entry[1]);
        else if (prefix && entry[0].startsWith(word)) longer.push(entry[1]);
      });
      if (!exact.length) {
        shard.s.forEach(function (stem, n) {
          var name = stem[5];
          if (name.length >= 3 && word.startsWith(name) && word.length - name.length <= 3) exact.push(n);
        });
      }
      longer.sort(function (a, b) {
        return shard.s[b][4] - shard.s[a][4];
      });
      var chosen = new Set(exact.concat(longer.slice(0, PREFIX_STEMS)));
      return Array.from(chosen, function (n) {
        var s = shard.s[n];
        return { file: s[0], offset: s[1], top: s[2], rest: s[3], df: s[4] };
      });
    });
  }

  function varint(bytes, at) {
    var value = 0;
    var shift = 0;
    for (;;) {
      var b = bytes[at.i++];
      value += (b & 0x7f) * Math.pow(2, shift);
      if (b < 0x80) return value;
      shift += 7;
    }
  }

  // Fetch options asking for `length` bytes from `offset`.
  function range(offset, length) {
    return { headers: { Range: "bytes=" + offset + "-" + (offset + length - 1) } };
  }

  // `length` bytes of a postings file from `offset`, read by an HTTP range
  // (a file holds many stems' postings); from a host that ignores ranges,
  // cut from the whole file.
  function postingsPart(file, offset, length) {
    var url = new URL("postings/" + file + ".bin", data).href;
    var key = url + "#" + offset + "+" + length;
    if (!fetched.has(key)) {
      fetched.set(
        key,
        fetch(url, range(offset, length)).then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status);
          var start = /^bytes (\d+)-/.exec(response.headers.get("Content-Range") || "");
          var part = response.status === 206 && start && Number(start[1]) === offset;
          return response.arrayBuffer().then(function (buffer) {
            return part ? new Uint8Array(buffer, 0, length) : new Uint8Array(buffer, offset, length);
          });
        })
      );
    }
    return fetched.get(key);
  }

  // Document → impact for one stem: its best documents, and with whole set
  // the rest too.
  function postings(stem, whole) {
    var length = stem.top + (whole ? stem.rest : 0);
    return postingsPart(stem.file, stem.offset, length).then(function (bytes) {
      var found = new Map();
      var at = { i: 0 };
      var count = varint(bytes, at);
      for (var n = 0; n < count; n++) {
        var doc = varint(bytes, at);
        found.set(doc, bytes[at.i++]);
      }
      if (whole && stem.rest > 0) {
        var more = varint(bytes, at);
        var previous = 0;
        for (var m = 0; m < more; m++) {
          previous += varint(bytes, at);
          found.set(previous, bytes[at.i++]);
        }
      }
      return found;
    });
  }

  // One word's documents: the union of its stems' (the best impact).
  function wordPostings(stems, whole) {
    return Promise.all(
      stems.map(function (stem) {
        return postings(stem, whole);
      })
    ).then(function (maps) {
      var union = new Map();
      maps.forEach(function (map) {
        map.forEach(function (impact, doc) {
          if ((union.get(doc) || 0) < impact) union.set(doc, impact);
        });
      });
      return union;
    });
  }

  // Documents matching every word (a word in more than half the documents
  // only adds to the score), best first.
  function rank(index, parsed) {
    return Promise.all(
      parsed.words.map(function (word) {
        return stemsOf(index, word, word === parsed.last);
      })
    ).then(function (stemLists) {
      if (stemLists.some(function (stems) { return stems.length === 0; })) return [];
      var several = stemLists.length > 1;
      var common = stemLists.map(function (stems) {
        return stems.reduce(function (sum, s) { return sum + s.df; }, 0) > index.documents / 2;
      });
      if (common.every(Boolean)) common = common.map(function () { return false; });
      return Promise.all(
        stemLists.map(function (stems, i) {
          return wordPostings(stems, several && !common[i]);
        })
      ).then(function (maps) {
        var required = maps.filter(function (_, i) { return !common[i]; });
        required.sort(function (a, b) { return a.size - b.size; });
        var scores = [];
        required[0].forEach(function (impact, doc) {
          var score = 0;
          for (var i = 0; i < maps.length; i++) {
            var own = maps[i].get(doc);
            if (own === undefined && !common[i]) return;
            score += own || 0;
          }
          scores.push([doc, score]);
        });
        scores.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return scores.map(function (pair) { return pair[0]; });
      });
    });
  }

  function docMeta(index, doc) {
    var chunk = Math.floor(doc / index.documents_per_chunk);
    return get("docs/" + chunk + ".json").then(function (rows) {
      var row = rows[doc % index.documents_per_chunk];
      return { url: row[0], kind: row[1], title: row[2], summary: row[3] };
    });
  }

  // The reading text of a result's page (articles and free pages), for
  // its snippet and to confirm a quoted phrase; of a page larger than
  // PAGE_BYTES, the text of its first PAGE_BYTES (`doc.partial` is then
  // set).
  function pageText(doc) {
    if (doc.text === undefined) {
      // Static hosts answer a range with that part of the file (206); one
      // that sends the whole file is read only as far as PAGE_BYTES.
      doc.text = fetch(new URL(doc.url, root).href, range(0, PAGE_BYTES))
        .then(function (response) {
          return response.ok ? firstBytes(response, doc) : "";
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var body = page.querySelector(".prose") || page.querySelector("main");
          return body ? readingText(page, body) : "";
        })
        .catch(function () {
          return "";
        });
    }
    return doc.text;
  }

  // A response's text, read no further than PAGE_BYTES.
  function firstBytes(response, doc) {
    var whole = /\/(\d+)$/.exec(response.headers.get("Content-Range") || "");
    if (response.status === 206 && whole && Number(whole[1]) > PAGE_BYTES) doc.partial = true;
    var length = Number(response.headers.get("Content-Length"));
    if (!response.body || !response.body.getReader || typeof TextDecoder === "undefined") {
      if (length > PAGE_BYTES) {
        doc.partial = true;
        return "";
      }
      return response.text();
    }
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var text = "";
    var read = 0;
    function more() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return text + decoder.decode();
        read += chunk.value.length;
        text += decoder.decode(chunk.value, { stream: true });
        if (read < PAGE_BYTES) return more();
        doc.partial = true;
        reader.cancel().catch(function () {});
        return text;
      });
    }
    return more();
  }

  // A page's text as a reader reads it: footnote numbers and the notes
  // themselves left out (they would glue "partner.1" together), a space
  // between paragraphs, list items and cells (textContent runs them
  // together).
  function readingText(page, body) {
    var skipped = body.querySelectorAll("sup.noteref, [role='doc-endnotes'], [aria-hidden='true']");
    for (var i = 0; i < skipped.length; i++) skipped[i].remove();
    var blocks = body.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, th, dt, dd, figcaption");
    for (var j = 0; j < blocks.length; j++) blocks[j].appendChild(page.createTextNode(" "));
    return body.textContent.replace(/\s+/g, " ");
  }

  function hasPhrase(text, phrase) {
    var all = words(text);
    outer: for (var i = 0; i + phrase.length <= all.length; i++) {
      for (var j = 0; j < phrase.length; j++) {
        if (all[i + j] !== phrase[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  function textOf(doc) {
    var own = doc.title + " " + doc.summary;
    return doc.kind === "article" || doc.kind === "page"
      ? pageText(doc).then(function (text) { return own + " " + text; })
      : Promise.resolve(own);
  }

  // --- Results ------------------------------------------------------------

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
  }

  // The list opens under the box, moved sideways as far as it takes to
  // stay inside the viewport (the box may sit anywhere in the header).
  var MARGIN = 8;
  function place() {
    if (list.hidden) return;
    list.style.left = "0px";
    var rect = list.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var shift = 0;
    if (rect.right > width - MARGIN) shift = width - MARGIN - rect.right;
    if (rect.left + shift < MARGIN) shift = MARGIN - rect.left;
    list.style.left = shift + "px";
  }
  window.addEventListener("resize", place);

  // A snippet around the first matched word, matched words in <mark>, as
  // text nodes; isolated from the text around it (bdi).
  function snippet(text, parsed) {
    var box = document.createElement("bdi");
    box.className = "site-search-snippet";
    var pieces = String(text).split(/\s+/).filter(Boolean);
    var matches = function (piece) {
      return words(piece).some(function (w) {
        return parsed.words.some(function (q) {
          return w === q || (q === parsed.last && w.startsWith(q));
        });
      });
    };
    var first = pieces.findIndex(matches);
    var start = Math.max(0, (first < 0 ? 0 : first) - Math.floor(SNIPPET_WORDS / 3));
    var end = Math.min(pieces.length, start + SNIPPET_WORDS);
    if (start > 0) box.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      if (i > start) box.appendChild(document.createTextNode(" "));
      if (matches(pieces[i])) {
        var mark = document.createElement("mark");
        mark.textContent = pieces[i];
        box.appendChild(mark);
      } else {
        box.appendChild(document.createTextNode(pieces[i]));
      }
    }
    if (end < pieces.length) box.appendChild(document.createTextNode(" …"));
    return box;
  }

  function item(doc, parsed) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "site-search-result";
    link.href = new URL(doc.url, root).href;
    var type = document.createElement("span");
    type.className = "site-search-type";
    type.textContent = text(ENGLISH[doc.kind] ? doc.kind : "page");
    var title = document.createElement("bdi");
    title.className = "site-search-title";
    title.textContent = doc.title || doc.url;
    link.appendChild(type);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(title);
    link.appendChild(document.createTextNode(" "));
    var shown = snippet(doc.summary, parsed);
    link.appendChild(shown);
    li.appendChild(link);
    if (doc.kind === "article" || doc.kind === "page") {
      pageText(doc).then(function (text) {
        if (text && li.isConnected) link.replaceChild(snippet(text, parsed), shown);
      });
    }
    return li;
  }

  // The first results that hold every quoted phrase (read from their text).
  function confirm(index, ranked, parsed) {
    var shown = [];
    var checked = 0;
    function next() {
      if (shown.length >= MAX_RESULTS || checked >= ranked.length || checked >= PHRASE_CHECKS)
        return Promise.resolve(shown);
      var doc = ranked[checked++];
      return docMeta(index, doc).then(function (found) {
        return textOf(found).then(function (text) {
          // A page read only in part may hold the phrase further on.
          var ok = parsed.phrases.every(function (phrase) {
            return hasPhrase(text, phrase) || found.partial === true;
          });
          if (ok) shown.push(found);
          return next();
        });
      });
    }
    return next();
  }

  function search(query) {
    var ticket = ++latest;
    var parsed = parse(query);
    if (!parsed.words.length) {
      clear();
      say("");
      return;
    }
    meta()
      .then(function (index) {
        return rank(index, parsed).then(function (ranked) {
          var shown = parsed.phrases.length
            ? confirm(index, ranked, parsed)
            : Promise.all(ranked.slice(0, MAX_RESULTS).map(function (doc) {
                return docMeta(index, doc);
              }));
          return shown.then(function (docs) {
            return { docs: docs, total: parsed.phrases.length ? docs.length : ranked.length };
          });
        });
      })
      .then(function (found) {
        if (ticket !== latest) return;
        clear();
        found.docs.forEach(function (doc) {
          list.appendChild(item(doc, parsed));
        });
        list.hidden = found.docs.length === 0;
        place();
        // Which query the list shows (for tests and other scripts).
        list.setAttribute("data-query", query);
        if (found.total === 0) say(text("none", { query: query }));
        else if (found.total > found.docs.length)
          say(counted("shown", found.total, {
            shown: numbers ? numbers.format(found.docs.length) : String(found.docs.length)
          }));
        else say(counted("results", found.total, {}));
      })
      .catch(function () {
        if (ticket === latest) say(text("failed"));
      });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function move(from, step) {
    var all = links();
    if (!all.length) return;
    var index = all.indexOf(from);
    var next = index + step;
    if (next < 0) input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  }

  input.addEventListener("focus", function () {
    meta().catch(function () {});
  });
  input.addEventListener("input", function () {
    search(input.value);
  });
  form.addEventListener("submit", function (event) {
    var first = links()[0];
    if (first) {
      event.preventDefault();
      location.href = first.href;
    }
  });
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Escape") {
      if (!list.hidden || input.value) {
        event.preventDefault();
        clear();
        say("");
        input.focus();
      }
    } else if (event.key === "ArrowDown") {
      if (target === input || list.contains(target)) {
        event.preventDefault();
        move(target, 1);
      }
    } else if (event.key === "ArrowUp") {
      if (list.contains(target)) {
        event.preventDefault();
        move(target, -1);
      }
    }
  });

  // The search page (search/index.html?q=…): the query the form sent.
  var query = new URLSearchParams(location.search).get("q");
  if (query && document.querySelector("[data-search-page]")) {
    input.value = query;
    search(query);
  }
})();
