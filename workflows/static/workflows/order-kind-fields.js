/*
 * The order form shows only the fields of the chosen kind: each group marked
 * data-order-kinds="kind …" (workflows/wagtail_hooks.py) is hidden for the other kinds and
 * while no kind is chosen. The server drops what a hidden field still holds
 * (OrderAdminForm.clean), so this only spares the user fields that do not apply.
 */
(() => {
  "use strict";

  const follow = (select) => {
    const form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-order-kinds]").forEach((group) => {
      group.hidden = !group.dataset.orderKinds.split(" ").includes(select.value);
    });
  };

  const kindOf = (element) =>
    element instanceof HTMLSelectElement &&
    element.name === "kind" &&
    element.form?.querySelector("[data-order-kinds]");

  document.addEventListener("change", (event) => {
    if (kindOf(event.target)) follow(event.target);
  });

  const start = () =>
    document.querySelectorAll("select[name=kind]").forEach((select) => {
      if (kindOf(select)) follow(select);
    });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
