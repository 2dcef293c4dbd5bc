# Filimbi — Kinyarwanda catalogue. DRAFT: written without a native speaker's review, so it is
# off unless an operator names it in --languages (see docs/translating.md for what a reviewer
# checks). Keep the same message ids in every language; a test fails if one is missing.
# Terms used throughout: raporo (report), nimero y'ibanga (the receipt number), abakora
# iperereza (investigators), icyemezo / ibyemezo (certificate), urubuga (website),
# amabuye y'agaciro (minerals), bihishwe mu ibanga (encrypted).

site-name = Filimbi
site-tagline = Gutanga amakuru mu ibanga ku buryo bwa ICGLR bwo gutanga ibyemezo by'amabuye y'agaciro
lang-label = Ururimi
skip-to-content = Jya ku bikubiye muri uru rupapuro
nav-home = Ahabanza
footer-note = Filimbi ntibika aderesi za IP, amakuru ya mushakisha cyangwa isaha. Raporo zihishwa mu ibanga mbere yo kubikwa.

index-title = Tanga amakuru ku buriganya mu bucuruzi bw'amabuye y'agaciro, nta kwishyira mu kaga
index-intro = Filimbi igufasha kumenyesha abakora iperereza ba Gahunda y'Akarere ya ICGLR yo Gutanga Ibyemezo ibyemezo by'amabuye y'agaciro by'impimbano, imbuga za interineti zigira nk'aho ari urwego rutanga ibyemezo, n'ubucuruzi bw'amabuye y'agaciro butemewe n'amategeko. Ntugomba gutanga izina ryawe.
index-who = Abakora iperereza ba gahunda ni bo bonyine bashobora gusoma ibyo wohereje. Bihishwa mu ibanga bikigera hano hakoreshejwe imfunguzo zabo; abacunga iyi seriveri ntibashobora kubisoma.
index-choose = Urashaka gutanga amakuru ku ki?
index-safety-title = Kwirinda
safety-tor = Niba bishoboka, koresha Tor Browser. Ihisha aho uri guhuzwa uturutse.
safety-device = Koresha telefoni cyangwa mudasobwa wizeye, itagenzurwa n'undi muntu.
safety-work = Ntutange amakuru ukoresheje mudasobwa cyangwa umuyoboro wo ku kazi: abakoresha bashobora kubona ibikorerwaho.
safety-js = Uru rubuga rukora JavaScript izimye, kuri telefoni nto no kuri interineti itihuta.
index-phone-title = Nta telefoni igezweho ufite? Telefoni iyo ari yo yose irakora
index-sms = Ohereza ubutumwa bugufi (SMS) kuri { $number }. Igisubizo kiguha nimero y'ibanga: yitangize ubutumwa uzohereza nyuma kugira ngo wongereho amakuru cyangwa usubize abakora iperereza.
index-ussd = Cyangwa kanda { $code } ukurikize ibyo ubwirwa.
index-sms-check = Kugira ngo ugenzure urubuga cyangwa nimero y'icyemezo ukoresheje SMS, ohereza GENZURA ikurikiwe na rwo cyangwa na yo.
index-phone-exposure = Ubutumwa bugufi cyangwa USSD ntibihisha uwo uri we: sosiyete y'itumanaho ibona nimero yawe n'ibyo wohereza, kandi amakarita ya SIM yo mu karere yanditse ku mazina. Uru rubuga, rukoreshejwe na Tor Browser, rugaragaza bike cyane.
intake-closed = Kwakira raporo byahagaritswe by'agateganyo: nta rufunguzo rw'ukora iperereza rwashyizwe kuri iyi seriveri. Nta na kimwe wandika gishobora kwakirwa. Ongera ugerageze nyuma.

category-fake-certificate = Icyemezo cy'impimbano
category-fake-certificate-summary = Icyemezo cy'amabuye y'agaciro gisa n'icyahimbwe, icyahinduwe cyangwa icyatanzwe n'igihugu kitabifitiye uburenganzira.
category-fake-certificate-intro = Tubwire ku cyemezo cya ICGLR ukeka ko ari icy'impimbano. Uzuza ibyo uzi; igisobanuro ni cyo cyonyine gisabwa.
category-fake-certificate-note = U Burundi, Repubulika Iharanira Demokarasi ya Kongo n'u Rwanda ni byo byonyine bitanga ibyemezo bya ICGLR. Icyemezo bivugwa ko cyaturutse mu kindi gihugu si icy'ukuri.
category-fake-website = Urubuga rw'impimbano
category-fake-website-summary = Urubuga rwa interineti cyangwa imeri byigira nk'aho ari urwego rutanga ibyemezo.
category-fake-website-intro = Tubwire ku rubuga ruvuga ko rutanga cyangwa rugenzura ibyemezo bya ICGLR nyamara atari urwemewe.
category-illegal-trade = Ubucuruzi butemewe
category-illegal-trade-summary = Ubucukuzi butemewe, magendu, imitwe yitwaje intwaro ku birombe, ihohoterwa ry'abantu.
category-illegal-trade-intro = Tubwire ku bucukuzi butemewe n'amategeko, magendu yambukiranya imipaka, uruhare rw'imitwe yitwaje intwaro, cyangwa ihohoterwa ry'uburenganzira bwa muntu ku birombe.
category-other = Ikindi
category-other-summary = Irindi kosa iryo ari ryo ryose mu gutanga ibyemezo by'amabuye y'agaciro.
category-other-intro = Tubwire irindi kosa iryo ari ryo ryose rifitanye isano no gutanga ibyemezo cyangwa n'ubucuruzi bw'amabuye y'agaciro.

