/* Search-as-you-type for every input with data-autocomplete-url (the header box, /cerca/).
   An ARIA 1.2 combobox: arrows move, Enter opens, Escape closes. Titles are inserted as text,
   never as HTML. No dependencies. */
(function () {
  "use strict";
  var KIND = { space: "Spazio", news: "News", thread: "Forum" };
  if (document.documentElement.lang && document.documentElement.lang.indexOf("en") === 0) {
    KIND = { space: "Space", news: "News", thread: "Thread" };
  }

  function setup(input, n) {
    var url = input.getAttribute("data-autocomplete-url");
    var list = document.createElement("ul");
    var timer = null, controller = null, items = [], active = -1;
    list.id = "tv-ac-" + n;
    list.className = "tv-autocomplete list-unstyled";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    // Styled here so that no stylesheet of another app has to know about the dropdown.
    list.style.cssText = "position:absolute;top:100%;left:0;z-index:1050;min-width:18rem;" +
      "background:#fff;color:#212529;border:1px solid #ced4da;border-radius:.25rem;" +
      "box-shadow:0 .25rem .75rem rgba(0,0,0,.15);margin:0;padding:.25rem 0;text-align:left";
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      active = i;
      items.forEach(function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
        li.style.background = j === i ? "#e9ecef" : "";
      });
      if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); }
    }
    function render(results) {
      list.textContent = "";
      items = results.map(function (r, i) {
        var li = document.createElement("li"), a = document.createElement("a"), k = document.createElement("span");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.style.cssText = "padding:.25rem .75rem;display:flex;justify-content:space-between;gap:.5rem;cursor:pointer";
        k.style.cssText = "font-size:.75rem;color:#6c757d";
        a.href = r.url; a.textContent = r.title; a.tabIndex = -1;
        k.className = "tv-ac-kind"; k.textContent = KIND[r.kind] || r.kind;
        li.appendChild(a); li.appendChild(k);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = r.url; });
        list.appendChild(li);
        return li;
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      active = -1;
    }
    function lookup() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), { signal: controller && controller.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () { /* aborted or offline: the form still submits */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].firstChild.href; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  var inputs = document.querySelectorAll("input[data-autocomplete-url]");
  for (var i = 0; i < inputs.length; i++) { setup(inputs[i], i); }
})();
