// Starts ReDoc on /redoc (an external script: the page's policy allows no inline one).
"use strict";
(function () {
  const root = document.getElementById("redoc");
  Redoc.init(root.dataset.openapi, { disableSearch: false }, root);
})();