field-certificate_number = Nimero y'icyemezo
field-certificate_number-hint = Nk'uko yanditse ku cyemezo.
field-issuer_state = Igihugu kivugwa ko cyatanze icyemezo
field-exporter = Ucuruza mu mahanga cyangwa sosiyete ivugwa
field-mineral = Ibuye ry'agaciro
field-seen_where = Aho wakibonye
field-seen_where-hint = Urugero: cyoherejwe n'umuguzi, cyerekanywe ku mupaka.
field-description = Ibyabaye
field-description-hint = Sobanura ibyo wabonye. Ntwandike izina ryawe cyangwa ibintu wowe wenyine wamenya, keretse ubishaka.
field-web_address = Aderesi y'urubuga cyangwa izina ryarwo
field-web_address-hint = Urugero: www.example.com. Ni byiza kudasubira gufungura urwo rubuga.
field-found_how = Uko warubonye
field-found_how-hint = Urugero: moteri ishakisha, imeri, ubutumwa.
field-asked_for = Icyo rwasabye
field-asked_for-hint = Urugero: kwishyura, inyandiko, ijambo ry'ibanga.
field-place = Ahantu cyangwa ikirombe
field-involved = Abantu cyangwa sosiyete bibifitemo uruhare
field-route = Inzira cyangwa aho bambukiye umupaka
field-when_month = Igihe: ukwezi
field-when_year = Igihe: umwaka
field-when_year-hint = Imibare ine, urugero 2025. Ukwezi n'umwaka birahagije.
choose-none = — ntibyagaragajwe —
required = birasabwa
form-send = Ohereza raporo mu ibanga
form-safety-note = Nta kintu cyoherezwa utarakanda kuri buto. Nyuma yo kohereza uzahabwa nimero y'ibanga.
form-has-errors = Raporo yawe ntiroherezwa. Reba ibi bikurikira:
form-fix-marked = Kosora ahagaragajwe hepfo; ibyo wanditse byagumishijwe.
form-expired = Iyi fomu yamaze igihe kirekire ifunguye none yarangiye. Inyandiko yawe yagumishijwe hepfo: ongera ukande kuri buto kugira ngo uyohereze.
form-invalid-token = Iyi fomu ntiyashoboye kugenzurwa, bityo nta kintu cyoherejwe. Niba ari wowe wayujuje, ongera ukande kuri buto kugira ngo uyohereze.
form-used = Iyi fomu yari yaroherejwe rimwe, bityo nta kintu cyoherejwe ubu. Niba utarahawe nimero y'ibanga, ongera ukande kuri buto kugira ngo wohereze inyandiko yawe, yagumishijwe hepfo.
form-leave-empty = Ntugire icyo wandika aha: ni umutego wo gufata ubutumwa bwikora bw'amatangazo, si ikibazo ubazwa. Ntukandike ikintu na kimwe aha.

