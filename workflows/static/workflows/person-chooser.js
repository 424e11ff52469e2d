/*
 * The person chooser (workflows.choosers.PersonChooser): suggests people as the user types
 * and keeps the chosen one's id in the hidden input the form posts. A WAI-ARIA 1.2 combobox:
 * arrows move through the suggestions, Enter chooses, Escape closes. Events are delegated from
 * the document, so the rows an InlinePanel adds later work too. A file, not an inline script:
 * the admin's CSP is meant to lose 'unsafe-inline' once Wagtail allows it.
 */
(() => {
  "use strict";

  const DELAY_MS = 200;
  const timers = new WeakMap();

  const partsOf = (input) => {
    const root = input.closest("[data-person-chooser]");
    return {
      root,
      value: root.querySelector("[data-person-chooser-value]"),
      list: root.querySelector("[role=listbox]"),
      status: root.querySelector("[role=status]"),
    };
  };

  const isChooser = (element) =>
    element instanceof HTMLInputElement && element.matches("[data-person-chooser] [role=combobox]");

  const options = (list) => Array.from(list.querySelectorAll("[role=option]"));

  const close = (input) => {
    const { list } = partsOf(input);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };

  const activate = (input, index) => {
    const { list } = partsOf(input);
    const all = options(list);
    if (!all.length) return;
    const next = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === next)));
    input.setAttribute("aria-activedescendant", all[next].id);
    all[next].scrollIntoView({ block: "nearest" });
  };

  const activeIndex = (input) => {
    const { list } = partsOf(input);
    return options(list).findIndex((option) => option.getAttribute("aria-selected") === "true");
  };

  const choose = (input, option) => {
    const { value, status } = partsOf(input);
    value.value = option.dataset.id;
    input.value = option.textContent;
    status.textContent = "";
    close(input);
    value.dispatchEvent(new Event("change", { bubbles: true }));
  };

  const show = (input, results) => {
    const { root, list, status } = partsOf(input);
    list.replaceChildren(
      ...results.map((result, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.id = result.id;
        option.textContent = result.label;
        return option;
      }),
    );
    status.textContent = results.length ? "" : root.dataset.empty;
    list.hidden = !results.length;
    input.setAttribute("aria-expanded", String(results.length > 0));
    input.removeAttribute("aria-activedescendant");
  };

  const suggest = async (input) => {
    const { root } = partsOf(input);
    const url = new URL(root.dataset.url, window.location.href);
    url.searchParams.set("q", input.value);
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    const { results } = await response.json();
    // An answer to an older query must not replace the one to what is typed now.
    if (url.searchParams.get("q") === input.value) show(input, results);
  };

  const later = (input) => {
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => suggest(input), DELAY_MS));
  };

  document.addEventListener("input", (event) => {
    if (!isChooser(event.target)) return;
    // What is typed is no longer the person chosen: nobody is, until a suggestion is taken.
    partsOf(event.target).value.value = "";
    later(event.target);
  });

  document.addEventListener("focusin", (event) => {
    if (isChooser(event.target) && !partsOf(event.target).value.value) later(event.target);
  });

  document.addEventListener("focusout", (event) => {
    if (!isChooser(event.target)) return;
    // A click on a suggestion blurs the box first: give it time to land.
    setTimeout(() => close(event.target), 150);
  });

  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!isChooser(input)) return;
    const { list } = partsOf(input);
    const open = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        later(input);
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      const current = activeIndex(input);
      activate(input, current < 0 && step < 0 ? -1 : current + step);
    } else if (event.key === "Enter" && open) {
      const current = options(list)[activeIndex(input)];
      if (current) {
        event.preventDefault(); // choosing, not submitting the form
        choose(input, current);
      }
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close(input);
    }
  });

  document.addEventListener("mousedown", (event) => {
    const option = event.target.closest?.("[data-person-chooser] [role=option]");
    if (!option) return;
    event.preventDefault(); // keeps the focus in the box
    choose(option.closest("[data-person-chooser]").querySelector("[role=combobox]"), option);
  });
})();
