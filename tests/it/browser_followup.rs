//! The follow-up conversation, all through the pages, in two headless Chromiums with
//! JavaScript off: a person reports, an investigator asks a question from the case page, the
//! person comes back with the receipt (typed with spaces and dashes), reads the question and
//! answers with text and a phone photo; the investigator reads the answer and downloads the
//! photo, cleaned; `filimbi export` and stock `age -d` open the question, the answer and the
//! photo offline. The receipt never appears in a URL, a cookie or a log line.

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use filimbi::domain::receipt::Receipt;

use crate::browser::session;
use crate::cli::{filimbi, stderr};
use crate::common::*;

const QUESTION: &str = "Thank you. Who sent you the link, and on which day did you first see it?";
const ANSWER: &str = "A broker in Bukavu sent it by SMS on 3 March. Here is a photo of his shop.";
const PHOTO: &str = "IMG_20260314_092653.jpg";

/// Notes the address the browser is at.
async fn visited(client: &Client, urls: &mut Vec<String>) -> Result<(), CmdError> {
    urls.push(client.current_url().await?.to_string());
    Ok(())
}

/// The receipt as a person copies it from paper: groups joined by dashes and spaces in turn.
fn typed_like_a_person(digits: &str) -> String {
    let groups: Vec<&str> = digits
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let mut out = String::new();
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "-" } else { " " });
        }
        out.push_str(g);
    }
    out
}

/// Asserts a JPEG has no GPS (or any other EXIF but the orientation) and no canary left.
fn assert_clean_photo(what: &str, jpeg: &[u8]) {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "{what} is a JPEG");
    assert!(!contains(jpeg, b"CANARY"), "{what} still holds a canary");
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(jpeg))
        .expect("orientation EXIF kept");
    assert!(
        exif.fields().all(|f| f.tag.context() != exif::Context::Gps),
        "{what} has no GPS tag"
    );
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_none()
    );
    assert_eq!(exif.fields().count(), 1, "{what}: only the orientation tag");
    let img = image::load_from_memory(jpeg).expect("still a picture");
    assert_eq!((img.width(), img.height()), (64, 48));
}

