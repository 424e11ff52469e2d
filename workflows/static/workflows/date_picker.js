// Names the date picker's icon-only buttons (see workflows/wagtail_hooks.py
// portal_admin_js). The picker is built lazily when a date field is first focused,
// so new pickers are named as they appear.
(function () {
    const labels = document.currentScript.dataset;
    const names = {
        ".xdsoft_prev": labels.prev,
        ".xdsoft_next": labels.next,
        ".xdsoft_today_button": labels.today,
    };

    function name(root) {
        for (const [selector, label] of Object.entries(names)) {
            root.querySelectorAll(`.xdsoft_datetimepicker ${selector}:not([aria-label])`)
                .forEach((button) => button.setAttribute("aria-label", label));
        }
    }

    new MutationObserver(() => name(document)).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
})();