field-files = Amafoto cyangwa inyandiko (si ngombwa)
field-files-press = Kanda kuri buto iri hepfo kugira ngo uhitemo amafoto cyangwa inyandiko biri muri telefoni cyangwa mudasobwa yawe. Amagambo ari kuri iyo buto aturuka kuri mushakisha yawe kandi ashobora kuba ari mu rundi rurimi.
upload-limits = Kugeza kuri dosiye { $count }, buri imwe itarenze MB { $max }. Kugira ngo uhitemo nyinshi, kanda kuri buto igihe kirekire cyangwa uzihitiremo icyarimwe.
files-metadata = Amafoto, amashusho n'inyandiko akenshi bihisha amakuru ku wabikoze: aho ifoto cyangwa amashusho byafatiwe (GPS), telefoni cyangwa kamera, isaha, izina ry'uwabyanditse. Filimbi iyakuraho mu mafoto ya JPEG, PNG, WebP na GIF, mu mashusho ya MP4, MOV na 3GP (kugeza kuri MB { $max }), muri dosiye za PDF (n'amafoto arimo), no muri dosiye za Word, Excel, PowerPoint na OpenDocument mbere yo kuzibika. Izindi dosiye (urugero amafoto ya iPhone ya HEIC, ububiko bwa ZIP, amashusho manini) zibikwa uko wazohereje, kandi zishobora kuba zigifite ayo makuru.
upload-choose-again = Dosiye ntizishobora kugumishwa iyo fomu yongeye kugaragara: ongera uhitemo dosiye zawe.
form-busy = Seriveri ifite akazi kenshi: raporo nyinshi ziri kugera ubu. Nta kintu cyoherejwe, kandi inyandiko yawe yagumishijwe hepfo: ongera uyohereze nyuma y'umunota umwe.
form-not-stored = Raporo yawe ntiyashoboye kubikwa ubu, bityo nta kintu cyabitswe. Inyandiko yawe yagumishijwe hepfo: ongera uyohereze.
upload-too-many = Dosiye ni nyinshi cyane: ntizirenze { $max } kuri raporo imwe.
upload-too-large = Dosiye "{ $name }" ni nini cyane: ntirenze MB { $max } kuri dosiye imwe. Nta kintu cyabitswe.
upload-empty = Dosiye "{ $name }" irimo ubusa. Nta kintu cyabitswe.

state-angola = Angola
state-burundi = U Burundi
state-central-african-republic = Repubulika ya Santarafurika
state-republic-of-congo = Repubulika ya Kongo
state-drc = Repubulika Iharanira Demokarasi ya Kongo
state-kenya = Kenya
state-uganda = Uganda
state-rwanda = U Rwanda
state-south-sudan = Sudani y'Epfo
state-sudan = Sudani
state-tanzania = Tanzaniya
state-zambia = Zambiya
state-other = Ikindi gihugu
state-unknown = Simbizi

mineral-tin = Gasegereti (kasiteriti)
mineral-tantalum = Koluta (tantale)
mineral-tungsten = Wolufuramu (tungusiteni)
mineral-gold = Zahabu
mineral-cobalt = Kobalti
mineral-copper = Umuringa
mineral-diamonds = Diyama
mineral-bauxite = Bokisite
mineral-manganese = Manganeze
mineral-phosphate = Fosifate
mineral-other = Irindi

month-01 = Mutarama
month-02 = Gashyantare
month-03 = Werurwe
month-04 = Mata
month-05 = Gicurasi
month-06 = Kamena
month-07 = Nyakanga
month-08 = Kanama
month-09 = Nzeri
month-10 = Ukwakira
month-11 = Ugushyingo
month-12 = Ukuboza

problem-required = Aha hagomba kuzuzwa.
problem-too-long = Ibi ni birebire cyane: ntibirenze inyuguti { $max }.
problem-not-a-choice = Hitamo kimwe mu byatanzwe.
problem-bad-year = Andika umwaka w'imibare ine, kuva 1990 kugeza uyu mwaka.
problem-bad-characters = Ibi birimo inyuguti zigenzura zitagaragara; ongera ubyandike.
problem-unknown-field = Fomu yarimo ikintu kitari kitezwe. Koresha fomu iri kuri uru rupapuro.
problem-duplicate = Aha hoherejwe kabiri.

receipt-title = Raporo yawe yakiriwe
receipt-intro = Raporo yawe yahishwe mu ibanga kandi irabitswe. Iyi ni nimero yawe y'ibanga:
receipt-write-down = Yandike ubu, ku rupapuro, uyibike ahantu hizewe. Igaragazwa iyi nshuro imwe gusa.
receipt-keep-safe = Umuntu wese ufite iyi nimero ashobora gusoma ubutumwa abakora iperereza bakwandikiye. Ntuyisangize abandi, kandi ntubike ifoto yayo kuri telefoni abandi bareba.
receipt-lost = Uyitaye, ntishobora kugarurwa: ntituzi uwo uri we.
receipt-back = Subira ahabanza

error-op-id = Indango y'abacunga seriveri:
error-back = Subira ahabanza
error-not-found-title = Urupapuro ntirwabonetse
error-not-found = Nta rupapuro ruri kuri iyi aderesi.
error-bad-form-title = Fomu ntiyashoboye gusomwa
error-bad-form = Ibyoherejwe ntibyashoboye gusomwa nk'inyandiko. Nta kintu cyabitswe. Subira inyuma wongere wohereze fomu.
error-bad-query-title = Aderesi ntiyumvikanye
error-bad-query = Iyi aderesi irasaba ikintu uru rupapuro rutazi, wenda kubera ko ihuriro ryahinduwe n'intoki. Nta cyahindutse. Subira inyuma ukoreshe amahuriro n'amayunguruzo ari ku rupapuro.
error-search-too-long-title = Ibyo ushakisha ni birebire cyane
error-search-too-long = Ibyo ushakisha ni birebire kurusha izina iryo ari ryo ryose riri ku rutonde, bityo nta cyo byabona. Nta cyahindutse. Andika izina ry'urubuga gusa (urugero fake-example.com) cyangwa nimero y'icyemezo.
error-too-large-title = Inyandiko ni ndende cyane
error-too-large = Ibyoherejwe birenze ingano raporo ishobora kugira. Nta kintu cyabitswe. Bigabanye wongere ugerageze.
error-truncated-title = Kohereza byahagaze
error-truncated = Ihuza ryacitse mbere y'uko byose bigera. Nta kintu cyabitswe. Ongera ugerageze.
error-content-type-title = Fomu ntiyashoboye gusomwa
error-content-type = Iyi aderesi yakira fomu ya raporo y'uru rubuga gusa. Nta kintu cyabitswe.
error-cross-site-title = Byanzwe
error-cross-site = Iyi fomu yoherejwe iturutse ku rundi rubuga, bityo yanzwe. Nta cyabitswe cyangwa ngo gihinduke. Koresha fomu iri kuri uru rubuga.
error-intake-closed-title = Kwakira raporo byahagaritswe
error-intake-closed = Kwakira raporo byahagaritswe by'agateganyo: nta rufunguzo rw'ukora iperereza rwashyizweho. Nta kintu cyabitswe. Ongera ugerageze nyuma.
error-busy-title = Hari akazi kenshi ubu
error-busy = Raporo nyinshi zifite dosiye ziri koherezwa muri aka kanya. Nta kintu cyabitswe. Ongera ugerageze nyuma y'iminota mike.
error-rate-limited-title = Hari akazi kenshi, ongera ugerageze nyuma y'umunota
error-rate-limited = Ubusabe bwinshi buri kugera muri aka kanya. Ongera ugerageze nyuma y'umunota umwe.
error-internal-title = Hari ikitagenze neza
error-internal = Hari ikitagenze neza iwacu kandi raporo yawe NTIYABITSWE. Ongera ugerageze nyuma y'iminota mike.

## Delisting requests (a report kind offered from the warning page)
category-delisting-request = Gusaba gukurwa ku rutonde
category-delisting-request-summary = Ucunga urubuga ruri ku rutonde rwacu rw'imburira kandi ukeka ko rwashyizweho ku makosa.
category-delisting-request-intro = Saba abakora iperereza kongera gusuzuma urubuga ruri ku rutonde rw'imburira rwa rubanda. Sobanura impamvu ukeka ko ari ikosa; bazongera barusuzume kandi bashobora kurukuraho.
category-delisting-request-note = Bika nimero y'ibanga uzahabwa nyuma yo kohereza: ni yo nzira yonyine yo gusoma ibibazo by'abakora iperereza no kubisubiza.
field-listed_address = Urubuga ruri ku rutonde
field-listed_address-hint = Izina ry'urubuga nk'uko rigaragara ku rutonde rw'imburira, urugero www.example.com.
field-relationship = Isano ufitanye n'urubuga
field-relationship-hint = Urugero: nyirarwo, umukozi, sosiyete irubika.
field-contact = Uko twakubona (si ngombwa)
field-contact-hint = Aderesi ya imeri cyangwa nimero ya telefoni, niba ushaka ko abakora iperereza bakuvugisha. Ushobora no kugaruka ufite nimero yawe y'ibanga.

## Public warnings
nav-warnings = Imburira ku buriganya: genzura urubuga cyangwa icyemezo
warnings-title = Imbuga z'impimbano n'ibyemezo byahimbwe
warnings-intro = Abakora iperereza ba gahunda ya ICGLR yo gutanga ibyemezo by'amabuye y'agaciro batangaza hano imbuga z'impimbano na nimero z'ibyemezo byahimbwe bagenzuye.
not-listed-notice = Kutaba kuri uru rutonde ntibisobanura ko ari iby'ukuri. Imbuga nshya z'impimbano zihora zivuka: buri gihe genzura icyemezo ubaza urwego rwagitanze.
check-title = Genzura urubuga cyangwa icyemezo
check-label = Urubuga, aderesi y'urubuga, aderesi ya imeri cyangwa nimero y'icyemezo
check-hint = Urugero: www.example.com, https://example.com/login, name@example.org cyangwa RW-2024-00123.
check-button = Genzura
check-see-list = Reba urutonde rwose rw'imburira
check-canonical = Cyagenzuwe nka: { $canonical }
check-report-hint = Ukeka ko ari impimbano?
check-error-empty = Andika urubuga, aderesi ya imeri cyangwa nimero y'icyemezo ushaka kugenzura.
check-error-too-long = Ibi ni birebire cyane ku buryo byaba urubuga cyangwa nimero y'icyemezo.
check-error-invalid-domain = Iyi si aderesi y'urubuga cyangwa ya imeri yemewe. Andika izina ry'urubuga nka ceec-icglr.org.
check-error-ip-address = Imbuga zishyirwa ku rutonde hakurikijwe izina, si aderesi ya IP. Andika izina ry'urubuga.
check-error-invalid-certificate = Iyi si nimero y'icyemezo yemewe. Koresha inyuguti, imibare na - / . (inyuguti 3 kugeza kuri 64, harimo nibura umubare umwe).
verdict-listed-domain = Imburira: { $target } iri ku rutonde nk'urubuga rw'impimbano.
verdict-listed-domain-advice = Ntutange amakuru, ntwohereze inyandiko kandi ntwishyure ikintu na kimwe kuri uru rubuga. Ibyemezo rugaragaza cyangwa rutanga si iby'ukuri.
verdict-listed-certificate = Imburira: nimero y'icyemezo { $target } iri ku rutonde nk'iyahimbwe.
verdict-listed-certificate-advice = Ntwemere icyemezo gifite iyi nimero. Vugana n'urwego rw'igihugu cyagitanze.
verdict-withdrawn = { $target } yari ku rutonde, ariko yakuweho ku wa { $day }.
verdict-official = { $target } ni urubuga rwemewe rwa gahunda ya ICGLR yo gutanga ibyemezo by'amabuye y'agaciro ({ $official }).
verdict-official-advice = Uru ni rwo rubuga rwemewe. Rufungure wandika izina ryarwo ubwawe, atari unyuze ku murongo (link) hari uwakoherereje.
verdict-lookalike = Witonde: { $target } ntiri ku rutonde rwacu, ariko isa n'urubuga rwemewe { $official }.
verdict-lookalike-advice = Imbuga z'impimbano zitanga ibyemezo akenshi zigana izina ryemewe. Koresha urubuga rwemewe gusa, wanditse n'intoki.
lookalike-confusable = Zimwe mu nyuguti zarwo zisa n'iz'izina ryemewe ariko ni inyuguti zitandukanye.
lookalike-same-name = Rukoresha izina ryemewe rifite irindi herezo cyangwa riri mu izina ry'urundi rubuga.
lookalike-edit = Izina ryarwo ritandukanye n'izina ryemewe { $n ->
        [one] ku nyuguti { $n } gusa.
       *[other] ku nyuguti { $n } gusa.
    }