/// What the two browsers saw.
struct Seen {
    receipt: String,
    typed: String,
    urls: Vec<String>,
    wb_cookies: Vec<String>,
    state: Option<String>,
    questions: Vec<String>,
    sent_path: String,
    sent_query: String,
    sent_notice: String,
    answered_days: usize,
    unread_marks: usize,
    answer_shown: String,
    download_href: String,
    session_cookie: String,
    scripts: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_and_an_answer_with_a_photo_go_both_ways_through_the_pages() {
    let app = TestApp::new().await;
    let who = app.investigator("amani", false).await;
    let wb = session(&app).await;
    let inv = session(&app).await;
    let photo = wb.profile.path().join(PHOTO);
    let original = crate::fixtures::jpeg_with_metadata();
    assert!(contains(&original, b"JPEG-SERIAL-CANARY"));
    std::fs::write(&photo, &original).expect("photo");

    let (w, i) = (&wb.client, &inv.client);
    let mut urls = Vec::new();
    let result = async {
        // 1. The person reports a fake website and writes the receipt down.
        w.goto(&format!("http://{}/", wb.addr)).await?;
        visited(w, &mut urls).await?;
        wait_for(w, Locator::Css("a[href^='/report/fake-website']"))
            .await?
            .click()
            .await?;
        visited(w, &mut urls).await?;
        // The test clock stands still; a person takes a while to fill the form in (a form
        // sent within seconds of being shown is filed as possible spam).
        app.clock.advance(60);
        fill_and_send(
            w,
            &[
                ("f-web_address", "www.ceecicglrcertification.org"),
                (
                    "f-description",
                    "It asked me to pay 300 USD for a certificate check.",
                ),
            ],
            SUBMIT,
        )
        .await?;
        let receipt = wait_for(w, Locator::Css("p#receipt")).await?.text().await?;
        visited(w, &mut urls).await?;
        Ok::<_, CmdError>(receipt)
    }
    .await;
    let receipt = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = w.clone().close().await;
            let _ = i.clone().close().await;
            panic!("report steps: {e}");
        }
    };
    let case = app
        .store
        .list_cases(None)
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.id.as_str().to_owned())
        .next()
        .expect("one case");
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let typed = typed_like_a_person(&digits);
    app.clock.advance(30);
    let code = who.secret.code_at(app.clock_now());

    let result = async {
        // 2. An investigator logs in and asks a question from the case page.
        i.goto(&format!("http://{}/staff", inv.addr)).await?;
        log_in_in_browser(i, "amani", crate::staff::PASSWORD, &code).await?;
        visited(i, &mut urls).await?;
        wait_for(i, Locator::Css(&format!("tr[data-case='{case}'] a")))
            .await?
            .click()
            .await?;
        visited(i, &mut urls).await?;
        fill_and_send(
            i,
            &[("message", QUESTION)],
            Locator::XPath("//textarea[@id='message']/ancestor::form//button[@type='submit']"),
        )
        .await?;
        wait_for(i, Locator::Css("#conversation article.message")).await?;
        visited(i, &mut urls).await?;

        // 3. The person comes back: home page, "Follow up on a report", the receipt typed by
        // hand with dashes and spaces.
        w.goto(&format!("http://{}/", wb.addr)).await?;
        visited(w, &mut urls).await?;
        wait_for(w, Locator::Id("nav-followup"))
            .await?
            .click()
            .await?;
        visited(w, &mut urls).await?;
        fill_and_send(
            w,
            &[("receipt", &typed)],
            Locator::XPath("//input[@id='receipt']/ancestor::form//button[@type='submit']"),
        )
        .await?;
        let state = wait_for(w, Locator::Id("state"))
            .await?
            .attr("data-state")
            .await?;
        visited(w, &mut urls).await?;
        let mut questions = Vec::new();
        for q in w
            .find_all(Locator::Css("#messages article.message .text"))
            .await?
        {
            questions.push(q.text().await?);
        }

        // 4. They answer with text and a phone photo that carries GPS.
        fill_and_send(
            w,
            &[
                ("answer", ANSWER),
                ("f-files", &photo.display().to_string()),
            ],
            Locator::Css("#answer-form button[type='submit']"),
        )
        .await?;
        let sent_notice = wait_for(w, Locator::Id("notice")).await?.text().await?;
        let sent_url = w.current_url().await?;
        let (sent_path, sent_query) = (
            sent_url.path().to_owned(),
            sent_url.query().unwrap_or_default().to_owned(),
        );
        visited(w, &mut urls).await?;
        let answered_days = w.find_all(Locator::Css("#messages .answered")).await?.len();
        let mut scripts = w.find_all(Locator::Css("script")).await?.len();
        let mut wb_cookies = Vec::new();
        for c in w.get_all_cookies().await? {
            wb_cookies.push(format!("{}={}", c.name(), c.value()));
        }

        // 5. The investigator sees the unread mark in the queue, goes back to the case and
        // reloads it: the answer and its photo are there.
        i.goto(&format!("http://{}/staff", inv.addr)).await?;
        visited(i, &mut urls).await?;
        let unread_marks = wait_for(i, Locator::Css(&format!("tr[data-case='{case}']")))
            .await?
            .find_all(Locator::Css("strong.unread"))
            .await?
            .len();
        i.back().await?;
        i.refresh().await?;
        visited(i, &mut urls).await?;
        let answer_shown = wait_for(i, Locator::Css("#conversation article.from-wb .text"))
            .await?
            .text()
            .await?;
        let download_href = i
            .find(Locator::Css("#conversation a[href*='/files/answer-']"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        scripts += i.find_all(Locator::Css("script")).await?.len();
        let session_cookie = i
            .get_named_cookie(crate::staff::COOKIE)
            .await?
            .value()
            .to_owned();
        Ok::<_, CmdError>(Seen {
            receipt: receipt.clone(),
            typed: typed.clone(),
            urls: std::mem::take(&mut urls),
            wb_cookies,
            state,
            questions,
            sent_path,
            sent_query,
            sent_notice,
            answered_days,
            unread_marks,
            answer_shown,
            download_href,
            session_cookie,
            scripts,
        })
    }
    .await;
    let _ = w.clone().close().await;
    let _ = i.clone().close().await;
    let seen = result.expect("browser steps");

    // The investigator's browser downloads the photo with its session.
    filimbi::services::texting::install_tls_provider();
    let download = reqwest::Client::new()
        .get(format!("http://{}{}", inv.addr, seen.download_href))
        .header(
            "cookie",
            format!("{}={}", crate::staff::COOKIE, seen.session_cookie),
        )
        .send()
        .await
        .expect("download");
    let status = download.status();
    let disposition = download
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let downloaded = download.bytes().await.expect("download body").to_vec();
    wb.server.abort();
    inv.server.abort();

    // What the person saw.
    assert!(Receipt::parse(&seen.receipt).is_ok(), "{}", seen.receipt);
    assert!(
        seen.typed.contains('-') && seen.typed.contains(' '),
        "{}",
        seen.typed
    );
    assert_eq!(
        seen.state.as_deref(),
        Some("being-looked-at"),
        "a question acknowledges the report"
    );
    assert_eq!(seen.questions, [QUESTION]);
    assert_eq!(seen.sent_path, "/followup/case");
    assert!(
        seen.sent_query.split('&').any(|kv| kv == "sent=1"),
        "{}",
        seen.sent_query
    );
    assert!(!seen.sent_notice.is_empty());
    assert_eq!(seen.answered_days, 1, "the day they wrote is listed");
    assert_eq!(seen.scripts, 0, "no page needs JavaScript");

    // The receipt is in no URL either browser visited, no cookie and no log line.
    assert!(seen.urls.len() >= 12, "{:?}", seen.urls);
    for u in &seen.urls {
        let url_digits: String = u.chars().filter(char::is_ascii_digit).collect();
        assert!(
            !url_digits.contains(&digits)
                && !u.contains(&seen.receipt)
                && !u.contains(&seen.typed)
                && !u.contains("receipt"),
            "the receipt leaked into {u}"
        );
    }
    assert!(
        seen.urls.iter().any(|u| u.contains("/followup/case")),
        "{:?}",
        seen.urls
    );
    assert!(
        seen.wb_cookies.iter().any(
            |c| c.starts_with("__Host-filimbi-followup=") || c.starts_with("filimbi-followup=")
        ),
        "a follow-up pass cookie: {:?}",
        seen.wb_cookies
    );
    for c in &seen.wb_cookies {
        let cookie_digits: String = c.chars().filter(char::is_ascii_digit).collect();
        assert!(!cookie_digits.contains(&digits), "receipt in a cookie");
    }
    assert!(!captured_logs().contains(&digits), "receipt in the logs");

    // What the investigator saw and downloaded.
    assert_eq!(seen.unread_marks, 1, "the queue marks the unread answer");
    assert_eq!(seen.answer_shown, ANSWER);
    assert!(
        seen.download_href
            .starts_with(&format!("/staff/case/{case}/files/answer-")),
        "{}",
        seen.download_href
    );
    assert_eq!(status, 200);
    assert!(disposition.contains(PHOTO), "{disposition}");
    assert_clean_photo("the downloaded photo", &downloaded);

    // Offline: `filimbi export`, then stock age opens the question, the answer and the photo.
    app.store.close().await;
    let root = app.dir.path();
    let out = filimbi(root, &["--data-dir", "data", "export", "--out", "exp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("exp/manifest.json")).expect("manifest"))
            .expect("json");
    let files: Vec<String> = manifest["cases"][0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect();
    assert_eq!(manifest["cases"][0]["id"], case.as_str());
    let listed = |name: &str| {
        assert!(
            files.contains(&format!("{case}/{name}")),
            "{name} listed: {files:?}"
        );
        root.join("exp").join(&case).join(name)
    };
    let identity = &app.identities[0];
    let message = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&stock_age_decrypt(identity, &listed(name)))
            .expect("message is JSON (with trailing padding)")
    };
    let question = message("message-001.age");
    assert_eq!(question["format"], "filimbi/message");
    assert_eq!(question["from"], "investigator");
    assert_eq!(question["text"], QUESTION);
    let answer = message("message-002.age");
    assert_eq!(answer["format"], "filimbi/message");
    assert_eq!(answer["from"], "whistleblower");
    assert_eq!(answer["text"], ANSWER);
    assert_eq!(answer["attachments"][0]["name"], PHOTO);
    assert_eq!(answer["attachments"][0]["metadata_removed"], true);
    // The photo's safe preview (`previews.rs`) is exported beside it, as `….preview.age`.
    let answer_files: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with(&format!("{case}/message-002-answer-")) && f.ends_with(".age"))
        .filter(|f| !f.ends_with(".preview.age"))
        .collect();
    assert_eq!(answer_files.len(), 1, "{files:?}");
    let stored = answer_files[0].rsplit('/').next().unwrap();
    assert_eq!(
        Some(stored),
        answer["attachments"][0]["file"]
            .as_str()
            .map(|f| format!("message-002-{f}.age"))
            .as_deref(),
        "the export names the file after its answer"
    );
    let unpacked = stock_unpack(identity, &listed(stored));
    assert_eq!(unpacked.file_name().and_then(|n| n.to_str()), Some(PHOTO));
    let offline = std::fs::read(&unpacked).expect("unpacked photo");
    assert_clean_photo("the exported photo", &offline);
    assert_eq!(offline, downloaded, "the same clean photo both ways");

    // And `filimbi decrypt` writes the conversation and the photo beside the report.
    let key = identity.to_string_lossy().into_owned();
    let dec = filimbi(root, &["decrypt", "--identity", &key, "exp"]);
    assert!(dec.status.success(), "{}", stderr(&dec));
    let conversation = std::fs::read_to_string(root.join(format!("exp/{case}/conversation.txt")))
        .expect("conversation.txt");
    assert!(
        conversation.contains(QUESTION) && conversation.contains(ANSWER),
        "{conversation}"
    );
    let extracted = std::fs::read(root.join(format!("exp/{case}/attachments/{PHOTO}")))
        .expect("answer photo extracted");
    assert_eq!(extracted, downloaded);
}
