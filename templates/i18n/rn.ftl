# Filimbi — Kirundi catalogue. DRAFT: written without a native speaker's review, so it is off
# unless an operator names it in --languages (see docs/translating.md for what a reviewer
# checks). Keep the same message ids in every language; a test fails if one is missing.
# Terms used throughout: raporo (report), inomero y'ibanga (the receipt number), abatohoza
# (investigators), icemezo / ivyemezo (certificate), urubuga (website), amabuye y'agaciro
# (minerals), integuza (warning), bihishwe mu ibanga (encrypted). In Kirundi kwishura is to
# answer and kuriha to pay: keep them apart.

site-name = Filimbi
site-tagline = Kumenyesha mu ibanga ku bijanye n'uburyo bwa ICGLR bwo gutanga ivyemezo vy'amabuye y'agaciro
lang-label = Ururimi
skip-to-content = Ja ku bigize uru rupapuro
nav-home = Intango
footer-note = Filimbi ntibika aderese za IP, amakuru y'imashini irondera canke isaha. Raporo zihishwa mu ibanga imbere yo kubikwa.

index-title = Menyesha uburyarya mu budandaji bw'amabuye y'agaciro, utishiriye mu kaga
index-intro = Filimbi igufasha kumenyesha abatohoza b'Uburyo bw'Akarere bwa ICGLR bwo Gutanga Ivyemezo ivyemezo vy'amabuye y'agaciro vy'igihimbano, imbuga za interineti zigira nk'aho ari urwego rutanga ivyemezo, n'ubudandaji bw'amabuye y'agaciro butemewe n'amategeko. Ntukeneye gutanga izina ryawe.
index-who = Abatohoza b'ubwo buryo ni bo bonyene bashobora gusoma ivyo urungitse. Bihishwa mu ibanga bikigera hano hakoreshejwe imfunguruzo zabo; abacunga iyi seriveri ntibashobora kubisoma.
index-choose = Urashaka kumenyesha iki?
index-safety-title = Kwicungera
safety-tor = Nimba bishoboka, koresha Tor Browser. Ihisha aho uriko uraturuka.
safety-device = Koresha terefone canke orudinateri wizigiye, itagenzurwa n'uwundi muntu.
safety-work = Ntumenyeshe ukoresheje orudinateri canke umuhora wo ku kazi: abakoresha barashobora kubona ibikorerwako.
safety-js = Uru rubuga rukora JavaScript izimye, kuri terefone ntoya no kuri interineti itihuta.
index-phone-title = Nta terefone ngendanwa ya none ufise? Terefone iyo ari yo yose irakora
index-sms = Rungika ubutumwa bugufi (SMS) kuri { $number }. Inyishu iguha inomero y'ibanga: yitanguze ubutumwa uzorungika hanyuma kugira wongereko amakuru canke wishure abatohoza.
index-ussd = Canke kanda { $code } ukurikize ivyo ubwirwa.
index-sms-check = Kugira usuzume urubuga canke inomero y'icemezo ukoresheje SMS, rungika SUZUMA ikurikiwe n'urwo rubuga canke iyo nomero.
index-phone-exposure = Ubutumwa bugufi canke USSD ntibihisha uwo uri we: ishirahamwe ry'itumanaho ribona inomero yawe n'ivyo urungitse, kandi amakarata ya SIM yo mu karere yanditswe ku mazina. Uru rubuga, rukoreshejwe na Tor Browser, rugaragaza bike cane.
intake-closed = Kwakira raporo vyahagaritswe by'akanya gato: nta rufunguruzo rw'umutohoza rwashizwe kuri iyi seriveri. Nta na kimwe wandika gishobora kwakirwa. Subira ugerageze mu nyuma.

category-fake-certificate = Icemezo c'igihimbano
category-fake-certificate-summary = Icemezo c'amabuye y'agaciro gisa n'icahimbwe, icahinduwe canke icatanzwe n'igihugu kitabifitiye uburenganzira.
category-fake-certificate-intro = Tubwire ku cemezo ca ICGLR wiyumvira ko ari c'igihimbano. Uzuza ivyo uzi; insiguro ni yo yonyene isabwa.
category-fake-certificate-note = Uburundi, Repubulika Iharanira Demokarasi ya Kongo n'u Rwanda ni vyo vyonyene bitanga ivyemezo vya ICGLR. Icemezo kivugwa ko caturutse mu kindi gihugu si ic'ukuri.
category-fake-website = Urubuga rw'igihimbano
category-fake-website-summary = Urubuga rwa interineti canke imeyili vyigira nk'aho ari urwego rutanga ivyemezo.
category-fake-website-intro = Tubwire ku rubuga ruvuga ko rutanga canke rusuzuma ivyemezo vya ICGLR kandi atari rwo rwemewe.
category-illegal-trade = Ubudandaji butemewe
category-illegal-trade-summary = Ukwimba kutemewe, magendu, imigwi yitwaje ibirwanisho ku mabirombe, ukugirira nabi abantu.
category-illegal-trade-intro = Tubwire ku kwimba kutemewe n'amategeko, magendu irenga imbibe, uruhara rw'imigwi yitwaje ibirwanisho, canke ukurenga ku burenganzira bwa muntu ku mabirombe.
category-other = Ikindi
category-other-summary = Irindi kosa iryo ari ryo ryose mu gutanga ivyemezo vy'amabuye y'agaciro.
category-other-intro = Tubwire irindi kosa iryo ari ryo ryose rifitaniye isano no gutanga ivyemezo canke n'ubudandaji bw'amabuye y'agaciro.

