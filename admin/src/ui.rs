//! Pieces every admin page shares: the confirmation asked before a destructive or money action.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A question before an action that cannot be undone (a refund, a cancellation): what will
/// happen, a button that does it and one that goes back. It takes the keyboard focus when it
/// opens (on the way back, so Enter does nothing harmful); Escape goes back.
#[component]
pub fn Confirm(
    /// Whether the question is shown; the buttons close it.
    open: RwSignal<bool>,
    /// What will happen, in the staff member's language.
    #[prop(into)]
    message: Signal<String>,
    /// The words of the button that does it.
    #[prop(into)]
    confirm: Signal<&'static str>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let back = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if open.get()
            && let Some(button) = back.get()
        {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div
                class="confirm"
                id="confirm"
                role="alertdialog"
                aria-labelledby="confirm-message"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                <p id="confirm-message">{move || message.get()}</p>
                <div class="confirm-actions">
                    <button
                        type="button"
                        class="danger"
                        id="confirm-yes"
                        on:click=move |_| {
                            open.set(false);
                            on_confirm.run(());
                        }
                    >
                        {move || confirm.get()}
                    </button>
                    <button type="button" id="confirm-no" node_ref=back on:click=move |_| open.set(false)>
                        {move || i18n.t().confirm_back}
                    </button>
                </div>
            </div>
        </Show>
    }
}
