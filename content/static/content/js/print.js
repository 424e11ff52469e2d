// The regulation's «Печать» button: shown only where scripts run, as it needs one.
document.querySelectorAll(".print-button").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
});