field-certificate_number = Inomero y'icemezo
field-certificate_number-hint = Nk'uko yanditswe ku cemezo.
field-issuer_state = Igihugu kivugwa ko catanze icemezo
field-exporter = Uwudandaza hanze canke ishirahamwe rivugwa
field-mineral = Ibuye ry'agaciro
field-seen_where = Aho wakibonye
field-seen_where-hint = Akarorero: carungitswe n'umugura, cerekanywe ku mubibe.
field-description = Ivyabaye
field-description-hint = Dondora ivyo wabonye. Ntwandike izina ryawe canke ibintu wewe wenyene wozi, kiretse ubishaka.
field-web_address = Aderese y'urubuga canke izina ryarwo
field-web_address-hint = Akarorero: www.example.com. Ni vyiza kudasubira kwugurura urwo rubuga.
field-found_how = Ingene warubonye
field-found_how-hint = Akarorero: imashini irondera, imeyili, ubutumwa.
field-asked_for = Ico rwasavye
field-asked_for-hint = Akarorero: kuriha, inyandiko, ijambo ry'ibanga.
field-place = Ahantu canke ikirombe
field-involved = Abantu canke amashirahamwe abifitemwo uruhara
field-route = Inzira canke aho bambukiye umubibe
field-when_month = Igihe: ukwezi
field-when_year = Igihe: umwaka
field-when_year-hint = Ibiharuro bine, akarorero 2025. Ukwezi n'umwaka birakwiye.
choose-none = — ntivyerekanywe —
required = birasabwa
form-send = Rungika raporo mu ibanga
form-safety-note = Nta kintu kirungikwa utaratera kuri buto. Umaze kurungika uzohabwa inomero y'ibanga.
form-has-errors = Raporo yawe ntirarungikwa. Raba ibi bikurikira:
form-fix-marked = Kosora ahashizweko ikimenyetso musi; ivyo wanditse vyagumijwe.
form-expired = Iyi fishi yamaze umwanya munini yuguruye none yarangiye. Inyandiko yawe yagumijwe musi: subira utere kuri buto kugira uyirungike.
form-invalid-token = Iyi fishi ntiyashoboye gusuzumwa, nuko nta kintu carungitswe. Nimba ari wewe wayujuje, subira utere kuri buto kugira uyirungike.
form-used = Iyi fishi yari yararungitswe rimwe, nuko nta kintu carungitswe ubu. Nimba utahawe inomero y'ibanga, subira utere kuri buto kugira urungike inyandiko yawe, yagumijwe musi.
form-leave-empty = Ntugire ico wandika ng'aha: ni umutego wo gufata ubutumwa bwikora bw'ivyamamazo, si ikibazo ubazwa. Ntugire ikintu na kimwe wandika ng'aha.

