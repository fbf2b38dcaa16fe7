// Says in words, politely to screen readers, what the invisible proof-of-work check is doing: the widget itself
// shows nothing. The texts come from the page (data-* attributes of the status element), in the page's language.
const status = document.getElementById("kc-recovery-captcha-status");
const widget = document.querySelector("altcha-widget");
if (status && widget) {
    widget.addEventListener("statechange", (event) => {
        const text = status.dataset[event.detail?.state];
        if (text !== undefined) {
            status.textContent = text;
        }
    });
}