lookalike-token = Izina ryarwo ririmo "{ $token }", igice cy'izina ryemewe.
verdict-unknown-domain = { $target } ntiri ku rutonde rwacu rw'imbuga z'impimbano.
verdict-unknown-certificate = Nimero y'icyemezo { $target } ntiri ku rutonde rwacu rw'ibyemezo byahimbwe.
warning-status-active = Iri ku rutonde nk'impimbano
warning-status-withdrawn = Yakuweho
warning-event-listed = Yashyizwe ku rutonde
warning-event-withdrawn = Yakuweho
warning-event-relisted = Yongeye gushyirwa ku rutonde
warning-first-listed = yashyizwe ku rutonde bwa mbere
warning-withdrawn-because = Yakuweho:
warning-history = Amateka
warning-kind-domain = urubuga
warning-kind-certificate = nimero y'icyemezo
warnings-list-title = Imburira zatangajwe, iza vuba mbere
warnings-search = Cyangwa urebe mu rutonde ruri hepfo: andika igice cy'izina ry'urubuga cyangwa cya nimero y'icyemezo kugira ngo werekwe gusa imiburo irimo icyo gice
warnings-search-button = Shakisha mu rutonde
warnings-check-title = Ni impimbano? Genzura urubuga rumwe cyangwa nimero y'icyemezo imwe
warnings-none = Nta mburira iratangazwa.
warnings-no-match = Nta kiri ku rutonde gihuye na "{ $q }". Ibi ntibisobanura ko ari iby'ukuri.
warnings-matches = { $count ->
        [one] Imburira imwe yatangajwe ihuye na "{ $q }":
       *[other] Imburira { $count } zatangajwe zihuye na "{ $q }":
    }
