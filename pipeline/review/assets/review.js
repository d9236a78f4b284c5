// keikaku review: selecting a node lights its tree entry and its boxes (or source lines)
// together and scrolls each pane to them. Links work without this script: it only adds
// the selection and keeps both panes in view.
"use strict";
(function () {
  let selected = [];

  function select(id) {
    for (const element of selected) element.classList.remove("selected");
    selected = Array.from(document.querySelectorAll("[data-node]")).filter(
      (element) => element.dataset.node === id
    );
    for (const element of selected) element.classList.add("selected");
    return selected;
  }

  function reveal(element) {
    if (element) element.scrollIntoView({ block: "center", inline: "nearest" });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (link.dataset.node) {
      event.preventDefault();
      select(link.dataset.node);
      // from the tree: show the node's first box; from a box or line: its tree entry
      reveal(target);
      if (!link.classList.contains("node")) reveal(document.getElementById("t-" + link.dataset.node));
      history.replaceState(null, "", link.hash);
    } else if (target) {
      event.preventDefault();
      for (const element of selected) element.classList.remove("selected");
      selected = [target, link];
      target.classList.add("selected");
      link.classList.add("selected");
      reveal(target);
      history.replaceState(null, "", link.hash);
    }
  });

  // opened at a node's address (index.html#t-ch3.s1): select it
  const start = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (start && start.dataset.node) {
    select(start.dataset.node);
    reveal(document.getElementById("t-" + start.dataset.node));
    reveal(document.getElementById(decodeURIComponent(start.hash.slice(1))));
  }
})();