field-files = Amafoto canke inyandiko (si ngombwa)
field-files-press = Fyonda kuri buto iri musi kugira uhitemwo amafoto canke inyandiko biri muri terefone canke mudasobwa yawe. Amajambo ari kuri iyo buto ava kuri mushakisha yawe kandi ashobora kuba ari mu rundi rurimi.
upload-limits = Gushika ku madosiye { $count }, imwe imwe itarenze MB { $max }. Kugira uhitemwo menshi, fyonda kuri buto umwanya muremure canke uyahitemwo icarimwe.
files-metadata = Amafoto, amavidewo n'inyandiko kenshi bihisha amakuru ku wabikoze: aho ifoto canke ividewo vyafatiwe (GPS), terefone canke kamera, isaha, izina ry'uwanditse. Filimbi irayakuramwo mu mafoto ya JPEG, PNG, WebP na GIF, mu mavidewo ya MP4, MOV na 3GP (gushika kuri MB { $max }), mu madosiye ya PDF (n'amafoto arimwo), no mu madosiye ya Word, Excel, PowerPoint na OpenDocument imbere yo kuyabika. Ayandi madosiye (akarorero amafoto ya iPhone ya HEIC, ububiko bwa ZIP, amavidewo manini) abikwa uko wayarungitse, kandi ashobora kuba agifise ayo makuru.
upload-choose-again = Amadosiye ntashobora kugumizwa iyo ifishi yongeye kugaragara: subira uhitemwo amadosiye yawe.
form-busy = Seriveri ifise akazi kenshi: raporo nyinshi ziriko ziraza ubu. Nta kintu carungitswe, kandi inyandiko yawe yagumijwe musi: subira uyirungike haciye umunota umwe.
form-not-stored = Raporo yawe ntiyashoboye kubikwa ubu, nuko nta kintu cabitswe. Inyandiko yawe yagumijwe musi: subira uyirungike.
upload-too-many = Amadosiye ni menshi cane: ntarenze { $max } kuri raporo imwe.
upload-too-large = Idosiye "{ $name }" ni nini cane: ntirenze MB { $max } ku dosiye imwe. Nta kintu cabitswe.
upload-empty = Idosiye "{ $name }" irimwo ubusa. Nta kintu cabitswe.

state-angola = Angola
state-burundi = Uburundi
state-central-african-republic = Repubulika ya Santarafrika
state-republic-of-congo = Repubulika ya Kongo
state-drc = Repubulika Iharanira Demokarasi ya Kongo
state-kenya = Kenya
state-uganda = Ubuganda
state-rwanda = U Rwanda
state-south-sudan = Sudani y'Epfo
state-sudan = Sudani
state-tanzania = Tanzaniya
state-zambia = Zambiya
state-other = Ikindi gihugu
state-unknown = Simbizi

mineral-tin = Gasegereti (kasiteriti)
mineral-tantalum = Koltani (tantale)
mineral-tungsten = Wolufuramu (tungusiteni)
mineral-gold = Inzahabu
mineral-cobalt = Kobalti
mineral-copper = Umuringa
mineral-diamonds = Diyama
mineral-bauxite = Bokisite
mineral-manganese = Manganeze
mineral-phosphate = Fosifate
mineral-other = Irindi

month-01 = Nzero
month-02 = Ruhuhuma
month-03 = Ntwarante
month-04 = Ndamukiza
month-05 = Rusama
month-06 = Ruheshi
month-07 = Mukakaro
month-08 = Nyandagaro
month-09 = Nyakanga
month-10 = Gitugutu
month-11 = Munyonyo
month-12 = Kigarama

problem-required = Ng'aha hategerezwa kwuzuzwa.
problem-too-long = Ibi ni birebire cane: ntibirenze indome { $max }.
problem-not-a-choice = Hitamwo kimwe mu vyatanzwe.
problem-bad-year = Andika umwaka w'ibiharuro bine, kuva 1990 gushika uyu mwaka.
problem-bad-characters = Ibi birimwo indome zitagaragara zigenzura; subira ubyandike.
problem-unknown-field = Ifishi yarimwo ikintu kitari kitezwe. Koresha ifishi iri kuri uru rupapuro.
problem-duplicate = Ng'aha harungitswe kabiri.

receipt-title = Raporo yawe yakiriwe
receipt-intro = Raporo yawe yahishwe mu ibanga kandi irabitswe. Iyi ni inomero yawe y'ibanga:
receipt-write-down = Yandike ubu, ku rupapuro, uyibike ahantu hizigirwa. Yerekanwa iyi ncuro imwe gusa.
receipt-keep-safe = Umuntu wese afise iyi nomero ashobora gusoma ubutumwa abatohoza bakwandikiye. Ntuyisangize abandi, kandi ntubike ifoto yayo kuri terefone abandi babona.
receipt-lost = Uyitakaje, ntishobora kuboneka kandi: ntituzi uwo uri we.
receipt-back = Subira ku ntango

error-op-id = Icerekana c'abacunga seriveri:
error-back = Subira ku ntango
error-not-found-title = Urupapuro ntirwabonetse
error-not-found = Nta rupapuro ruri kuri iyi aderese.
error-bad-form-title = Ifishi ntiyashoboye gusomwa
error-bad-form = Ivyarungitswe ntivyashoboye gusomwa nk'inyandiko. Nta kintu cabitswe. Subira inyuma urungike ifishi kandi.
error-bad-query-title = Aderese ntiyatahuwe
error-bad-query = Iyi aderese irasaba ikintu uru rupapuro rutazi, kumbure kubera ko umurongo wahinduwe n'intoke. Nta cahindutse. Subira inyuma ukoreshe imirongo n'uburyo bwo gutoranya biri ku rupapuro.
error-search-too-long-title = Ivyo urondera ni birebire cane
error-search-too-long = Ivyo urondera ni birebire kuruta izina iryo ari ryo ryose riri ku rutonde, nuko nta co vyoshobora kubona. Nta cahindutse. Andika izina ry'urubuga gusa (akarorero fake-example.com) canke inomero y'icemezo.
error-too-large-title = Inyandiko ni ndende cane
error-too-large = Ivyarungitswe birenze ubunini raporo ishobora kugira. Nta kintu cabitswe. Bigabanye usubire ugerageze.
error-truncated-title = Kurungika vyahagaze
error-truncated = Ubuhuza bwacitse imbere y'uko vyose bishika. Nta kintu cabitswe. Subira ugerageze.
error-content-type-title = Ifishi ntiyashoboye gusomwa
error-content-type = Iyi aderese yakira ifishi ya raporo y'uru rubuga gusa. Nta kintu cabitswe.
error-cross-site-title = Vyanswe
error-cross-site = Iyi fishi yarungitswe iturutse ku rundi rubuga, nuko yanswe. Nta cabitswe canke ngo gihinduke. Koresha ifishi iri kuri uru rubuga.
error-intake-closed-title = Kwakira raporo vyahagaritswe
error-intake-closed = Kwakira raporo vyahagaritswe by'akanya gato: nta rufunguruzo rw'umutohoza rwashizweho. Nta kintu cabitswe. Subira ugerageze mu nyuma.
error-busy-title = Hari akazi kenshi ubu
error-busy = Raporo nyinshi zifise amadosiye ziriko zirarungikwa muri aka kanya. Nta kintu cabitswe. Subira ugerageze haciye iminota mikeyi.
error-rate-limited-title = Hari akazi kenshi, subira ugerageze haciye umunota
error-rate-limited = Amasabwa menshi ariko araza muri aka kanya. Subira ugerageze haciye umunota umwe.
error-internal-title = Hari ikitagenze neza
error-internal = Hari ikitagenze neza iwacu kandi raporo yawe NTIYABITSWE. Subira ugerageze haciye iminota mikeyi.

## Delisting requests (a report kind offered from the warning page)
category-delisting-request = Gusaba gukurwa ku rutonde
category-delisting-request-summary = Ucunga urubuga ruri ku rutonde rwacu rw'integuza kandi wiyumvira ko rwashizweko ku makosa.
category-delisting-request-intro = Saba abatohoza gusubira gusuzuma urubuga ruri ku rutonde rw'integuza rwa bose. Sigura igituma wiyumvira ko ari ikosa; bazosubira barusuzume kandi barashobora kurukurako.
category-delisting-request-note = Bika inomero y'ibanga uzohabwa umaze kurungika: ni yo nzira yonyene yo gusoma ibibazo vy'abatohoza no kubishura.
field-listed_address = Urubuga ruri ku rutonde
field-listed_address-hint = Izina ry'urubuga nk'uko riboneka ku rutonde rw'integuza, akarorero www.example.com.
field-relationship = Isano ufitaniye n'urubuga
field-relationship-hint = Akarorero: nyenerwo, umukozi, ishirahamwe rirubika.
field-contact = Ingene twoshobora kukuronka (si ngombwa)
field-contact-hint = Aderese ya imeyili canke inomero ya terefone, nimba ushaka ko abatohoza bakuvugisha. Urashobora kandi kugaruka ufise inomero yawe y'ibanga.

## Public warnings
nav-warnings = Integuza ku buryarya: suzuma urubuga canke icemezo
warnings-title = Imbuga z'igihimbano n'ivyemezo vyahimbwe
warnings-intro = Abatohoza b'uburyo bwa ICGLR bwo gutanga ivyemezo vy'amabuye y'agaciro batangaza ng'aha imbuga z'igihimbano n'inomero z'ivyemezo vyahimbwe basuzumye.
not-listed-notice = Kutaba kuri uru rutonde ntibisobanura ko ari ivy'ukuri. Imbuga nshasha z'igihimbano zama zivuka: ubudasiba suzuma icemezo ubaza urwego rwagitanze.
check-title = Suzuma urubuga canke icemezo
check-label = Urubuga, aderese y'urubuga, aderese ya imeyili canke inomero y'icemezo
check-hint = Akarorero: www.example.com, https://example.com/login, name@example.org canke RW-2024-00123.
check-button = Suzuma
check-see-list = Raba urutonde rwose rw'integuza
check-canonical = Casuzumwe nka: { $canonical }
check-report-hint = Wiyumvira ko ari igihimbano?
check-error-empty = Andika urubuga, aderese ya imeyili canke inomero y'icemezo ushaka gusuzuma.
check-error-too-long = Ibi ni birebire cane ku buryo vyoba urubuga canke inomero y'icemezo.
check-error-invalid-domain = Iyi si aderese y'urubuga canke ya imeyili yemewe. Andika izina ry'urubuga nka ceec-icglr.org.
check-error-ip-address = Imbuga zishirwa ku rutonde hakurikijwe izina, si aderese ya IP. Andika izina ry'urubuga.
check-error-invalid-certificate = Iyi si inomero y'icemezo yemewe. Koresha indome, ibiharuro na - / . (indome 3 gushika kuri 64, harimwo n'imiburiburi igiharuro kimwe).
verdict-listed-domain = Integuza: { $target } iri ku rutonde nk'urubuga rw'igihimbano.
verdict-listed-domain-advice = Ntutange amakuru, nturungike inyandiko kandi ntugire ico uriha kuri uru rubuga. Ivyemezo rwerekana canke rutanga si ivy'ukuri.
verdict-listed-certificate = Integuza: inomero y'icemezo { $target } iri ku rutonde nk'iyahimbwe.
verdict-listed-certificate-advice = Ntwemere icemezo gifise iyi nomero. Vugana n'urwego rw'igihugu cagitanze.
verdict-withdrawn = { $target } yari ku rutonde, mugabo yakuweko ku wa { $day }.
verdict-official = { $target } ni urubuga rwemewe rw'uburyo bwa ICGLR bwo gutanga ivyemezo vy'amabuye y'agaciro ({ $official }).
verdict-official-advice = Uru ni rwo rubuga rwemewe. Rwugurure wandika izina ryarwo wewe nyene, atari uciye ku murongo (link) hari uwakurungikiye.
verdict-lookalike = Raba neza: { $target } ntiri ku rutonde rwacu, mugabo irasa n'urubuga rwemewe { $official }.
verdict-lookalike-advice = Imbuga z'igihimbano zitanga ivyemezo kenshi zigana izina ryemewe. Koresha urubuga rwemewe gusa, wanditse n'intoke.
lookalike-confusable = Zimwe mu ndome zarwo zisa n'iz'izina ryemewe mugabo ni indome zitandukanye.
lookalike-same-name = Rukoresha izina ryemewe rifise irindi herezo canke riri mu izina ry'urundi rubuga.
lookalike-edit = Izina ryarwo ritandukanye n'izina ryemewe { $n ->
        [one] ku ndome { $n } gusa.
       *[other] ku ndome { $n } gusa.
    }
