# Filimbi — English catalogue. Every user-facing string lives here and in its sibling files.
# Keep the same message ids in every language; a test fails if one is missing.

site-name = Filimbi
site-tagline = Confidential reporting for the ICGLR minerals certification scheme
lang-label = Language
skip-to-content = Skip to the main content
nav-home = Home
footer-note = Filimbi keeps no IP addresses, no browser details and no time of day. Reports are encrypted before they are stored.

index-title = Report fraud in the minerals trade, safely
index-intro = Filimbi lets you tell the investigators of the ICGLR Regional Certification Mechanism about forged mineral certificates, websites that pretend to be the certification authority, and illegal mineral trade. You do not need to give your name.
index-who = Only the scheme's investigators can read what you send. It is encrypted on arrival with their keys; the people who run this server cannot read it.
index-choose = What do you want to report?
index-safety-title = Staying safe
safety-tor = If you can, use Tor Browser. It hides where you are connecting from.
safety-device = Use a phone or computer you trust, that nobody else checks.
safety-work = Do not report from a work computer or work network: employers can see what is done on them.
safety-js = This site works with JavaScript turned off, on small screens and slow connections.
index-phone-title = No smartphone? Any phone will do
index-sms = Send a text message (SMS) to { $number }. The answer gives you a receipt: start a later message with it to add more or to answer the investigators.
index-ussd = Or dial { $code } and follow the menu.
index-sms-check = To check a website or certificate number by SMS, send CHECK followed by it.
index-phone-exposure = A text message or a USSD session is not anonymous: the phone company sees your number and what you send, and SIM cards in the region are registered to a name. This website, used with Tor Browser, gives away much less.
intake-closed = Reporting is closed for the moment: no investigator key is configured on this server. Nothing you type can be received. Please try again later.

category-fake-certificate = Fake certificate
category-fake-certificate-summary = A mineral certificate that looks forged, altered or issued by the wrong country.
category-fake-certificate-intro = Tell us about an ICGLR certificate you believe is false. Fill in what you know; only the description is required.
category-fake-certificate-note = Only Burundi, the Democratic Republic of Congo and Rwanda issue ICGLR certificates. A certificate said to come from any other country is not genuine.
category-fake-website = Fake website
category-fake-website-summary = A website or e-mail that pretends to be the certification authority.
category-fake-website-intro = Tell us about a website that claims to issue or check ICGLR certificates but is not the official one.
category-illegal-trade = Illegal trade
category-illegal-trade-summary = Illegal mining, smuggling, armed groups at mine sites, abuses against people.
category-illegal-trade-intro = Tell us about illegal mining, smuggling across borders, involvement of armed groups, or human-rights abuses at mine sites.
category-other = Something else
category-other-summary = Any other wrongdoing in the certification of minerals.
category-other-intro = Tell us about any other wrongdoing linked to the certification or trade of minerals.

field-certificate_number = Certificate number
field-certificate_number-hint = As written on the certificate.
field-issuer_state = Country named as issuer
field-exporter = Exporter or company named
field-mineral = Mineral
field-seen_where = Where you saw it
field-seen_where-hint = For example: sent by a buyer, shown at a border post.
field-description = What happened
field-description-hint = Describe what you saw. Do not write your own name or details that only you would know, unless you want to.
field-web_address = Web address or domain
field-web_address-hint = For example: www.example.com. It is safer not to open the site again.
field-found_how = How you found it
field-found_how-hint = For example: search engine, e-mail, message.
field-asked_for = What it asked for
field-asked_for-hint = For example: a payment, documents, passwords.
field-place = Place or mine site
field-involved = People or companies involved
field-route = Route or border crossing
field-when_month = When: month
field-when_year = When: year
field-when_year-hint = Four digits, for example 2025. Month and year are enough.
choose-none = — not specified —
required = required
form-send = Send report securely
form-safety-note = Nothing is sent until you press the button. After sending you will get a receipt number.
form-has-errors = Your report was not sent yet. Please check:
form-fix-marked = Correct the fields marked below; what you typed has been kept.
form-expired = This form was open for a long time and has expired. Your text has been kept below: press the button again to send it.
form-invalid-token = This form could not be checked, so nothing was sent. If you filled it in yourself, press the button again to send it.
form-used = This form has already been sent once, so nothing was sent this time. If you did not get a receipt, press the button again to send your text, kept below.
form-leave-empty = Leave this field empty: it is a trap for automatic spam, not a question for you. Do not type anything here.

