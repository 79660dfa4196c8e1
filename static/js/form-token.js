// Forms in shared (cached) pages carry no CSRF token: fetch one when the form is first used
// (site/tavolone/pagecache/tokens.py) and add it before the form is sent.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-token-url]");
  Array.prototype.forEach.call(forms, function (form) {
    var pending = null;
    function field() {
      return form.querySelector("input[name=csrfmiddlewaretoken]");
    }
    function fetchToken() {
      if (!pending) {
        pending = fetch(form.getAttribute("data-token-url"), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            var input = field() || document.createElement("input");
            input.type = "hidden";
            input.name = "csrfmiddlewaretoken";
            input.value = data.token;
            form.appendChild(input);
          })
          .catch(function () {
            pending = null; // sent without it, the server explains what went wrong
          });
      }
      return pending;
    }
    form.addEventListener("focusin", fetchToken);
    form.addEventListener("submit", function (event) {
      if (field()) return;
      event.preventDefault();
      fetchToken().then(function () {
        form.submit();
      });
    });
  });
})();