lookalike-token = Izina ryarwo ririmwo "{ $token }", igice c'izina ryemewe.
verdict-unknown-domain = { $target } ntiri ku rutonde rwacu rw'imbuga z'igihimbano.
verdict-unknown-certificate = Inomero y'icemezo { $target } ntiri ku rutonde rwacu rw'ivyemezo vyahimbwe.
warning-status-active = Iri ku rutonde nk'igihimbano
warning-status-withdrawn = Yakuweko
warning-event-listed = Yashizwe ku rutonde
warning-event-withdrawn = Yakuweko
warning-event-relisted = Yasubiye gushirwa ku rutonde
warning-first-listed = yashizwe ku rutonde ubwa mbere
warning-withdrawn-because = Yakuweko:
warning-history = Akahise
warning-kind-domain = urubuga
warning-kind-certificate = inomero y'icemezo
warnings-list-title = Integuza zatangajwe, iziheruka imbere
warnings-search = Canke urabe mu rutonde ruri musi: andika igice c'izina ry'urubuga canke c'inomero y'icemezo kugira werekwe gusa ivyagiriwe inama birimwo ico gice
warnings-search-button = Rondera mu rutonde
warnings-check-title = Ni ic'ukwigana? Suzuma urubuga rumwe canke inomero y'icemezo imwe
warnings-none = Nta nteguza iratangazwa.
warnings-no-match = Nta kiri ku rutonde gihuye na "{ $q }". Ibi ntibisobanura ko ari ivy'ukuri.
warnings-matches = { $count ->
        [one] Integuza imwe yatangajwe ihuye na "{ $q }":
       *[other] Integuza { $count } zatangajwe zihuye na "{ $q }":
    }