field-files = Photos or documents (optional)
field-files-press = Press the button below to choose photos or documents on your phone or computer. The words on that button come from your browser and may be in another language.
upload-limits = Up to { $count } files, { $max } MB each. To choose several, hold the button down or select them together.
files-metadata = Photos, videos and documents often hide information about who made them: the GPS position where a photo or video was taken, the phone or camera, the time, the author's name. Filimbi removes it from JPEG, PNG, WebP and GIF pictures, MP4, MOV and 3GP videos (up to { $max } MB), PDF files (pictures inside included), and Word, Excel, PowerPoint and OpenDocument files before storing them. Other files (for example iPhone HEIC photos, ZIP archives, larger videos) are stored exactly as you send them and may still contain such information.
upload-choose-again = Files cannot be kept when a form is shown again: please choose your files again.
form-busy = The server is busy: many reports are arriving right now. Nothing was sent yet, and your text has been kept below: please send it again in a minute.
form-not-stored = Your report could not be stored just now, so nothing was kept. Your text is below: please send it again.
upload-too-many = Too many files: at most { $max } per report.
upload-too-large = The file "{ $name }" is too large: at most { $max } MB per file. Nothing was stored.
upload-empty = The file "{ $name }" is empty. Nothing was stored.

state-angola = Angola
state-burundi = Burundi
state-central-african-republic = Central African Republic
state-republic-of-congo = Republic of Congo
state-drc = Democratic Republic of Congo
state-kenya = Kenya
state-uganda = Uganda
state-rwanda = Rwanda
state-south-sudan = South Sudan
state-sudan = Sudan
state-tanzania = Tanzania
state-zambia = Zambia
state-other = Another country
state-unknown = I don't know

mineral-tin = Tin (cassiterite)
mineral-tantalum = Tantalum (coltan)
mineral-tungsten = Tungsten (wolframite)
mineral-gold = Gold
mineral-cobalt = Cobalt
mineral-copper = Copper
mineral-diamonds = Diamonds
mineral-bauxite = Bauxite
mineral-manganese = Manganese
mineral-phosphate = Phosphate
mineral-other = Other

month-01 = January
month-02 = February
month-03 = March
month-04 = April
month-05 = May
month-06 = June
month-07 = July
month-08 = August
month-09 = September
month-10 = October
month-11 = November
month-12 = December

problem-required = This must be filled in.
problem-too-long = This is too long: at most { $max } characters.
problem-not-a-choice = Please choose one of the options offered.
problem-bad-year = Please give a year with four digits, from 1990 to this year.
problem-bad-characters = This contains invisible control characters; please retype it.
problem-unknown-field = The form contained something unexpected. Please use the form on this page.
problem-duplicate = This field was sent twice.

receipt-title = Your report has been received
receipt-intro = Your report is encrypted and stored. This is your receipt number:
receipt-write-down = Write it down now, on paper, and keep it somewhere safe. It is shown only this once.
receipt-keep-safe = Anyone holding this number can read the investigators' messages to you. Do not share it, and do not keep a screenshot on a phone others can see.
receipt-lost = If you lose it, it cannot be recovered: we do not know who you are.
receipt-back = Back to the home page

