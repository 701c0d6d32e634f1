// Progressive enhancement only: every page works without this file, and nothing here
// is needed to read, navigate, filter, search or send a form.
(function () {
  "use strict";

  // "Copy" buttons for the example social media posts.
  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-copy-source]").forEach(function (item) {
      var text = item.querySelector(".social-post__text");
      if (!text || item.querySelector(".copy-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary copy-button";
      button.textContent = "Copy this post";
      var status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(text.textContent.trim()).then(
          function () { status.textContent = "Copied"; },
          function () { status.textContent = "Could not copy: select the text instead"; }
        );
      });
      item.appendChild(button);
      item.appendChild(status);
    });
  }

  // On a narrow screen a long menu (a year's days and sections) folds behind a button,
  // so the page's content is not a long scroll away. Without this script, or on a wide
  // screen, the whole menu shows.
  function foldMenus() {
    var narrow = window.matchMedia("(max-width: 40em)");
    document.querySelectorAll("[data-foldable-menu]").forEach(function (nav) {
      var list = nav.querySelector("ul");
      if (!list || !list.id || nav.querySelector(".menu-toggle")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "menu-toggle";
      button.textContent = nav.getAttribute("data-foldable-menu");
      button.setAttribute("aria-controls", list.id);
      button.setAttribute("aria-expanded", "false");
      list.parentNode.insertBefore(button, list);
      function show() {
        var open = button.getAttribute("aria-expanded") === "true";
        button.hidden = !narrow.matches;
        list.hidden = narrow.matches && !open;
      }
      button.addEventListener("click", function () {
        button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
        show();
      });
      // Older phones' browsers only know addListener.
      if (narrow.addEventListener) narrow.addEventListener("change", show);
      else if (narrow.addListener) narrow.addListener(show);
      show();
    });
  }

  // A form sent back with errors: move focus to its summary so it is read out first.
  // Each link in it moves focus to its answer with the question in view (the browser
  // alone would scroll the question off the top of the screen).
  function errorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field || !field.matches("input, select, textarea")) return;
        var group = field.closest(".field__group");
        var question = (group && group.querySelector("legend")) || (field.labels && field.labels[0]) || field;
        event.preventDefault();
        question.scrollIntoView();
        field.focus({ preventScroll: true });
      });
    });
    summary.focus();
  }

  // Each enhancement on its own, so one that a browser cannot run leaves the others working.
  function start() {
    [errorSummary, foldMenus, addCopyButtons].forEach(function (enhance) {
      try {
        enhance();
      } catch (error) {
        if (window.console) window.console.error(error);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