warnings-page = Urupapuro { $page } kuri { $pages }
warnings-newer = Integuza ziheruka
warnings-older = Integuza za kera
warnings-official-title = Ivyemewe
warnings-official-domains = Urubuga rwemewe rw'uburyo bwa ICGLR bwo gutanga ivyemezo vy'amabuye y'agaciro:
warnings-official-issuers = Ibihugu bitatu gusa ni vyo bitanga ivyemezo vya ICGLR: Uburundi, Repubulika Iharanira Demokarasi ya Kongo n'u Rwanda. Icemezo kivugwa ko caturutse mu kindi gihugu kigize akarere si ic'ukuri.
warnings-official-verify = Kugira usuzume icemezo, koresha urubuga ruhuriweko rw'ubwo buryo rutanga ivyemezo, { $official }, wanditse n'intoke, canke ubaze urwego rw'igihugu cagitanze. Ntwizigire urubuga, aderese ya imeyili canke inomero ya terefone vyanditswe ku cemezo nyene.
warnings-official-report = Wabonye urubuga rw'igihimbano canke icemezo cahimbwe? Bimenyeshe utagaragaje izina ryawe.
warnings-report-link = Tanga raporo
warnings-delisting-title = Rwashizweko ku makosa?
warnings-delisting-text = Nimba ucunga urubuga ruri kuri uru rutonde kandi wiyumvira ko rwashizweko ku makosa, saba abatohoza kurusuzuma. Isabwa ryawe rihishwa mu ibanga nk'iyindi raporo yose.
warnings-delisting-link = Saba isuzuma
warnings-feeds-title = Urutonde rugenewe porogarama zibuza imbuga, seriveri za DNS na sikiripiti
warnings-feeds-intro = Urutonde rumwe mu buryo bwa JSON, CSV, inyandiko isanzwe, idosiye ya hosts, DNS Response Policy Zone na Atom, nk'urutonde rw'iyungurura rwa Adblock, muri STIX 2.1 no nk'urutonde rwa MISP. Urutonde rwose rufise umukono iruhande rwarwo (izina rimwe rirangizwa na .sig) kandi ruvuga, mu vyashizweko umukono, umusi rutazoba rukiri ngirakamaro (valid_until): kopi igeze kuri uwo musi yararengeje igihe.
warnings-feeds-key = Urufunguruzo rw'umukono (OpenSSH):
warnings-feeds-fingerprint = Igikumu:
warnings-feeds-verify = Gusuzuma urutonde ukoresheje OpenSSH:
feed-for-scripts = ku nyandiko-porogarama (scripts) n'imbonerahamwe
feed-for-blocklists = ku ntonde zo guhagarika n'amadosiye ya hosts
feed-for-dns = ku bisubiza-DNS (BIND, Unbound, Knot Resolver)
feed-for-readers = ku basomyi b'intonde
feed-for-browsers = ku bihagarika mu mucukumbuzi (uBlock Origin, AdGuard, Brave)
feed-for-stix = ku bikoresho vy'amakuru ku vyago bisoma STIX 2.1
feed-for-misp = kuri MISP: ongerako ububiko /feeds/misp/ nk'urutonde rw'ubwoko "MISP Feed"