error-op-id = Reference for the operators:
error-back = Back to the home page
error-not-found-title = Page not found
error-not-found = There is no page at this address.
error-bad-form-title = The form could not be read
error-bad-form = What was sent could not be read as text. Nothing was stored. Please go back and send the form again.
error-bad-query-title = Address not understood
error-bad-query = This address asks for something this page does not know, perhaps because the link was changed by hand. Nothing was changed. Please go back and use the links and filters on the page.
error-search-too-long-title = Search too long
error-search-too-long = This search is longer than any name on the list, so it could find nothing. Nothing was changed. Please type only the website's name (for example fake-example.com) or the certificate number.
error-too-large-title = Too much text
error-too-large = What was sent is larger than a report can be. Nothing was stored. Please shorten it and try again.
error-truncated-title = Sending was interrupted
error-truncated = The connection stopped before everything arrived. Nothing was stored. Please try again.
error-content-type-title = The form could not be read
error-content-type = This address only accepts the report form of this site. Nothing was stored.
error-cross-site-title = Refused
error-cross-site = This form was sent from another website, so it was refused. Nothing was stored or changed. Please use the form on this site.
error-intake-closed-title = Reporting is closed
error-intake-closed = Reporting is closed for the moment: no investigator key is configured. Nothing was stored. Please try again later.
error-busy-title = Too busy right now
error-busy = Many reports with files are being sent at this moment. Nothing was stored. Please try again in a few minutes.
error-rate-limited-title = Busy, please try again in a minute
error-rate-limited = Many requests are arriving at this moment. Please try again in a minute.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side and your report was NOT stored. Please try again in a few minutes.

## Delisting requests (a report kind offered from the warning page)
category-delisting-request = Delisting request
category-delisting-request-summary = You run a website on our warning list and believe the listing is wrong.
category-delisting-request-intro = Ask the investigators to review a listing on the public warning list. Explain why you believe it is wrong; they will look at it again and may withdraw it.
category-delisting-request-note = Keep the receipt you get after sending: it is the only way to read the investigators' questions and answer them.
field-listed_address = Listed website
field-listed_address-hint = The domain as it appears on the warning list, for example www.example.com.
field-relationship = Your connection to the website
field-relationship-hint = For example: owner, employee, hosting company.
field-contact = How to reach you (optional)
field-contact-hint = An e-mail address or phone number, if you want the investigators to contact you. You can also come back with your receipt.

## Public warnings
nav-warnings = Fraud warnings: check a website or certificate
warnings-title = Fake websites and forged certificates
warnings-intro = Investigators of the ICGLR minerals certification scheme publish here the fake websites and forged certificate numbers they have verified.
not-listed-notice = Not being on this list does not mean genuine. New fake websites appear all the time: always verify a certificate with the authority that issued it.
check-title = Check a website or certificate
check-label = Website, web address, e-mail address or certificate number
check-hint = For example: www.example.com, https://example.com/login, name@example.org or RW-2024-00123.
check-button = Check
check-see-list = See the whole warning list
check-canonical = Checked as: { $canonical }
check-report-hint = Do you think it is fake?
check-error-empty = Enter a website, e-mail address or certificate number to check.
check-error-too-long = This is too long to be a website or a certificate number.
check-error-invalid-domain = This is not a valid website or e-mail address. Type a domain such as ceec-icglr.org.
check-error-ip-address = Websites are listed by name, not by IP address. Type the website's name instead.
check-error-invalid-certificate = This is not a valid certificate number. Use letters, digits and - / . (3 to 64 characters, with at least one digit).
verdict-listed-domain = Warning: { $target } is listed as a fake website.
verdict-listed-domain-advice = Do not enter information, upload documents or pay anything on this website. Certificates it shows or issues are not genuine.
verdict-listed-certificate = Warning: certificate number { $target } is listed as forged.
verdict-listed-certificate-advice = Do not accept a certificate with this number. Contact the authority of the issuing country.
verdict-withdrawn = { $target } was on the list, but the listing was withdrawn on { $day }.
verdict-official = { $target } is an official website of the ICGLR minerals certification scheme ({ $official }).
verdict-official-advice = This is the official site. Open it by typing its name yourself, not through a link someone sent you.
verdict-lookalike = Be careful: { $target } is not on our list, but it resembles the official website { $official }.
verdict-lookalike-advice = Fake certification websites often imitate the official name. Use only the official website, typed by hand.
lookalike-confusable = Some of its letters look like those of the official name but are different characters.
lookalike-same-name = It uses the official name under another ending or inside another website's name.
lookalike-edit = Its name differs from the official name by only { $n ->
        [one] { $n } character.
       *[other] { $n } characters.
    }
