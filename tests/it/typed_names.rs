//! Names instead of strings: the actions the staff pages offer are the ones the server knows,
//! each is audited under its stored name, an unknown action gets the bad-form page, and a
//! query value a page does not know gets the site's error page (not axum's plain-text 400).

use axum::http::StatusCode;
use filimbi::http::staff::actions::{AccountAction, CaseAction};
use filimbi::services::audit::AuditAction;

use crate::common::*;
use crate::staff::*;

/// Every `name="action" value="…"` in a page, in order.
fn action_values(body: &str) -> Vec<String> {
    let marker = "name=\"action\" value=\"";
    body.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &body[i + marker.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .collect()
}

fn location(reply: &Reply) -> String {
    reply
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn every_case_action_the_page_offers_works_and_is_audited_under_its_stored_name() {
    let app = TestApp::new().await;
    let amani = app.investigator("amani", true).await;
    let case = app
        .submit_case("Every form on this case gets used once.")
        .await;
    app.investigator("bahati", false).await;
    let login = app.login(&amani).await;
    let path = format!("/staff/case/{case}");
    let r = app
        .staff_post(&path, &login, &[("action", "label-add"), ("label", "gold")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // The page offers every action (with a label to remove and a colleague to grant to), and
    // only actions the server parses.
    let page = app.staff_get(&path, &login.cookie).await;
    let offered: Vec<CaseAction> = action_values(&page.body)
        .iter()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{v:?} is no case action"))
        })
        .collect();
    for a in CaseAction::ALL {
        // "Not spam" is offered instead of "spam" once a case is filed as possible spam.
        if a == CaseAction::NotSpam {
            assert!(
                !offered.contains(&a),
                "{a} not offered on a case in the queue"
            );
            continue;
        }
        // A template's button now puts its text into the message box (a GET), so the page
        // sends it as a plain reply; the action stays for a page already open in a browser.
        if a == CaseAction::ReplyTemplate {
            assert!(!offered.contains(&a), "{a} no longer offered");
            continue;
        }
        assert!(offered.contains(&a), "{a} offered");
    }

    let uses: [(CaseAction, &[(&str, &str)]); 11] = [
        (CaseAction::Status, &[("status", "investigating")]),
        (CaseAction::Assign, &[("assignee", "bahati")]),
        (CaseAction::LabelAdd, &[("label", "smuggling")]),
        (CaseAction::LabelRemove, &[("label", "gold")]),
        (
            CaseAction::Note,
            &[("note", "Seen the same registrar before.")],
        ),
        (CaseAction::Grant, &[("to", "bahati")]),
        (CaseAction::Feedback, &[]),
        (
            CaseAction::Reply,
            &[("message", "Can you tell us which border post?")],
        ),
        (
            CaseAction::ReplyTemplate,
            &[
                ("template", "00000000000000000000000000000002"),
                ("tl", "fr"),
            ],
        ),
        (CaseAction::Spam, &[]),
        (CaseAction::NotSpam, &[]),
    ];
    for (action, fields) in uses {
        let mut all = vec![("action", action.as_str())];
        all.extend_from_slice(fields);
        let r = app.staff_post(&path, &login, &all).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.body);
        let to = location(&r);
        assert!(to.ends_with(&format!("&done={action}")), "{to}");
        let after = app.staff_get(&to, &login.cookie).await;
        assert_eq!(after.status, StatusCode::OK);
        assert!(
            by_id(&after.body, "flash").is_some_and(|f| !f.is_empty()),
            "{action}: outcome shown"
        );
    }
    let after = app.staff_get(&path, &login.cookie).await;
    assert_eq!(by_id(&after.body, "assignee").as_deref(), Some("bahati"));
    assert!(by_id(&after.body, "labels").is_some_and(|l| l.contains("smuggling")));

    // The audit log holds exactly the names entries had before actions were an enum.
    let (rows, _) = app.state.staff.audit.recent(500).await.expect("audit");
    let stored: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for name in [
        "case.view",
        "case.status",
        "case.assign",
        "case.label.add",
        "case.label.remove",
        "case.note",
        "case.grant",
        "case.feedback",
        "case.reply",
    ] {
        assert!(stored.contains(&name), "{name} in {stored:?}");
    }
    for name in &stored {
        assert!(
            name.parse::<AuditAction>().is_ok(),
            "{name} is an AuditAction"
        );
    }
    assert!(
        app.state
            .staff
            .audit
            .verify()
            .await
            .expect("verify")
            .is_ok()
    );
}

#[tokio::test]
async fn every_account_action_the_page_offers_is_one_the_server_knows() {
    let app = TestApp::new().await;
    let admin = app.investigator("amani", true).await;
    app.investigator("bahati", false).await;
    let login = app.login(&admin).await;
    let page = app.staff_get("/staff/accounts", &login.cookie).await;
    let offered: Vec<AccountAction> = action_values(&page.body)
        .iter()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{v:?} is no account action"))
        })
        .collect();
    for a in [
        AccountAction::Create,
        AccountAction::Reset,
        AccountAction::Disable,
        AccountAction::GrantAll,
    ] {
        assert!(offered.contains(&a), "{a} offered");
    }
    // Disabling bahati makes the page offer "enable" instead, and it works.
    let r = app
        .staff_post(
            "/staff/accounts",
            &login,
            &[("action", "disable"), ("name", "bahati")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(action_values(&r.body).contains(&AccountAction::Enable.to_string()));
    let r = app
        .staff_post(
            "/staff/accounts",
            &login,
            &[("action", "enable"), ("name", "bahati")],
        )
        .await;
    assert_eq!(
        by_id(&r.body, "flash").as_deref(),
        Some("bahati is enabled.")
    );
    let (rows, _) = app.state.staff.audit.recent(100).await.expect("audit");
    assert!(rows.iter().any(|r| r.action == "account.disable"));
    assert!(rows.iter().any(|r| r.action == "account.enable"));
}

#[tokio::test]
async fn an_unknown_action_gets_the_bad_form_page_in_the_pages_language() {
    let app = TestApp::new().await;
    let admin = app.investigator("amani", true).await;
    let case = app.submit_case("Nobody may invent an action.").await;
    let login = app.login(&admin).await;
    let case_path = format!("/staff/case/{case}?lang=fr");
    for (path, fields) in [
        (case_path.as_str(), vec![("action", "archive")]),
        (
            case_path.as_str(),
            vec![("action", "Status"), ("status", "spam")],
        ),
        (case_path.as_str(), vec![("status", "spam")]),
        (
            "/staff/accounts?lang=fr",
            vec![("action", "delete"), ("name", "amani")],
        ),
        ("/staff/accounts?lang=fr", vec![]),
    ] {
        let r = app.staff_post(path, &login, &fields).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{path} {fields:?}: {}",
            r.body
        );
        assert!(
            r.body.contains("<html lang=\"fr\"") && r.body.contains("<h1>Le formulaire n"),
            "{path} {fields:?}: bad-form page in French: {}",
            r.body
        );
    }
    let page = app
        .staff_get(&format!("/staff/case/{case}"), &login.cookie)
        .await;
    assert_eq!(
        by_id(&page.body, "status").as_deref(),
        Some("New"),
        "nothing changed"
    );
}