## Follow-up: coming back with the receipt
nav-followup = Kurikirana raporo
receipt-come-back = Garuka haciye imisi mikeyi usome ibibazo vy'abatohoza: hitamwo "Kurikirana raporo" hejuru ku rupapuro urwo ari rwo rwose, wandike iyi nomero. Ni yo nzira yonyene yo kwinjira.
followup-title = Kurikirana raporo
followup-intro = Andika inomero y'ibanga wahawe igihe warungika raporo yawe. Utwanya, uturongo n'utudomo nta co bitwaye.
followup-receipt-label = Inomero y'ibanga
followup-receipt-hint = Ibiharuro 28, akarorero
followup-open = Ugurura raporo yanje
followup-only-way = Inomero yawe y'ibanga ni yo nzira yonyene yo kwinjira. Ntituzi uwo uri we, nuko ntidushobora gusubira kuyikurungikira.
followup-mistyped = Iyi nomero y'ibanga isa n'iyanditswe nabi: birashoboka ko igiharuro kimwe kitari co canke ibiharuro bibiri vyahinduranye ibibanza. Yigereranye n'iri ku rupapuro rwawe usubire uyandike.
followup-wrong-shape = Inomero y'ibanga igira ibiharuro 28, vyerekanwa mu migwi 7 y'ibiharuro 4. Yisuzume usubire uyandike.
followup-unknown = Nta raporo ifise iyi nomero y'ibanga. Subira usuzume ibiharuro. Nimba ari vyo, raporo ishobora kuba yarafuswe imaze kwugarwa.
followup-busy = Abantu benshi bariko barakoresha uru rupapuro ubu. Nta catakaye: subira ugerageze haciye umunota umwe.
followup-not-stored = Inyishu yawe ntiyashoboye kubikwa ubu, nuko nta kintu cabitswe. Inyandiko yawe yagumijwe musi: subira uyirungike.
followup-expired = Urugendo rwawe rwarangiye (haciye iminota 15 nta gikorwa, canke igihe wagenda). Subira wandike inomero yawe y'ibanga kugira ubandanye. Nta na kimwe warungitse catakaye.
followup-form-again = Iyi fishi ntiyashoboye gusuzumwa canke yararangiye. Subira wandike inomero yawe y'ibanga.
followup-answer-kept = Inyishu yawe, yagumijwe kugira irungikwe umaze kwandika inomero yawe y'ibanga (amadosiye ategerezwa gusubira guhitamwo)
followup-case-title = Raporo yawe
followup-state-received = Yakiriwe: nta mutohoza arayiraba.
followup-state-being-looked-at = Iriko irasuzumwa n'umutohoza.
followup-state-closed = Yugawe: abatohoza bayiheraheje.
followup-received-day = Yakiriwe ku wa { $day }.
followup-acknowledged-day = Umutohoza yayiravye ubwa mbere ku wa { $day }.
followup-messages = Ubutumwa
followup-no-messages = Nta butumwa buraturuka ku batohoza. Garuka haciye imisi mikeyi.
followup-language-note = Abatohoza bandika mu Congereza canke mu Gifaransa. Urashobora kwishura mu rurimi ushaka.
followup-question-from = Abatohoza banditse ku wa { $day }:
followup-you-wrote = Wandikiye abatohoza ku wa { $day }.
followup-own-words = Amajambo yawe ntasubira kwerekanwa, kugira uwufata terefone yawe canke uwuraba ku rubaho rwawe amenye bike bishoboka.
followup-answer = Ishura abatohoza
followup-answer-label = Inyishu yawe
followup-send = Rungika inyishu mu ibanga
followup-sent = Inyishu yawe yahishwe mu ibanga irabikwa. Murakoze.
followup-invalid-answer = Andika inyishu canke uhitemwo idosiye yo kurungika.
followup-session-note = Uru rupapuro rwibagira raporo yawe haciye iminota 15 nta gikorwa.
followup-leave = Va ng'aha ubu
followup-too-long = Inyishu yawe irengeje indome 20,000. Yigabanye, canke uyirungike mu bice bibiri; ivyo wanditse vyagumijwe musi.