lookalike-token = Its name contains "{ $token }", part of the official name.
verdict-unknown-domain = { $target } is not on our list of fake websites.
verdict-unknown-certificate = Certificate number { $target } is not on our list of forged certificates.
warning-status-active = Listed as fake
warning-status-withdrawn = Withdrawn
warning-event-listed = Listed
warning-event-withdrawn = Withdrawn
warning-event-relisted = Listed again
warning-first-listed = first listed
warning-withdrawn-because = Withdrawn:
warning-history = History
warning-kind-domain = website
warning-kind-certificate = certificate number
warnings-list-title = Published warnings, most recent first
warnings-check-title = Is it fake? Check one website or certificate number
warnings-search = Or look through the list below: type part of a website name or certificate number to show only the warnings that contain it
warnings-search-button = Search the list
warnings-none = No warning has been published yet.
warnings-no-match = Nothing on the list matches "{ $q }". This does not mean it is genuine.
warnings-matches = { $count ->
        [one] One published warning matches "{ $q }":
       *[other] { $count } published warnings match "{ $q }":
    }
warnings-page = Page { $page } of { $pages }
warnings-newer = More recent warnings
warnings-older = Older warnings
warnings-official-title = Official references
warnings-official-domains = The official website of the ICGLR minerals certification scheme:
warnings-official-issuers = Only three countries issue ICGLR certificates: Burundi, the Democratic Republic of Congo and Rwanda. A certificate said to come from any other member state is not genuine.
warnings-official-verify = To verify a certificate, use the scheme's unified certification website, { $official }, typed by hand, or ask the authority of the country that issued it. Do not trust a website, e-mail address or phone number printed on the certificate itself.
warnings-official-report = Seen a fake website or a forged certificate? Report it anonymously.
warnings-report-link = Make a report
warnings-delisting-title = Listed by mistake?
warnings-delisting-text = If you run a website on this list and believe the listing is wrong, ask the investigators to review it. Your request is encrypted like any report.
warnings-delisting-link = Ask for a review
warnings-feeds-title = Feeds for blocklists, DNS resolvers and scripts
warnings-feeds-intro = The same list as JSON, CSV, plain text, hosts file, DNS Response Policy Zone and Atom, as an Adblock filter list, in STIX 2.1 and as a MISP feed. Each feed has a signature next to it (the same name ending in .sig) and says, inside what is signed, the day from which it is no longer valid (valid_until): a copy that has reached that day is out of date.
warnings-feeds-key = Signing key (OpenSSH):
warnings-feeds-fingerprint = Fingerprint:
warnings-feeds-verify = To check a feed with OpenSSH:
feed-for-scripts = for scripts and spreadsheets
feed-for-blocklists = for blocklists and hosts files
feed-for-dns = for DNS resolvers (BIND, Unbound, Knot Resolver)
feed-for-readers = for feed readers
feed-for-browsers = for browser blockers (uBlock Origin, AdGuard, Brave)
feed-for-stix = for threat-intelligence tools that read STIX 2.1
feed-for-misp = for MISP: add the folder /feeds/misp/ as a feed of type "MISP Feed"