#[tokio::test]
async fn query_values_are_typed_and_a_bad_one_gets_the_error_page() {
    let app = TestApp::new().await;
    let admin = app.investigator("amani", true).await;
    let case = app.submit_case("Filtered, sorted, and linked to.").await;
    let login = app.login(&admin).await;

    // Every filter at once, as the filter form sends them.
    let page = app
        .staff_get(
            "/staff?lang=en&status=new&category=fake-website&label=&assignee=nobody&sort=newest&attention=1",
            &login.cookie,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("data-case=\"{case}\"")));
    for selected in [
        "<option value=\"new\" selected>",
        "<option value=\"fake-website\" selected>",
        "<option value=\"nobody\" selected>",
        "<option value=\"newest\" selected>",
        "name=\"attention\" value=\"1\" checked",
    ] {
        assert!(page.body.contains(selected), "{selected}");
    }
    // The form's "any" (empty values) is no filter.
    let any = app
        .staff_get(
            "/staff?status=&category=&label=&assignee=&sort=",
            &login.cookie,
        )
        .await;
    assert_eq!(any.status, StatusCode::OK);
    assert!(any.body.contains(&format!("data-case=\"{case}\"")));
    // A filter that selects nothing shows nothing.
    let none = app.staff_get("/staff?status=spam", &login.cookie).await;
    assert!(!none.body.contains(&format!("data-case=\"{case}\"")));
    // A colleague's cases, by account id (the option the form offers is selected again).
    let amani = filimbi::domain::account::AccountName::parse("amani").expect("name");
    let id = app
        .store
        .account_by_name(&amani)
        .await
        .expect("account")
        .expect("amani")
        .id;
    let theirs = app
        .staff_get(&format!("/staff?assignee={id}"), &login.cookie)
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert!(
        theirs
            .body
            .contains(&format!("<option value=\"{id}\" selected>amani</option>")),
        "{}",
        theirs.body
    );
    assert!(!theirs.body.contains(&format!("data-case=\"{case}\"")));

    for bad in [
        "/staff?lang=fr&status=bogus".to_owned(),
        "/staff?lang=fr&category=fake".to_owned(),
        "/staff?lang=fr&sort=sideways".to_owned(),
        "/staff?lang=fr&attention=yes".to_owned(),
        // An assignee is `me`, `nobody` or an account id, not a name.
        "/staff?lang=fr&assignee=amani".to_owned(),
        "/staff?lang=fr&status=new&status=spam".to_owned(),
        "/staff/audit?lang=fr&limit=many".to_owned(),
        format!("/staff/case/{case}?lang=fr&done=%3Cscript%3E"),
        "/staff/login?lang=fr&done=nothing".to_owned(),
    ] {
        let r = app.staff_get(&bad, &login.cookie).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert_eq!(
            r.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("text/html; charset=utf-8"),
            "{bad}"
        );
        assert!(
            r.body.contains("<html lang=\"fr\"")
                && r.body.contains("<h1>Adresse non comprise</h1>"),
            "{bad}: error page in French: {}",
            r.body
        );
    }

    // Good values still work where they are read.
    let audit = app.staff_get("/staff/audit?limit=2", &login.cookie).await;
    assert_eq!(audit.status, StatusCode::OK);
    assert_eq!(
        audit.body.matches("<tr><td>").count(),
        2,
        "two entries shown"
    );
    let done = app
        .staff_get(&format!("/staff/case/{case}?done=note"), &login.cookie)
        .await;
    assert_eq!(by_id(&done.body, "flash").as_deref(), Some("Note saved."));
    let unknown = app
        .staff_get(
            &format!("/staff/case/{case}?done=no-such-outcome"),
            &login.cookie,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert!(by_id(&unknown.body, "flash").is_none(), "no message for it");

    // The login page's note after logging out comes from its typed query too.
    let r = app.staff_post("/staff/logout", &login, &[]).await;
    let to = location(&r);
    assert!(to.ends_with("&done=logout"), "{to}");
    let page = app.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("You are logged out."), "{}", page.body);
}