warnings-page = Urupapuro { $page } kuri { $pages }
warnings-newer = Imburira za vuba
warnings-older = Imburira za kera
warnings-official-title = Ibyemewe
warnings-official-domains = Urubuga rwemewe rwa gahunda ya ICGLR yo gutanga ibyemezo by'amabuye y'agaciro:
warnings-official-issuers = Ibihugu bitatu gusa ni byo bitanga ibyemezo bya ICGLR: u Burundi, Repubulika Iharanira Demokarasi ya Kongo n'u Rwanda. Icyemezo bivugwa ko cyaturutse mu kindi gihugu kinyamuryango si icy'ukuri.
warnings-official-verify = Kugira ngo ugenzure icyemezo, koresha urubuga ruhuriweho rwa gahunda rutanga ibyemezo, { $official }, wanditse n'intoki, cyangwa ubaze urwego rw'igihugu cyagitanze. Ntwizere urubuga, aderesi ya imeri cyangwa nimero ya telefoni byanditse ku cyemezo ubwacyo.
warnings-official-report = Wabonye urubuga rw'impimbano cyangwa icyemezo cyahimbwe? Bimenyeshe utagaragaje izina ryawe.
warnings-report-link = Tanga raporo
warnings-delisting-title = Rwashyizweho ku makosa?
warnings-delisting-text = Niba ucunga urubuga ruri kuri uru rutonde kandi ukeka ko rwashyizweho ku makosa, saba abakora iperereza kurusuzuma. Ubusabe bwawe buhishwa mu ibanga nk'indi raporo yose.
warnings-delisting-link = Saba isuzuma
warnings-feeds-title = Urutonde rugenewe porogaramu zihagarika imbuga, seriveri za DNS na sikiripiti
warnings-feeds-intro = Urutonde rumwe mu buryo bwa JSON, CSV, inyandiko isanzwe, dosiye ya hosts, DNS Response Policy Zone na Atom, nk'urutonde rw'iyungurura rwa Adblock, muri STIX 2.1 no nk'urutonde rwa MISP. Buri rutonde rufite umukono iruhande rwarwo (izina rimwe rirangizwa na .sig) kandi ruvuga, mu byashyizweho umukono, umunsi rutazongera kuba rwemewe (valid_until): kopi igeze kuri uwo munsi yataye igihe.
warnings-feeds-key = Urufunguzo rw'umukono (OpenSSH):
warnings-feeds-fingerprint = Igikumwe:
warnings-feeds-verify = Kugenzura urutonde ukoresheje OpenSSH:
feed-for-scripts = ku nyandiko-porogaramu (scripts) n'imbonerahamwe
feed-for-blocklists = ku ntonde zo guhagarika n'amadosiye ya hosts
feed-for-dns = ku bisubiza-DNS (BIND, Unbound, Knot Resolver)
feed-for-readers = ku basomyi b'intonde
feed-for-browsers = ku bihagarika mu ishakiro (uBlock Origin, AdGuard, Brave)
feed-for-stix = ku bikoresho by'amakuru ku byago bisoma STIX 2.1
feed-for-misp = kuri MISP: ongeraho ububiko /feeds/misp/ nk'urutonde rw'ubwoko "MISP Feed"