## Follow-up: coming back with the receipt
nav-followup = Follow up on a report
receipt-come-back = Come back in a few days to read the investigators' questions: choose "Follow up on a report" at the top of any page and type this number. It is the only way in.
followup-title = Follow up on a report
followup-intro = Type the receipt number you were given when you sent your report. Spaces, dashes and dots do not matter.
followup-receipt-label = Receipt number
followup-receipt-hint = 28 digits, for example
followup-open = Open my report
followup-only-way = Your receipt is the only way in. We do not know who you are, so we cannot send it to you again.
followup-mistyped = This receipt looks mistyped: probably one digit is wrong or two digits are swapped. Check it against your paper and type it again.
followup-wrong-shape = A receipt has 28 digits, shown in 7 groups of 4. Check it and type it again.
followup-unknown = No report has this receipt. Check the digits again. If they are right, the report may have been deleted after it was closed.
followup-busy = Many people are using this page right now. Nothing was lost: please try again in a minute.
followup-not-stored = Your answer could not be stored just now, so nothing was kept. Your text is below: please send it again.
followup-expired = Your visit has ended (after 15 minutes without use, or when you left). Type your receipt again to continue. Nothing you sent is lost.
followup-form-again = This form could not be checked or has expired. Please type your receipt again.
followup-answer-kept = Your answer, kept to be sent when you type your receipt (files must be chosen again)
followup-case-title = Your report
followup-state-received = Received: no investigator has looked at it yet.
followup-state-being-looked-at = Being looked at by an investigator.
followup-state-closed = Closed: the investigators have finished with it.
followup-received-day = Received on { $day }.
followup-acknowledged-day = An investigator first looked at it on { $day }.
followup-messages = Messages
followup-no-messages = No message from the investigators yet. Come back in a few days.
followup-language-note = The investigators write in English or French. You can answer in the language you prefer.
followup-question-from = The investigators wrote on { $day }:
followup-you-wrote = You wrote to the investigators on { $day }.
followup-own-words = Your own words are not shown again, so that someone who takes your phone or sees your screen learns as little as possible.
followup-answer = Answer the investigators
followup-answer-label = Your answer
followup-send = Send answer securely
followup-sent = Your answer was encrypted and stored. Thank you.
followup-invalid-answer = Write an answer or choose a file to send.
followup-session-note = This page forgets your report after 15 minutes without use.
followup-leave = Leave now
followup-too-long = Your answer is longer than 20,000 characters. Please shorten it, or send it in two parts; what you typed is kept below.

## SMS and USSD
# What a basic phone shows: SMS replies (sms-…) and the USSD menu (ussd-…). Limits, which tests
# check in every language: an SMS reply fits two SMS parts (about 300 plain letters, or 130
# Arabic letters); a USSD screen is at most 182 characters (80 in Arabic, sent as UCS-2),
# "not a choice" line included.
# Keep CHECK and STOP as they are: they are the words people send. Keep each menu line's digit first.
sms-receipt =
    Filimbi: your report is stored. Your receipt:
    { $receipt }
    Keep it secret. To add more or read our questions, send a message that starts with this receipt.
