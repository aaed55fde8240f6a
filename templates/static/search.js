// Search box of the built-in theme (docs/templates.md). Loads the Pagefind
// index the build writes under pagefind/ and lists matching articles,
// entities and sources. Every piece of content reaches the page as text
// (textContent, createElement): never as markup. No inline handlers, so a
// Content-Security-Policy of script-src 'self' 'wasm-unsafe-eval' works.
// Without JavaScript the form leads to the search page, which lists where
// to browse.
(function () {
  "use strict";

  var MAX_RESULTS = 8;
  var SNIPPET_WORDS = 24;
  var TYPE_LABELS = { article: "Article", entity: "Entity", source: "Source" };

  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = form.querySelector(".site-search-status");
  var list = form.querySelector(".site-search-results");
  if (!input || !status || !list) return;

  // The site root: the box's data-root is relative to this page (or an
  // absolute path on the 404 page), so this works under any sub-path.
  var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
  var bundle = new URL("pagefind/", root);
  var pagefind = null;
  var loading = null;
  var latest = 0;

  function say(text) {
    status.textContent = text;
  }

  if (location.protocol === "file:") {
    form.classList.add("site-search-unavailable");
    input.addEventListener("focus", function () {
      say("Search needs the site to be served over HTTP; it cannot work from files opened from disk.");
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say("Search needs the site to be served over HTTP; it cannot work from files opened from disk.");
    });
    return;
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind.js", bundle).href).then(function (module) {
        pagefind = module;
        return module.options({ excerptLength: SNIPPET_WORDS }).then(function () {
          return module;
        });
      });
      loading.catch(function () {
        say("Search could not be loaded. Browse the articles, entities and sources instead.");
      });
    }
    return loading;
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
    list.hidden = true;
  }

  // A snippet around the first match, matched words in <mark>: built from
  // the record's plain text and Pagefind's word positions, as text nodes.
  function snippet(data) {
    var paragraph = document.createElement("span");
    paragraph.className = "site-search-snippet";
    var words = String(data.content || "").split(/[\r\n\s]+/);
    var marked = {};
    var locations = data.locations || [];
    for (var i = 0; i < locations.length; i++) marked[locations[i]] = true;
    var first = locations.length ? Math.min.apply(null, locations) : 0;
    var start = Math.max(0, first - Math.floor(SNIPPET_WORDS / 3));
    var end = Math.min(words.length, start + SNIPPET_WORDS);
    if (start > 0) paragraph.appendChild(document.createTextNode("… "));
    for (var w = start; w < end; w++) {
      if (w > start) paragraph.appendChild(document.createTextNode(" "));
      if (marked[w]) {
        var mark = document.createElement("mark");
        mark.textContent = words[w];
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(words[w]));
      }
    }
    if (end < words.length) paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "site-search-result";
    // raw_url is the record's URL as the build wrote it: relative to the root.
    link.href = new URL(data.raw_url || data.url || "", root).href;
    var meta = data.meta || {};
    var type = document.createElement("span");
    type.className = "site-search-type";
    type.textContent = TYPE_LABELS[meta.type] || "Page";
    var title = document.createElement("span");
    title.className = "site-search-title";
    title.textContent = meta.title || data.raw_url || "";
    link.appendChild(type);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(title);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(snippet(data));
    li.appendChild(link);
    return li;
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      clear();
      say("");
      return;
    }
    load()
      .then(function (module) {
        return module.search(query);
      })
      .then(function (found) {
        if (!found || ticket !== latest) return null;
        var results = found.results.slice(0, MAX_RESULTS);
        return Promise.all(
          results.map(function (result) {
            return result.data();
          })
        ).then(function (datas) {
          return { total: found.results.length, datas: datas };
        });
      })
      .then(function (shown) {
        if (!shown || ticket !== latest) return;
        clear();
        shown.datas.forEach(function (data) {
          list.appendChild(item(data));
        });
        list.hidden = shown.datas.length === 0;
        // Which query the list shows (for tests and other scripts).
        list.setAttribute("data-query", query);
        if (shown.total === 0) say("No results for “" + query + "”.");
        else if (shown.total > shown.datas.length)
          say(shown.total + " results; the first " + shown.datas.length + " are shown.");
        else say(shown.total === 1 ? "1 result." : shown.total + " results.");
      })
      .catch(function () {
        if (ticket === latest) say("Search could not be loaded. Browse the articles, entities and sources instead.");
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

  input.addEventListener("focus", load);
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