## SMS and USSD
# What a basic phone shows: SMS replies (sms-…) and the USSD menu (ussd-…). Limits, which tests
# check in every language: an SMS reply fits two SMS parts (about 300 plain letters); a USSD
# screen is at most 182 characters, "not a choice" line included.
# Keep CHECK and STOP as they are: they are the words people send. Keep each menu line's digit first.
sms-receipt =
    Filimbi: raporo yawe irabitswe. Inomero yawe y'ibanga:
    { $receipt }
    Yigire ibanga. Kugira wongereko canke usome ibibazo vyacu, rungika ubutumwa butangurwa n'iyi nomero.
sms-answer-stored = Filimbi: ubutumwa bwawe bwahishwe mu ibanga bwongerwa kuri raporo yawe. Murakoze. Inomero yawe y'ibanga yigire ibanga.
sms-receipt-mistyped = Filimbi: iyi nomero y'ibanga isa n'iyanditswe nabi: igiharuro kimwe si co canke bibiri vyahinduranye. Nta cabitswe. Yisuzume usubire urungike ubutumwa.
sms-receipt-unknown = Filimbi: nta raporo ifise iyi nomero y'ibanga. Nta cabitswe. Suzuma ibiharuro 28 usubire urungike. Raporo yugawe ishobora kuba yarafuswe.
sms-busy = Filimbi: abantu benshi bariko bararungika ubu. Nta cabitswe. Subira urungike ubutumwa bwawe haciye iminota mikeyi.
sms-stopped = Filimbi: inomero yawe ya terefone yafuswe kuri raporo yawe. Ntituzosubira kukurungikira SMS. Inomero yawe y'ibanga iracugurura raporo yawe ku rubuga.
sms-stop-needs-receipt = Filimbi: ntitubika inomero yawe mu buryo dushobora gusoma, nuko ntidushobora kuyironkesha raporo yawe. Rungika inomero yawe y'ibanga, akanya, hanyuma STOP.
sms-check-listed = Filimbi: { $term } iri ku rutonde rwacu rw'integuza. Si iyemewe. Ntuyirihe kandi ntuyirungikire inyandiko.
sms-check-official = Filimbi: { $term } ni iyemewe: ni iy'uburyo bwa ICGLR bwo gutanga ivyemezo.
sms-check-lookalike = Filimbi: { $term } isa na { $official } yemewe mugabo si yo. Ntuyizigire.
sms-check-not-listed = Filimbi: { $term } ntiri ku rutonde rwacu rw'integuza. Ivyo ntivyemeza ko ari iy'ukuri.
sms-check-unreadable = Filimbi: rungika CHECK, akanya, hanyuma urubuga (nka example.com) canke inomero y'icemezo.
sms-empty = Filimbi: kumenyesha, rungika ivyo wabonye mu majambo yawe: iki, hehe, ryari. Ntwandike izina ryawe. Gusuzuma urubuga: CHECK example.com
sms-too-long = Filimbi: ubutumwa bwawe ni burebure cane. Nta cabitswe. Rungika raporo ngufi; hanyuma wongereko mu butumwa butangurwa n'inomero yawe y'ibanga.
sms-closed = Filimbi: raporo ntizishobora kwakirwa ubu. Nta cabitswe. Subira ugerageze mu nyuma.
sms-failed = Filimbi: hari ikitagenze neza iwacu. Nta cabitswe. Subira urungike ubutumwa bwawe mu nyuma.
sms-duplicate = Filimbi: ubu butumwa bwari bwaratugezeko kandi bwabitswe ubwa mbere. Nimba ico gihe utaronse inomero y'ibanga, subira urungike raporo yawe.
sms-question = Filimbi: ikibazo c'abatohoza. Kwishura, rungika inomero yawe y'ibanga, akanya, hanyuma inyishu yawe.
ussd-main =
    Filimbi: menyesha udatanze izina ryawe.
    1 Tanga raporo
    2 Kurikirana raporo yanje