sms-answer-stored = Filimbi: your message was encrypted and added to your report. Thank you. Keep your receipt secret.
sms-receipt-mistyped = Filimbi: this receipt looks mistyped: a digit is wrong or two are swapped. Nothing was stored. Check it and send your message again.
sms-receipt-unknown = Filimbi: no report has this receipt. Nothing was stored. Check the 28 digits and send again. A closed report may have been deleted.
sms-busy = Filimbi: too many people are sending right now. Nothing was stored. Please send your message again in a few minutes.
sms-stopped = Filimbi: your phone number was deleted from your report. We will send you no more SMS. Your receipt still opens your report on the web.
sms-stop-needs-receipt = Filimbi: we do not keep your number in a form we can read, so we cannot find your report by it. Send your receipt, a space, then STOP.
sms-check-listed = Filimbi: { $term } is on our warning list. It is not official. Do not pay it or send it documents.
sms-check-official = Filimbi: { $term } is official: it belongs to the ICGLR certification.
sms-check-lookalike = Filimbi: { $term } looks like the official { $official } but is not it. Do not trust it.
sms-check-not-listed = Filimbi: { $term } is not on our warning list. That does not prove it is genuine.
sms-check-unreadable = Filimbi: send CHECK, a space, then a website (such as example.com) or a certificate number.
sms-empty = Filimbi: to report, send what you saw in your own words: what, where, when. Do not write your name. To check a website: CHECK example.com
sms-too-long = Filimbi: your message is too long. Nothing was stored. Send a shorter report; then add more in messages that start with your receipt.
sms-closed = Filimbi: reports cannot be received right now. Nothing was stored. Please try again later.
sms-failed = Filimbi: something went wrong on our side. Nothing was stored. Please send your message again later.
sms-duplicate = Filimbi: this message had already reached us and was stored the first time. If no receipt came back then, send your report again.
sms-question = Filimbi: a question from the investigators. To answer, send your receipt, a space, then your answer.
ussd-main =
    Filimbi: report without giving your name.
    1 Make a report
    2 Follow up my report
ussd-kind =
    What is it about?
    1 Fake certificate
    2 Fake website
    3 Illegal trade or smuggling
    4 Something else
ussd-issuer-state =
    Which country is on the certificate? Only Burundi, DRC and Rwanda issue them.
    1 Burundi
    2 DR Congo
    3 Rwanda
    4 Another country
    5 I don't know
ussd-certificate-number = Type the certificate number, or 0 if you do not have it.
ussd-mineral =
    Which mineral?
    1 Tin (cassiterite)
    2 Coltan (tantalum)
    3 Tungsten (wolframite)
    4 Gold
    5 Other or not sure
ussd-web-address = Type the address of the website, for example example.com
ussd-describe-fake-certificate = What is wrong with the certificate? Who showed it, and where? Do not write your name.
ussd-describe-fake-website = What does the website claim or ask for? How did you find it? Do not write your name.
ussd-describe-illegal-trade = What did you see? Where, and in which month? Who is involved? Do not write your name.
ussd-describe-other = What happened? Where, and in which month? Do not write your name.
ussd-confirm =
    Send your report? It is encrypted and has no name on it.
    1 Send
    2 Cancel
ussd-confirm-sms = 3 Send, and text me the investigators' questions
ussd-cancelled = Cancelled. Nothing was stored.
ussd-type-receipt = Type your receipt: the 28 digits you were given.
ussd-receipt-mistyped = This receipt looks mistyped: a digit is wrong or two are swapped. Type it again.
ussd-receipt-wrong-shape = A receipt has 28 digits. Type it again.
ussd-receipt-unknown = No report has this receipt. Check the digits and try again. A closed report may have been deleted.
ussd-busy = Too many people are trying right now. Nothing was lost. Please try again in a few minutes.
ussd-question = Question from the investigators ({ $page }/{ $pages }):
ussd-question-menu =
    1 Answer
    2 Next page
ussd-question-menu-one = 1 Answer
ussd-no-question-yet =
    No question from the investigators yet. Come back in a few days.
    1 Add information to my report
ussd-type-answer = Type your answer. Do not write your name.
ussd-answer-stored = Your answer was encrypted and stored. Thank you. Keep your receipt secret.
ussd-stored =
    Report stored. Your receipt:
    { $receipt }
    Write it down and keep it secret: it is the only way to read our questions.
ussd-closed = Reports cannot be received right now. Nothing was stored. Please try again later.
ussd-failed = Something went wrong on our side. Nothing was stored. Please try again later.
ussd-already-stored = This was already stored, the first time. Thank you.
ussd-invalid = Not a choice. Try again.
ussd-too-long = Too long: nothing was stored. Please make it shorter.
ussd-bad-text = Your text has characters that cannot be stored. Nothing was stored.
