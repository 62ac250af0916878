/* Accessibility repair for Dash 4's dcc.Dropdown: it puts the keyboard tab stop on a hidden
   input marked aria-hidden="true" (so a screen reader announces nothing) and takes the
   labelled button out of the tab order. Move the tab stop to the button; Enter or Space
   still opens the list, arrows move, Enter picks. Re-applied whenever Dash re-renders. */
(function () {
  "use strict";
  /* Its accessible name comes from parts of its value, in an order and spacing other than
     the ones shown; name it by its field label followed by its own content, as displayed. */
  function relabel(button) {
    var id = button.id;
    if (!id || !document.getElementById("label-" + id)) { return; }
    var wanted = "label-" + id + " " + id;
    if (button.getAttribute("aria-labelledby") !== wanted) {
      button.setAttribute("aria-labelledby", wanted);
    }
  }
  function repair(root) {
    document.querySelectorAll("button.dash-dropdown").forEach(relabel);
    /* The "x" inside the button is a mouse shortcut (not focusable, the list has its own
       clear action); as content it would make the button's visible text differ from its name. */
    document.querySelectorAll(".dash-dropdown-clear:not([aria-hidden])").forEach(function (a) {
      a.setAttribute("aria-hidden", "true");
    });
    var targets = (root.querySelectorAll ? root : document)
      .querySelectorAll(".dash-dropdown-focus-target[tabindex='0']");
    targets.forEach(function (input) {
      var button = input.nextElementSibling;
      if (button && button.classList.contains("dash-dropdown")) {
        input.tabIndex = -1;
        button.tabIndex = 0;
      }
    });
  }
  new MutationObserver(function () { repair(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
  repair(document);
})();
