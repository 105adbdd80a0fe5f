//! Background jobs: counts by status, the jobs of a status with retry and discard, and the
//! scheduled tasks with their last and next run.

use crate::ui;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::{self, JobStatus, JobsPage};
use crate::i18n::{Messages, use_i18n};
use crate::session::Session;

use super::short_time;

const STATUSES: [JobStatus; 6] = [
    JobStatus::Dead,
    JobStatus::Failed,
    JobStatus::Queued,
    JobStatus::Running,
    JobStatus::Succeeded,
    JobStatus::Discarded,
];

fn status_label(t: &'static Messages, s: &JobStatus) -> &'static str {
    match s {
        JobStatus::Queued => t.status_queued,
        JobStatus::Failed => t.status_failed,
        JobStatus::Running => t.status_running,
        JobStatus::Succeeded => t.status_succeeded,
        JobStatus::Dead => t.status_dead,
        JobStatus::Discarded => t.status_discarded,
        JobStatus::Unknown => "?",
    }
}

#[component]
pub fn Jobs() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let filter = RwSignal::new(None::<JobStatus>);
    let kind = RwSignal::new(None::<String>);
    let data = LocalResource::new(move || {
        let (status, kind) = (filter.get(), kind.get());
        api::jobs_page(session, status, kind)
    });
    let action_error = RwSignal::new(None::<String>);
    let act = move |id: String, retry: bool| {
        leptos::task::spawn_local(async move {
            match api::job_change(session, id, retry).await {
                Ok(None) => action_error.set(None),
                Ok(Some(message)) => action_error.set(Some(message)),
                Err(e) => action_error.set(Some(e.to_string())),
            }
            data.refetch();
        });
    };
    let on_filter = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        filter.set(STATUSES.iter().find(|s| s.code() == value).copied());
    };
    let on_kind = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        kind.set(Some(value).filter(|v| !v.is_empty()));
    };
    // The kinds for the filter come with the first page and stay put.
    let kinds = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        if let Some(Ok(page)) = data.get()
            && kinds.with_untracked(Vec::is_empty)
        {
            kinds.set(page.job_kinds.clone());
        }
    });
    view! {
        <section class="jobs" aria-labelledby="jobs-title">
            <h1 id="jobs-title">{move || i18n.t().jobs_title}</h1>
            <label class="inline" for="job-status">{move || i18n.t().jobs_filter}</label>
            <select id="job-status" on:change=on_filter>
                <option value="">{move || i18n.t().jobs_all}</option>
                {STATUSES
                    .iter()
                    .map(|s| {
                        let s = *s;
                        let code = s.code();
                        view! { <option value=code>{move || status_label(i18n.t(), &s)}</option> }
                    })
                    .collect_view()}
            </select>
            <label class="inline" for="job-kind">{move || i18n.t().col_kind}</label>
            <select id="job-kind" on:change=on_kind>
                <option value="">{move || i18n.t().jobs_all}</option>
                {move || {
                    kinds
                        .get()
                        .into_iter()
                        .map(|k| {
                            let label = k.clone();
                            view! { <option value=k>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <Show when=move || action_error.with(Option::is_some)>
                <p class="field-error" role="alert">{move || action_error.get().unwrap_or_default()}</p>
            </Show>
            <Transition fallback=move || {
                ui::loading_line(move || i18n.t().jobs_loading)
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => page_view(page, act).into_any(),
                        Err(e) if e.is_unauthenticated() => {
                            session.sign_out();
                            view! { <Redirect path="/login"/> }.into_any()
                        }
                        Err(e) => {
                            leptos::logging::warn!("jobs: {e}");
                            view! {
                                <div class="status error" role="alert">
                                    <p>{move || i18n.t().api_unreachable}</p>
                                    <button type="button" on:click=move |_| data.refetch()>
                                        {move || i18n.t().retry}
                                    </button>
                                </div>
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn page_view(
    page: JobsPage,
    act: impl Fn(String, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let counts = page
        .job_counts
        .into_iter()
        .map(|c| {
            view! {
                <tr>
                    <td>{c.kind}</td>
                    <td>{move || status_label(i18n.t(), &c.status)}</td>
                    <td class="num">{c.count}</td>
                </tr>
            }
        })
        .collect_view();
    let jobs = page.jobs.nodes;
    let empty = jobs.is_empty();
    let rows = jobs
        .into_iter()
        .map(|job| {
            let status = job.status;
            let retryable = matches!(
                status,
                JobStatus::Dead | JobStatus::Failed | JobStatus::Discarded
            );
            let discardable = matches!(
                status,
                JobStatus::Dead | JobStatus::Failed | JobStatus::Queued
            );
            let (retry_id, discard_id) = (job.id.clone(), job.id.clone());
            let code = job.status.code();
            view! {
                <tr data-job=job.id data-status=code>
                    <td>{job.kind}</td>
                    <td class="job-status">{move || status_label(i18n.t(), &status)}</td>
                    <td class="num">{format!("{}/{}", job.attempts, job.max_attempts)}</td>
                    <td>{short_time(&job.run_at)}</td>
                    <td class="error-text">{job.last_error.unwrap_or_default()}</td>
                    <td class="actions">
                        <Show when=move || retryable>
                            <button type="button" class="retry" on:click={
                                let id = retry_id.clone();
                                move |_| act(id.clone(), true)
                            }>{move || i18n.t().retry_job}</button>
                        </Show>
                        <Show when=move || discardable>
                            <button type="button" class="discard" on:click={
                                let id = discard_id.clone();
                                move |_| act(id.clone(), false)
                            }>{move || i18n.t().discard_job}</button>
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let job_table = if empty {
        view! { <p class="status">{move || i18n.t().jobs_empty}</p> }.into_any()
    } else {
        view! {
            <ui::TableScroll labelledby="jobs-title">
                <table class="data job-list">
                    <thead><tr>
                        <th scope="col">{move || i18n.t().col_kind}</th>
                        <th scope="col">{move || i18n.t().col_status}</th>
                        <th scope="col">{move || i18n.t().col_attempts}</th>
                        <th scope="col">{move || i18n.t().col_run_at}</th>
                        <th scope="col">{move || i18n.t().col_error}</th>
                        <th scope="col">{move || i18n.t().col_actions}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </ui::TableScroll>
        }
        .into_any()
    };
    let schedules = page
        .schedules
        .into_iter()
        .map(|s| {
            let enabled = s.enabled;
            let key = s.name.clone();
            view! {
                <tr data-schedule=key>
                    <td><strong>{s.name}</strong><br/><small>{s.description}</small></td>
                    <td><code>{s.cron}</code>" "<small>{s.time_zone}</small></td>
                    <td>{match s.last_run_at { Some(t) => short_time(&t), None => i18n.t().never.to_owned() }}</td>
                    <td>{match (enabled, s.next_run_at) {
                        (false, _) => i18n.t().disabled.to_owned(),
                        (true, Some(t)) => short_time(&t),
                        (true, None) => i18n.t().never.to_owned(),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{move || i18n.t().jobs_summary}</h2>
        <table class="data counts">
            <thead><tr>
                <th scope="col">{move || i18n.t().col_kind}</th>
                <th scope="col">{move || i18n.t().col_status}</th>
                <th scope="col">{move || i18n.t().col_count}</th>
            </tr></thead>
            <tbody>{counts}</tbody>
        </table>
        {job_table}
        <h2>{move || i18n.t().schedules_title}</h2>
        <table class="data schedules">
            <thead><tr>
                <th scope="col">{move || i18n.t().col_schedule}</th>
                <th scope="col">{move || i18n.t().col_timing}</th>
                <th scope="col">{move || i18n.t().col_last_run}</th>
                <th scope="col">{move || i18n.t().col_next_run}</th>
            </tr></thead>
            <tbody>{schedules}</tbody>
        </table>
    }
}
