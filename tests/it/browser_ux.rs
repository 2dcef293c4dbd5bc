//! What a frightened person and a busy investigator see (issue 26), in a real headless
//! Chromium: JavaScript off for the flows, on only for the tests' own measurements (element
//! positions); Lynx for the text-browser view of the report form.

use fantoccini::{Client, Locator};
use filimbi::i18n::{Lang, catalogue};

use crate::browser::{Browser, session, session_with};
use crate::browser_a11y::{axe, axe_source, follow_up, report};
use crate::common::*;

type Steps<T> = Result<T, fantoccini::error::CmdError>;

/// An investigator's screen.
const DESK: Browser = Browser {
    javascript: false,
    width: 1280,
};

/// The same screen, measuring.
const DESK_MEASURING: Browser = Browser {
    javascript: true,
    width: 1280,
};

/// A phone, measuring.
const PHONE_MEASURING: Browser = Browser {
    javascript: true,
    width: 360,
};

/// The receipt with its first digit changed, so that its check digits fail: a typo.
fn mistyped(receipt: &str) -> String {
    let mut chars: Vec<char> = receipt.chars().collect();
    chars[0] = if chars[0] == '9' { '1' } else { '9' };
    chars.into_iter().collect()
}

/// The left edge and top of every four-digit group in the element `selector`, in reading
/// (DOM) order, as laid out.
async fn group_boxes(client: &Client, selector: &str) -> Steps<Vec<(f64, f64)>> {
    let got = client
        .execute(
            "const root = document.querySelector(arguments[0]); const out = [];
             const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
             while (walk.nextNode()) {
               const node = walk.currentNode; const re = /[0-9]{4}/g; let m;
               while ((m = re.exec(node.data)) !== null) {
                 const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + 4);
                 const b = r.getBoundingClientRect(); out.push([b.left, b.top]);
               }
             }
             return out;",
            vec![serde_json::json!(selector)],
        )
        .await?;
    Ok(serde_json::from_value(got).unwrap_or_default())
}

