//! The routes, by rate class, and the layers every response passes through.

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use crate::http;
use crate::http::AppState;
use crate::http::middleware::App;
use crate::http::staff;

/// The routes, as one service. Every response passes through the security headers, every
/// form post through the cross-site guard ([`App`]). Each class of route has its own rate limit
/// ([`http::rate`]): report submissions and follow-up answers are checked by their handlers
/// once the form is read, the other classes by a layer on their routes.
pub fn router(state: AppState) -> App {
    let rate = Arc::clone(&state.rate);
    let refusals = Arc::clone(&state.refusals);
    let followup = rate.followup.apply(
        Router::new()
            .route(
                "/followup",
                get(http::followup::entry).post(http::followup::enter),
            )
            .route(
                "/followup/case",
                get(http::followup::case).post(http::followup::answer),
            )
            .route("/followup/leave", post(http::followup::leave)),
    );
    let public = rate.public.apply(
        Router::new()
            .route("/check", get(http::warnings::check_page))
            .route("/api/v1/check", get(http::warnings::check_api))
            .route("/feeds/{file}", get(http::feeds::feed))
            .route("/feeds/misp/{file}", get(http::feeds::misp))
            .route("/warnings", get(http::warnings::page)),
    );
    let login = rate.login.apply(Router::new().route(
        "/staff/login",
        get(staff::auth::login_form).post(staff::auth::login),
    ));
    let staff = rate.staff.apply(
        Router::new()
            .route(
                "/staff/warnings",
                get(staff::warnings::page).post(staff::warnings::act),
            )
            .route("/staff/case/{id}/warning", post(staff::warnings::draft))
            .route("/staff", get(staff::cases::queue))
            .route("/staff/", get(staff::cases::queue))
            .route("/staff/bulk", post(staff::cases::bulk))
            .route("/staff/logout", post(staff::auth::logout))
            .route(
                "/staff/setup/{token}",
                get(staff::auth::setup_form).post(staff::auth::setup),
            )
            .route(
                "/staff/case/{id}",
                get(staff::cases::case).post(staff::cases::act),
            )
            .route("/staff/case/{id}/files/{file}", get(staff::cases::download))
            .route(
                "/staff/case/{id}/files/{file}/preview",
                get(staff::cases::preview),
            )
            .route("/staff/dashboard", get(staff::admin::dashboard))
            .route(
                "/staff/accounts",
                get(staff::admin::accounts).post(staff::admin::accounts_act),
            )
            .route("/staff/audit", get(staff::admin::audit))
            .route(
                "/staff/templates",
                get(staff::templates::page).post(staff::templates::act),
            ),
    );
    // The form pages mint tokens: the layer (GET only) limits them; the handler limits the
    // POST once the form is read.
    let reports = rate.form.apply(Router::new().route(
        "/report/{category}",
        get(http::intake::form).post(http::intake::submit),
    ));
    let routes = Router::new()
        .route("/", get(http::intake::index))
        .route("/style.css", get(http::assets::style_css))
        .route("/healthz", get(http::ops::healthz))
        .route("/robots.txt", get(http::ops::robots))
        .route("/.well-known/security.txt", get(http::ops::security_txt))
        .route(
            "/sms/kannel/{secret}",
            post(http::gateways::kannel::inbound),
        )
        .route(
            "/sms/africastalking/{secret}",
            post(http::gateways::africastalking::sms),
        )
        .route(
            "/ussd/africastalking/{secret}",
            post(http::gateways::africastalking::ussd),
        )
        .merge(reports)
        .merge(followup)
        .merge(public)
        .merge(login)
        .merge(staff)
        .fallback(http::intake::not_found);
    // Only when an onion address is set: a layer costs a boxed future on every request.
    let routes = if state.ops.onion_location.is_some() {
        routes.layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::ops::onion_location,
        ))
    } else {
        routes
    };
    App::new(routes.with_state(state), refusals)
}