ussd-kind =
    Ni ivyerekeye iki?
    1 Icemezo c'igihimbano
    2 Urubuga rw'igihimbano
    3 Ubudandaji butemewe canke magendu
    4 Ikindi
ussd-issuer-state =
    Ni ikihe gihugu kiri ku cemezo? Uburundi, RDC n'u Rwanda gusa ni vyo bibitanga.
    1 Uburundi
    2 RD Kongo
    3 U Rwanda
    4 Ikindi gihugu
    5 Simbizi
ussd-certificate-number = Andika inomero y'icemezo, canke 0 nimba utayifise.
ussd-mineral =
    Ni irihe buye?
    1 Gasegereti
    2 Koltani
    3 Wolufuramu
    4 Inzahabu
    5 Irindi canke simbizi
ussd-web-address = Andika aderese y'urubuga, akarorero example.com
ussd-describe-fake-certificate = Icemezo gifise irihe kosa? Ni nde yakikweretse, kandi hehe? Ntwandike izina ryawe.
ussd-describe-fake-website = Urubuga ruvuga iki canke rusaba iki? Warubonye gute? Ntwandike izina ryawe.
ussd-describe-illegal-trade = Wabonye iki? Hehe, kandi mu kwezi kuhe? Ni bande babifitemwo uruhara? Ntwandike izina ryawe.
ussd-describe-other = Vyagenze gute? Hehe, kandi mu kwezi kuhe? Ntwandike izina ryawe.
ussd-confirm =
    Urungike raporo yawe? Ihishwe mu ibanga kandi nta zina riyiriko.
    1 Rungika
    2 Hagarika
ussd-confirm-sms = 3 Rungika, unshikirize ibibazo vy'abatohoza kuri SMS
ussd-cancelled = Vyahagaritswe. Nta cabitswe.
ussd-type-receipt = Andika inomero yawe y'ibanga: ibiharuro 28 wahawe.
ussd-receipt-mistyped = Iyi nomero y'ibanga isa n'iyanditswe nabi: igiharuro kimwe si co canke bibiri vyahinduranye. Subira uyandike.
ussd-receipt-wrong-shape = Inomero y'ibanga igira ibiharuro 28. Subira uyandike.
ussd-receipt-unknown = Nta raporo ifise iyi nomero y'ibanga. Suzuma ibiharuro usubire ugerageze. Raporo yugawe ishobora kuba yarafuswe.
ussd-busy = Abantu benshi bariko baragerageza ubu. Nta catakaye. Subira ugerageze haciye iminota mikeyi.
ussd-question = Ikibazo c'abatohoza ({ $page }/{ $pages }):
ussd-question-menu =
    1 Ishura
    2 Urupapuro rukurikira
ussd-question-menu-one = 1 Ishura
ussd-no-question-yet =
    Nta kibazo c'abatohoza kiraza. Garuka haciye imisi mikeyi.
    1 Ongera amakuru kuri raporo yanje
ussd-type-answer = Andika inyishu yawe. Ntwandike izina ryawe.
ussd-answer-stored = Inyishu yawe yahishwe mu ibanga irabikwa. Murakoze. Inomero yawe y'ibanga yigire ibanga.
ussd-stored =
    Raporo irabitswe. Inomero yawe y'ibanga:
    { $receipt }
    Yandike uyigire ibanga: ni yo nzira yonyene yo gusoma ibibazo vyacu.
ussd-closed = Raporo ntizishobora kwakirwa ubu. Nta cabitswe. Subira ugerageze mu nyuma.
ussd-failed = Hari ikitagenze neza iwacu. Nta cabitswe. Subira ugerageze mu nyuma.
ussd-already-stored = Ibi vyari vyarabitswe, ubwa mbere. Murakoze.
ussd-invalid = Si ihitamwo. Subira ugerageze.
ussd-too-long = Ni birebire cane: nta cabitswe. Bigabanye.
ussd-bad-text = Inyandiko yawe irimwo indome zidashobora kubikwa. Nta cabitswe.