/// How many groups each line holds, top to bottom.
fn per_line(boxes: &[(f64, f64)]) -> Vec<usize> {
    let mut lines: Vec<(f64, usize)> = Vec::new();
    for &(_, top) in boxes {
        match lines.iter_mut().find(|(t, _)| (t - top).abs() < 4.0) {
            Some(line) => line.1 += 1,
            None => lines.push((top, 1)),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines.into_iter().map(|(_, n)| n).collect()
}

/// Whether the groups read left to right: each one right of the one before on its line, and
/// the lines in order from top to bottom.
fn left_to_right(boxes: &[(f64, f64)]) -> bool {
    boxes.windows(2).all(|w| {
        let ((l0, t0), (l1, t1)) = (w[0], w[1]);
        if (t0 - t1).abs() < 4.0 {
            l1 > l0
        } else {
            t1 > t0
        }
    })
}

/// A box of the element `selector`: `[left, top, width, bottom]`.
async fn rect(client: &Client, selector: &str) -> Steps<[f64; 4]> {
    let got = client
        .execute(
            "const e = document.querySelector(arguments[0]); if (!e) return [-1, -1, -1, -1];
             const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.bottom];",
            vec![serde_json::json!(selector)],
        )
        .await?;
    Ok(serde_json::from_value(got).unwrap_or([-1.0; 4]))
}

/// The element's `class` and `role`.
async fn class_and_role(client: &Client, id: &str) -> Steps<(String, String)> {
    let e = wait_for(client, Locator::Id(id)).await?;
    Ok((
        e.attr("class").await?.unwrap_or_default(),
        e.attr("role").await?.unwrap_or_default(),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mistyped_receipt_stays_typed_and_a_stored_answer_is_a_calm_status() {
    let app = TestApp::new().await;
    let s = session(&app).await;
    let (addr, client) = (s.addr, s.client.clone());
    let base = format!("http://{addr}");
    let result = async {
        let receipt = report(&client, &base, Lang::Sw).await?;
        let typo = mistyped(&receipt);
        follow_up(&client, &base, Lang::Sw, &typo).await?;
        let refused = class_and_role(&client, "notice").await?;
        let code = client
            .find(Locator::Id("notice"))
            .await?
            .attr("data-notice")
            .await?;
        let field = client.find(Locator::Id("receipt")).await?;
        let kept = field.prop("value").await?.unwrap_or_default();
        // The person corrects the one digit in what is still there, and goes in.
        field.clear().await?;
        field.send_keys(&receipt).await?;
        client
            .find(Locator::Css("form button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for(&client, Locator::Id("answer")).await?;
        // Nothing to send: an error, as an alert.
        client
            .find(Locator::Css("#answer-form button[type=submit]"))
            .await?
            .click()
            .await?;
        let empty = wait_for(&client, Locator::Css("#answer-form [role=alert]"))
            .await?
            .attr("class")
            .await?
            .unwrap_or_default();
        fill_and_send(
            &client,
            &[("answer", "Walikuwa watu watatu.")],
            Locator::Css("#answer-form button[type=submit]"),
        )
        .await?;
        let stored = class_and_role(&client, "notice").await?;
        let stored_text = client.find(Locator::Id("notice")).await?.text().await?;
        Ok::<_, fantoccini::error::CmdError>((
            typo,
            refused,
            code,
            kept,
            empty,
            stored,
            stored_text,
        ))
    }
    .await;
    let _ = client.close().await;
    s.server.abort();
    let (typo, refused, code, kept, empty, stored, stored_text) = result.expect("browser steps");
    assert_eq!(code.as_deref(), Some("mistyped"));
    assert_eq!(refused, ("notice".to_owned(), "alert".to_owned()));
    assert_eq!(kept, typo, "the field keeps the 28 digits as typed");
    assert_eq!(empty, "notice");
    assert_eq!(stored, ("ok".to_owned(), "status".to_owned()));
    assert_eq!(
        stored_text,
        catalogue().get(Lang::Sw, "followup-sent", &[]),
        "in the page's language"
    );
    let digits: String = typo.chars().filter(char::is_ascii_digit).collect();
    let logs = captured_logs();
    assert!(!logs.contains(&typo) && !logs.contains(&digits));
    // A confirmation looks calm; an error keeps the red bar.
    let css = app.get("/style.css").await.body;
    let rule = |class: &str| {
        css.lines()
            .find(|l| l.starts_with(&format!(".{class}{{")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(rule("ok").contains("#0b5d3b") && !rule("ok").contains("#b3261e"));
    assert!(rule("notice").contains("#b3261e"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_read_left_to_right_in_arabic_and_wrap_evenly_on_a_360_px_phone() {
    let app = TestApp::new().await;
    let session = session_with(&app, PHONE_MEASURING).await;
    let (client, base) = (session.client.clone(), format!("http://{}", session.addr));
    let result = async {
        let mut seen = Vec::new();
        for lang in [Lang::Ar, Lang::En, Lang::Sw] {
            report(&client, &base, lang).await?;
            let real = group_boxes(&client, "#receipt").await?;
            client
                .goto(&format!("{base}/followup?lang={}", lang.code()))
                .await?;
            wait_for(&client, Locator::Id("receipt-hint")).await?;
            let example = group_boxes(&client, "#receipt-hint").await?;
            let field = client
                .execute(
                    "return getComputedStyle(document.getElementById('receipt')).direction",
                    vec![],
                )
                .await?;
            seen.push((lang, real, example, field));
        }
        Ok::<_, fantoccini::error::CmdError>(seen)
    }
    .await;
    let _ = client.close().await;
    session.server.abort();
    for (lang, real, example, field) in result.expect("browser steps") {
        assert_eq!(real.len(), 7, "{lang:?}: {real:?}");
        assert!(left_to_right(&real), "{lang:?} receipt: {real:?}");
        let lines = per_line(&real);
        assert!(
            lines == [4, 3] || lines.iter().all(|&n| n == 1),
            "{lang:?}: the groups wrap {lines:?} at 360 px"
        );
        assert_eq!(example.len(), 7, "{lang:?}: {example:?}");
        assert!(left_to_right(&example), "{lang:?} example: {example:?}");
        assert_eq!(per_line(&example), [7], "{lang:?}: the example kept whole");
        assert_eq!(field, "ltr", "{lang:?}: the receipt field");
    }
}

#[tokio::test]
async fn the_receipt_page_says_once_how_to_come_back() {
    let app = TestApp::new().await;
    for lang in Lang::ALL {
        let token = app.token("other").await;
        let page = app
            .post_form(
                &format!("/report/other?lang={}", lang.code()),
                &[("token", &token), ("description", "Vyeti bandia.")],
            )
            .await;
        let main = page.body.split("<main").nth(1).expect("main");
        assert_eq!(
            main.matches("href=\"/followup").count(),
            1,
            "{lang:?}: one way back, said once"
        );
        assert_eq!(main.matches("id=\"come-back\"").count(), 1, "{lang:?}");
        assert!(page.receipt().is_some_and(|r| r.len() == 34), "{lang:?}");
        if lang == Lang::En {
            let said = main.to_lowercase().matches("come back").count();
            assert_eq!(said, 1, "one instruction, not two: {main}");
        }
    }
}

/// `lynx -dump` of a page's HTML.
fn lynx_dump(html: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("lynx")
        .args([
            "-dump",
            "-stdin",
            "-nolist",
            "-width=80",
            "-assume_charset=utf-8",
            "-display_charset=utf-8",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("lynx must be installed");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(html.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("lynx");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn in_lynx_the_spam_trap_comes_after_the_send_button_and_says_to_skip_it() {
    let app = TestApp::new().await;
    for lang in [Lang::En, Lang::Fr] {
        let form = app
            .get(&format!("/report/fake-website?lang={}", lang.code()))
            .await;
        let screen = lynx_dump(&form.body);
        let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        let words = |key: &str| catalogue().get(lang, key, &[]);
        let at = |text: &str| {
            flat.find(&text.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| panic!("{lang:?}: {text:?} not on the screen:\n{screen}"))
        };
        let trap = at(&words("form-leave-empty"));
        assert!(trap > at(&words("form-send")), "{lang:?}:\n{screen}");
        assert!(trap > at(&words("form-safety-note")), "{lang:?}");
        assert!(words("form-leave-empty").contains(match lang {
            Lang::Fr => "pas une question pour vous",
            _ => "not a question for you",
        }));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_button_is_explained_in_the_page_language() {
    let app = TestApp::new().await;
    let s = session(&app).await;
    let (addr, client) = (s.addr, s.client.clone());
    let result = async {
        let mut seen = Vec::new();
        for lang in [Lang::Sw, Lang::Ar, Lang::Pt] {
            client
                .goto(&format!(
                    "http://{addr}/report/fake-certificate?lang={}",
                    lang.code()
                ))
                .await?;
            let input = wait_for(&client, Locator::Id("f-files")).await?;
            let described = input.attr("aria-describedby").await?.unwrap_or_default();
            let first = described.split(' ').next().unwrap_or_default().to_owned();
            let hint = client.find(Locator::Id(&first)).await?.text().await?;
            seen.push((lang, hint));
        }
        Ok::<_, fantoccini::error::CmdError>(seen)
    }
    .await;
    let _ = client.close().await;
    s.server.abort();
    for (lang, hint) in result.expect("browser steps") {
        assert_eq!(hint, catalogue().get(lang, "field-files-press", &[]));
        assert_ne!(hint, catalogue().get(Lang::En, "field-files-press", &[]));
    }
    // The follow-up page's file field says the same.
    let (receipt, _) = app.report("Vyeti bandia.").await;
    let visitor = app.come_back(&receipt).await;
    let case = app.visit(&visitor, "/followup/case?lang=sw").await;
    assert!(
        case.body
            .contains("aria-describedby=\"p-files h-files m-files\"")
            && case.body.contains(&format!(
                "<small id=\"p-files\">{}</small>",
                catalogue().get(Lang::Sw, "field-files-press", &[])
            )),
        "{}",
        case.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_site_is_called_official_and_the_two_searches_say_how_they_differ() {
    let solo = crate::languages::app_with_a_warning().await;
    let s = session(&solo.app).await;
    let (addr, client) = (s.addr, s.client.clone());
    let result = async {
        client
            .goto(&format!("http://{addr}/warnings?lang=en"))
            .await?;
        fill_and_send(
            &client,
            &[("q", "ceec-icglr.org")],
            Locator::Css("form.check-form button[type='submit']"),
        )
        .await?;
        // The verdict is on the answer page only: waiting for `main` could find the list
        // page's own, gone stale by the time its text is read.
        wait_for(&client, Locator::Css("section.verdict")).await?;
        let official = client.find(Locator::Css("main")).await?.text().await?;
        client
            .goto(&format!("http://{addr}/warnings?lang=en"))
            .await?;
        let mut buttons = Vec::new();
        for form in client.find_all(Locator::Css("form[role=search]")).await? {
            let button = form
                .find(Locator::Css("button[type=submit]"))
                .await?
                .text()
                .await?;
            let label = form.find(Locator::Css("label")).await?.text().await?;
            buttons.push((button, label));
        }
        let heading = client.find(Locator::Id("check")).await?.text().await?;
        Ok::<_, fantoccini::error::CmdError>((official, buttons, heading))
    }
    .await;
    let _ = client.close().await;
    s.server.abort();
    let (official, buttons, heading) = result.expect("browser steps");
    let en = |key: &str| catalogue().get(Lang::En, key, &[]);
    assert!(
        official.contains(&en("verdict-official-advice")),
        "{official}"
    );
    assert!(
        !official.contains("does not mean genuine"),
        "no doubt cast on the official site: {official}"
    );
    assert_eq!(buttons.len(), 2, "{buttons:?}");
    assert_ne!(buttons[0].0, buttons[1].0, "two buttons that look the same");
    assert_eq!(buttons[1].0, en("warnings-search-button"));
    assert_eq!(heading, en("warnings-check-title"));
    assert!(
        buttons[1].1.contains("show only the warnings"),
        "{buttons:?}"
    );
}

/// Logs `name` in with a fresh authenticator code in the browser and opens `case`.
async fn open_case(
    app: &TestApp,
    client: &Client,
    base: &str,
    who: &crate::staff::Investigator,
    case: &str,
) -> Steps<()> {
    app.clock.advance(30);
    let code = who.secret.code_at(app.clock_now());
    client.goto(&format!("{base}/staff")).await?;
    log_in_in_browser(client, &who.name, crate::staff::PASSWORD, &code).await?;
    wait_for(client, Locator::Id("cases")).await?;
    client
        .goto(&format!("{base}/staff/case/{case}?lang=en"))
        .await?;
    wait_for(client, Locator::Id("case-bar")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_investigator_fills_the_reply_from_a_template_reads_it_and_only_then_sends() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let case = app
        .submit_case("Forged certificates are sold in Goma.")
        .await;
    let templates = app
        .state
        .staff
        .workspace
        .templates()
        .await
        .expect("templates");
    let first = templates.first().expect("a stock template").clone();
    let s = session_with(&app, DESK).await;
    let (client, base) = (s.client.clone(), format!("http://{}", s.addr));
    let result = async {
        open_case(&app, &client, &base, &who, &case).await?;
        let small = client
            .find_all(Locator::Css("#templates button[type=submit]"))
            .await?
            .len();
        // The page before has a reply box too: read the one on the page the click led to.
        let fill = client
            .find(Locator::Css("#templates li:first-child button[value=fr]"))
            .await?;
        click_and_leave(&client, fill).await?;
        let box_ = wait_for(&client, Locator::Id("message")).await?;
        let filled = box_.prop("value").await?.unwrap_or_default();
        let url = client.current_url().await?;
        let messages_before = client
            .find_all(Locator::Css("article.message"))
            .await?
            .len();
        // Read and changed before sending.
        box_.send_keys(" Merci.").await?;
        let send = client
            .find(Locator::Css("#reply button[type=submit]"))
            .await?;
        click_and_leave(&client, send).await?;
        let flash = class_and_role(&client, "flash").await?;
        let messages_after = client
            .find_all(Locator::Css("article.message"))
            .await?
            .len();
        let last = client
            .find(Locator::Css("article.message:last-of-type .text"))
            .await?
            .text()
            .await?;
        Ok::<_, fantoccini::error::CmdError>((
            small,
            filled,
            url,
            messages_before,
            flash,
            messages_after,
            last,
        ))
    }
    .await;
    let _ = client.close().await;
    s.server.abort();
    let (small, filled, url, before, flash, after, last) = result.expect("browser steps");
    assert_eq!(small, templates.len() * 2, "two small buttons a template");
    assert_eq!(filled, first.body_fr, "the box holds the French text");
    assert_eq!(url.path(), format!("/staff/case/{case}"));
    assert_eq!(url.fragment(), Some("reply"));
    assert_eq!(before, 0, "filling the box sent nothing");
    assert_eq!(flash, ("ok".to_owned(), "status".to_owned()));
    assert_eq!(after, 1);
    assert_eq!(last, format!("{} Merci.", first.body_fr));
    // An unknown template leaves the box empty; nothing breaks.
    let login = app.login(&who).await;
    let page = app
        .staff_get(
            &format!("/staff/case/{case}?template=nope&tl=en"),
            &login.cookie,
        )
        .await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    assert!(
        page.body
            .contains("aria-describedby=\"message-hint\"></textarea>")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1280_px_the_report_sits_beside_the_conversation_under_one_compact_row() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let case = app
        .submit_case("Forged certificates are sold in Goma.")
        .await;
    app.submit_case("A second report, for the queue.").await;
    let s = session_with(&app, DESK_MEASURING).await;
    let (client, base) = (s.client.clone(), format!("http://{}", s.addr));
    let result = async {
        open_case(&app, &client, &base, &who, &case).await?;
        let report = rect(&client, "#report").await?;
        let talk = rect(&client, "#conversation").await?;
        let status = rect(&client, "#case-bar select[name=status]").await?;
        let assignee = rect(&client, "#case-bar select[name=assignee]").await?;
        let label = rect(&client, "#case-bar input[name=label]").await?;
        let template = rect(&client, "#templates button").await?;
        let main = rect(&client, "main").await?;
        let violations = axe(&client, &axe_source()).await?;
        client.goto(&format!("{base}/staff?lang=en")).await?;
        wait_for(&client, Locator::Id("bulk")).await?;
        let bulk = rect(&client, "fieldset.bulk button").await?;
        // French words are longer: the row holds all the same.
        client
            .goto(&format!("{base}/staff/case/{case}?lang=fr"))
            .await?;
        wait_for(&client, Locator::Id("case-bar")).await?;
        let status_fr = rect(&client, "#case-bar select[name=status]").await?;
        let label_fr = rect(&client, "#case-bar input[name=label]").await?;
        Ok::<_, fantoccini::error::CmdError>((
            report, talk, status, assignee, label, template, main, bulk, violations, status_fr,
            label_fr,
        ))
    }
    .await;
    let _ = client.close().await;
    s.server.abort();
    let (
        report,
        talk,
        status,
        assignee,
        label,
        template,
        main,
        bulk,
        violations,
        status_fr,
        label_fr,
    ) = result.expect("browser steps");
    assert!(
        (label_fr[1] - status_fr[1]).abs() < 12.0,
        "in French: {label_fr:?} beside {status_fr:?}"
    );
    assert!(
        violations.is_empty(),
        "axe on the case page: {violations:?}"
    );
    // Report and files on one side, the conversation on the other, side by side.
    assert!(
        report[0] >= 0.0 && talk[0] > report[0] + report[2] - 1.0,
        "{report:?} {talk:?}"
    );
    assert!(talk[1] < report[3], "side by side: {report:?} {talk:?}");
    // Status, assignee and labels in one row above them.
    for (what, r) in [("assignee", assignee), ("label", label)] {
        assert!(
            (r[1] - status[1]).abs() < 12.0,
            "{what} {r:?} beside status {status:?}"
        );
    }
    assert!(status[3] < report[1] && status[3] < talk[1]);
    // Small buttons, not full-width bars.
    assert!(template[2] > 0.0 && template[2] < 160.0, "{template:?}");
    assert!(
        bulk[2] > 0.0 && bulk[2] < main[2] / 3.0,
        "{bulk:?} in {main:?}"
    );
}