## Follow-up: coming back with the receipt
nav-followup = Kurikirana raporo
receipt-come-back = Garuka nyuma y'iminsi mike gusoma ibibazo by'abakora iperereza: hitamo "Kurikirana raporo" hejuru ku rupapuro urwo ari rwo rwose, wandike iyi nimero. Ni yo nzira yonyine yo kwinjira.
followup-title = Kurikirana raporo
followup-intro = Andika nimero y'ibanga wahawe igihe wohereje raporo yawe. Imyanya, udukoni n'utudomo nta cyo bitwaye.
followup-receipt-label = Nimero y'ibanga
followup-receipt-hint = Imibare 28, urugero
followup-open = Fungura raporo yanjye
followup-only-way = Nimero yawe y'ibanga ni yo nzira yonyine yo kwinjira. Ntituzi uwo uri we, bityo ntidushobora kongera kuyikoherereza.
followup-mistyped = Iyi nimero y'ibanga isa n'iyanditswe nabi: birashoboka ko umubare umwe uri nabi cyangwa imibare ibiri yahinduranye imyanya. Yigereranye n'iri ku rupapuro rwawe wongere uyandike.
followup-wrong-shape = Nimero y'ibanga igira imibare 28, igaragazwa mu matsinda 7 y'imibare 4. Yigenzure wongere uyandike.
followup-unknown = Nta raporo ifite iyi nimero y'ibanga. Ongera ugenzure imibare. Niba ari yo, raporo ishobora kuba yarasibwe nyuma yo gufungwa.
followup-busy = Abantu benshi bari gukoresha uru rupapuro ubu. Nta cyatakaye: ongera ugerageze nyuma y'umunota umwe.
followup-not-stored = Igisubizo cyawe ntikyashoboye kubikwa ubu, bityo nta kintu cyabitswe. Inyandiko yawe yagumishijwe hepfo: ongera uyohereze.
followup-expired = Uruzinduko rwawe rwarangiye (nyuma y'iminota 15 nta gikorwa, cyangwa igihe wagiye). Ongera wandike nimero yawe y'ibanga kugira ngo ukomeze. Nta na kimwe wohereje cyatakaye.
followup-form-again = Iyi fomu ntiyashoboye kugenzurwa cyangwa yararangiye. Ongera wandike nimero yawe y'ibanga.
followup-answer-kept = Igisubizo cyawe, cyagumishijwe ngo cyoherezwe nyuma yo kwandika nimero yawe y'ibanga (dosiye zigomba kongera guhitwamo)
followup-case-title = Raporo yawe
followup-state-received = Yakiriwe: nta ukora iperereza urayireba.
followup-state-being-looked-at = Iri gusuzumwa n'ukora iperereza.
followup-state-closed = Yafunzwe: abakora iperereza barayirangije.
followup-received-day = Yakiriwe ku wa { $day }.
followup-acknowledged-day = Ukora iperereza yayirebye bwa mbere ku wa { $day }.
followup-messages = Ubutumwa
followup-no-messages = Nta butumwa buraturuka ku bakora iperereza. Garuka nyuma y'iminsi mike.
followup-language-note = Abakora iperereza bandika mu Cyongereza cyangwa mu Gifaransa. Ushobora gusubiza mu rurimi ushaka.
followup-question-from = Abakora iperereza banditse ku wa { $day }:
followup-you-wrote = Wandikiye abakora iperereza ku wa { $day }.
followup-own-words = Amagambo yawe ntiyongera kugaragazwa, kugira ngo ufashe telefoni yawe cyangwa ureba ku murongo wawe amenye bike bishoboka.
followup-answer = Subiza abakora iperereza
followup-answer-label = Igisubizo cyawe
followup-send = Ohereza igisubizo mu ibanga
followup-sent = Igisubizo cyawe cyahishwe mu ibanga kirabikwa. Murakoze.
followup-invalid-answer = Andika igisubizo cyangwa uhitemo dosiye yo kohereza.
followup-session-note = Uru rupapuro rwibagirwa raporo yawe nyuma y'iminota 15 nta gikorwa.
followup-leave = Va hano ubu
followup-too-long = Igisubizo cyawe kirengeje inyuguti 20,000. Kigabanye, cyangwa ucyohereze mu bice bibiri; ibyo wanditse byagumishijwe hepfo.

## SMS and USSD
# What a basic phone shows: SMS replies (sms-…) and the USSD menu (ussd-…). Limits, which tests
# check in every language: an SMS reply fits two SMS parts (about 300 plain letters); a USSD
# screen is at most 182 characters, "not a choice" line included.
# Keep CHECK and STOP as they are: they are the words people send. Keep each menu line's digit first.
sms-receipt =
    Filimbi: raporo yawe irabitswe. Nimero yawe y'ibanga:
    { $receipt }
    Yigire ibanga. Kugira ngo wongereho cyangwa usome ibibazo byacu, ohereza ubutumwa butangizwa n'iyi nimero.
sms-answer-stored = Filimbi: ubutumwa bwawe bwahishwe mu ibanga bwongerwa kuri raporo yawe. Murakoze. Nimero yawe y'ibanga yigire ibanga.
sms-receipt-mistyped = Filimbi: iyi nimero y'ibanga isa n'iyanditswe nabi: umubare umwe uri nabi cyangwa ibiri yahinduranye. Nta cyabitswe. Yigenzure wongere wohereze ubutumwa.
sms-receipt-unknown = Filimbi: nta raporo ifite iyi nimero y'ibanga. Nta cyabitswe. Genzura imibare 28 wongere wohereze. Raporo yafunzwe ishobora kuba yarasibwe.
sms-busy = Filimbi: abantu benshi bari kohereza ubu. Nta cyabitswe. Ongera wohereze ubutumwa bwawe nyuma y'iminota mike.
sms-stopped = Filimbi: nimero yawe ya telefoni yasibwe kuri raporo yawe. Ntituzongera kukoherereza SMS. Nimero yawe y'ibanga iracyafungura raporo yawe ku rubuga.
sms-stop-needs-receipt = Filimbi: ntitubika nimero yawe mu buryo dushobora gusoma, bityo ntidushobora kuyibonesha raporo yawe. Ohereza nimero yawe y'ibanga, umwanya, hanyuma STOP.
sms-check-listed = Filimbi: { $term } iri ku rutonde rwacu rw'imburira. Si iyemewe. Ntuyishyure kandi ntuyoherereze inyandiko.
sms-check-official = Filimbi: { $term } ni iyemewe: ni iya gahunda ya ICGLR yo gutanga ibyemezo.
sms-check-lookalike = Filimbi: { $term } isa na { $official } yemewe ariko si yo. Ntuyizere.
sms-check-not-listed = Filimbi: { $term } ntiri ku rutonde rwacu rw'imburira. Ibyo ntibyemeza ko ari iy'ukuri.
sms-check-unreadable = Filimbi: ohereza CHECK, umwanya, hanyuma urubuga (nka example.com) cyangwa nimero y'icyemezo.
sms-empty = Filimbi: gutanga amakuru, ohereza ibyo wabonye mu magambo yawe: iki, he, ryari. Ntwandike izina ryawe. Kugenzura urubuga: CHECK example.com
sms-too-long = Filimbi: ubutumwa bwawe ni burebure cyane. Nta cyabitswe. Ohereza raporo ngufi; hanyuma wongereho mu butumwa butangizwa na nimero yawe y'ibanga.
sms-closed = Filimbi: raporo ntizishobora kwakirwa ubu. Nta cyabitswe. Ongera ugerageze nyuma.
sms-failed = Filimbi: hari ikitagenze neza iwacu. Nta cyabitswe. Ongera wohereze ubutumwa bwawe nyuma.
sms-duplicate = Filimbi: ubu butumwa bwari bwaratugezeho kandi bwabitswe ubwa mbere. Niba icyo gihe nta nimero y'ibanga wabonye, ongera wohereze raporo yawe.
sms-question = Filimbi: ikibazo cy'abakora iperereza. Gusubiza, ohereza nimero yawe y'ibanga, umwanya, hanyuma igisubizo cyawe.
ussd-main =
    Filimbi: tanga amakuru udatanze izina ryawe.
    1 Tanga raporo
    2 Kurikirana raporo yanjye
ussd-kind =
    Ni ibiki?
    1 Icyemezo cy'impimbano
    2 Urubuga rw'impimbano
    3 Ubucuruzi butemewe cyangwa magendu
    4 Ikindi
ussd-issuer-state =
    Ni ikihe gihugu kiri ku cyemezo? U Burundi, RDC n'u Rwanda gusa ni byo bibitanga.
    1 U Burundi
    2 RD Kongo
    3 U Rwanda
    4 Ikindi gihugu
    5 Simbizi
ussd-certificate-number = Andika nimero y'icyemezo, cyangwa 0 niba utayifite.
ussd-mineral =
    Ni irihe buye?
    1 Gasegereti
    2 Koluta
    3 Wolufuramu
    4 Zahabu
    5 Irindi cyangwa simbizi
ussd-web-address = Andika aderesi y'urubuga, urugero example.com
ussd-describe-fake-certificate = Icyemezo gifite irihe kosa? Ni nde wakikweretse, kandi he? Ntwandike izina ryawe.
ussd-describe-fake-website = Urubuga ruvuga iki cyangwa rusaba iki? Warubonye ute? Ntwandike izina ryawe.
ussd-describe-illegal-trade = Wabonye iki? He, kandi mu kwezi kuhe? Ni ba nde babigizemo uruhare? Ntwandike izina ryawe.
ussd-describe-other = Byagenze bite? He, kandi mu kwezi kuhe? Ntwandike izina ryawe.
ussd-confirm =
    Wohereze raporo yawe? Ihishwe mu ibanga kandi nta zina riyiriho.
    1 Ohereza
    2 Hagarika
ussd-confirm-sms = 3 Ohereza, unyoherereze ibibazo by'abakora iperereza kuri SMS
ussd-cancelled = Byahagaritswe. Nta cyabitswe.
ussd-type-receipt = Andika nimero yawe y'ibanga: imibare 28 wahawe.
ussd-receipt-mistyped = Iyi nimero y'ibanga isa n'iyanditswe nabi: umubare umwe uri nabi cyangwa ibiri yahinduranye. Ongera uyandike.
ussd-receipt-wrong-shape = Nimero y'ibanga igira imibare 28. Ongera uyandike.
ussd-receipt-unknown = Nta raporo ifite iyi nimero y'ibanga. Genzura imibare wongere ugerageze. Raporo yafunzwe ishobora kuba yarasibwe.
ussd-busy = Abantu benshi bari kugerageza ubu. Nta cyatakaye. Ongera ugerageze nyuma y'iminota mike.
ussd-question = Ikibazo cy'abakora iperereza ({ $page }/{ $pages }):
ussd-question-menu =
    1 Subiza
    2 Urupapuro rukurikira
ussd-question-menu-one = 1 Subiza
ussd-no-question-yet =
    Nta kibazo cy'abakora iperereza kiraza. Garuka nyuma y'iminsi mike.
    1 Ongera amakuru kuri raporo yanjye
ussd-type-answer = Andika igisubizo cyawe. Ntwandike izina ryawe.
ussd-answer-stored = Igisubizo cyawe cyahishwe mu ibanga kirabikwa. Murakoze. Nimero yawe y'ibanga yigire ibanga.
ussd-stored =
    Raporo irabitswe. Nimero yawe y'ibanga:
    { $receipt }
    Yandike uyigire ibanga: ni yo nzira yonyine yo gusoma ibibazo byacu.
ussd-closed = Raporo ntizishobora kwakirwa ubu. Nta cyabitswe. Ongera ugerageze nyuma.
ussd-failed = Hari ikitagenze neza iwacu. Nta cyabitswe. Ongera ugerageze nyuma.
ussd-already-stored = Ibi byari byarabitswe, ubwa mbere. Murakoze.
ussd-invalid = Si amahitamo. Ongera ugerageze.
ussd-too-long = Ni birebire cyane: nta cyabitswe. Bigabanye.
ussd-bad-text = Inyandiko yawe irimo inyuguti zidashobora kubikwa. Nta cyabitswe.
