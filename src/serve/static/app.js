// undex search page: small conveniences only; every page works without it.
// Served from this server (the Content-Security-Policy allows no inline script).
"use strict";
document.addEventListener("keydown", function (e) {
  // "/" jumps to the search box, as on many search sites.
  var box = document.getElementById("q");
  if (!box || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target && e.target.tagName;
  if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") return;
  e.preventDefault();
  box.focus();
  box.select();
});
