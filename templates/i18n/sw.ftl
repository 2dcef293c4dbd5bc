# Filimbi — katalogi ya lugha hii. Kila maandishi yanayoonekana na mtumiaji yako hapa na kwenye faili dada zake.
# Tumia vitambulisho vilevile vya ujumbe katika kila lugha; jaribio hushindwa kama kimoja kinakosekana.

site-name = Filimbi
site-tagline = Kuripoti kwa siri kwa ajili ya mpango wa ICGLR wa kutoa vyeti vya madini
lang-label = Lugha
skip-to-content = Nenda moja kwa moja kwenye maudhui makuu
nav-home = Mwanzo
footer-note = Filimbi haihifadhi anwani za IP, wala taarifa za kivinjari, wala saa ya siku. Ripoti husimbwa kwa njia fiche kabla ya kuhifadhiwa.

index-title = Ripoti udanganyifu katika biashara ya madini, kwa usalama
index-intro = Filimbi inakuwezesha kuwaeleza wachunguzi wa Mfumo wa Kikanda wa Utoaji Vyeti wa ICGLR kuhusu vyeti vya madini vya kughushi, tovuti zinazojifanya kuwa mamlaka ya kutoa vyeti, na biashara haramu ya madini. Huhitaji kutaja jina lako.
index-who = Ni wachunguzi wa mpango huu pekee wanaoweza kusoma unachotuma. Ujumbe wako husimbwa kwa njia fiche kwa funguo zao mara unapofika; watu wanaoendesha seva hii hawawezi kuusoma.
index-choose = Unataka kuripoti nini?
index-safety-title = Jinsi ya kubaki salama
safety-tor = Ikiwezekana, tumia Tor Browser. Inaficha mahali ulipo unapounganisha na mtandao.
safety-device = Tumia simu au kompyuta unayoiamini, ambayo hakuna mtu mwingine anayeikagua.
safety-work = Usiripoti ukitumia kompyuta ya kazini au mtandao wa kazini: waajiri wanaweza kuona kinachofanywa humo.
safety-js = Tovuti hii inafanya kazi hata JavaScript ikiwa imezimwa, kwenye skrini ndogo na kwenye mtandao wa polepole.
index-phone-title = Huna simu janja? Simu yoyote inatosha
index-sms = Tuma ujumbe mfupi (SMS) kwa { $number }. Jibu litakupa risiti: anza ujumbe wako unaofuata na risiti hiyo ili kuongeza habari au kujibu wachunguzi.
index-ussd = Au piga { $code } na ufuate menyu.
index-sms-check = Ili kuhakiki tovuti au namba ya cheti kwa SMS, tuma ANGALIA ikifuatiwa na tovuti au namba hiyo.
index-phone-exposure = SMS au kipindi cha USSD si siri: kampuni ya simu inaona namba yako na unachotuma, na laini za simu katika kanda hii zimesajiliwa kwa majina ya watu. Tovuti hii, ikitumiwa kwa Tor Browser, inafichua mengi machache zaidi.
intake-closed = Kuripoti kumefungwa kwa sasa: hakuna ufunguo wa mchunguzi uliowekwa kwenye seva hii. Chochote utakachoandika hakiwezi kupokelewa. Tafadhali jaribu tena baadaye.

category-fake-certificate = Cheti bandia
category-fake-certificate-summary = Cheti cha madini kinachoonekana kimeghushiwa, kimebadilishwa au kimetolewa na nchi isiyo sahihi.
category-fake-certificate-intro = Tueleze kuhusu cheti cha ICGLR unachoamini ni cha uongo. Jaza unachojua; maelezo pekee ndiyo ya lazima.
category-fake-certificate-note = Ni Burundi, Jamhuri ya Kidemokrasia ya Kongo na Rwanda pekee zinazotoa vyeti vya ICGLR. Cheti kinachosemekana kutoka nchi nyingine yoyote si halisi.
category-fake-website = Tovuti bandia
category-fake-website-summary = Tovuti au barua pepe inayojifanya kuwa mamlaka ya kutoa vyeti.
category-fake-website-intro = Tueleze kuhusu tovuti inayodai kutoa au kukagua vyeti vya ICGLR lakini si tovuti rasmi.
category-illegal-trade = Biashara haramu
category-illegal-trade-summary = Uchimbaji haramu, magendo, makundi yenye silaha kwenye maeneo ya migodi, unyanyasaji wa watu.
category-illegal-trade-intro = Tueleze kuhusu uchimbaji haramu, magendo ya kuvuka mipaka, kuhusika kwa makundi yenye silaha, au ukiukaji wa haki za binadamu kwenye maeneo ya migodi.
category-other = Jambo lingine
category-other-summary = Kitendo kingine chochote kibaya katika utoaji wa vyeti vya madini.
category-other-intro = Tueleze kuhusu kitendo kingine chochote kibaya kinachohusiana na utoaji wa vyeti au biashara ya madini.

field-certificate_number = Namba ya cheti
field-certificate_number-hint = Kama ilivyoandikwa kwenye cheti.
field-issuer_state = Nchi iliyotajwa kama mtoaji wa cheti
field-exporter = Muuzaji nje au kampuni iliyotajwa
field-mineral = Madini
field-seen_where = Mahali ulipokiona
field-seen_where-hint = Kwa mfano: kilitumwa na mnunuzi, kilionyeshwa kwenye kituo cha mpakani.
field-description = Kilichotokea
field-description-hint = Eleza ulichoona. Usiandike jina lako wala maelezo ambayo ni wewe tu ungeyajua, isipokuwa kama unataka.
field-web_address = Anwani au jina la tovuti
field-web_address-hint = Kwa mfano: www.example.com. Ni salama zaidi kutoifungua tovuti hiyo tena.
field-found_how = Jinsi ulivyoipata
field-found_how-hint = Kwa mfano: utafutaji mtandaoni, barua pepe, ujumbe.
field-asked_for = Ilichoomba
field-asked_for-hint = Kwa mfano: malipo, nyaraka, nywila.
field-place = Mahali au eneo la mgodi
field-involved = Watu au makampuni yanayohusika
field-route = Njia au mahali pa kuvuka mpaka
field-when_month = Lini: mwezi
field-when_year = Lini: mwaka
field-when_year-hint = Tarakimu nne, kwa mfano 2025. Mwezi na mwaka vinatosha.
choose-none = — haijatajwa —
required = lazima
form-send = Tuma ripoti kwa usalama
form-safety-note = Hakuna kinachotumwa mpaka ubonyeze kitufe. Baada ya kutuma utapata namba ya risiti.
form-has-errors = Ripoti yako bado haijatumwa. Tafadhali kagua:
form-fix-marked = Sahihisha sehemu zilizowekwa alama hapa chini; ulichoandika kimehifadhiwa.
form-expired = Fomu hii ilikuwa wazi kwa muda mrefu na muda wake umekwisha. Maandishi yako yamehifadhiwa hapa chini: bonyeza kitufe tena ili kuyatuma.
form-invalid-token = Fomu hii haikuweza kukaguliwa, kwa hiyo hakuna kilichotumwa. Kama uliijaza wewe mwenyewe, bonyeza kitufe tena ili kuituma.
form-used = Fomu hii imeshatumwa mara moja, kwa hiyo hakuna kilichotumwa safari hii. Kama hukupata risiti, bonyeza kitufe tena ili kutuma maandishi yako, yaliyohifadhiwa hapa chini.
form-leave-empty = Acha sehemu hii wazi: ni mtego wa kunasa ujumbe taka unaotumwa na mashine, si swali kwako. Usiandike chochote hapa.

field-files = Picha au nyaraka (si lazima)
field-files-press = Bonyeza kitufe kilicho hapa chini kuchagua picha au nyaraka kwenye simu au kompyuta yako. Maneno yaliyo kwenye kitufe hicho yanatoka kwenye kivinjari chako na huenda yakawa katika lugha nyingine.
upload-limits = Hadi faili { $count }, { $max } MB kila moja. Ili kuchagua kadhaa, bonyeza kitufe na ukishikilie, au uzichague pamoja.
files-metadata = Picha, video na nyaraka mara nyingi huficha taarifa kuhusu aliyezitengeneza: mahali pa GPS ambapo picha au video ilipigwa, simu au kamera, wakati, jina la mwandishi. Filimbi huondoa taarifa hizo kwenye picha za JPEG, PNG, WebP na GIF, video za MP4, MOV na 3GP (hadi { $max } MB), faili za PDF (pamoja na picha zilizo ndani yake), na faili za Word, Excel, PowerPoint na OpenDocument kabla ya kuzihifadhi. Faili nyingine (kwa mfano picha za iPhone za HEIC, faili za ZIP, video kubwa zaidi) huhifadhiwa jinsi hasa ulivyozituma na huenda bado zina taarifa hizo.
upload-choose-again = Faili haziwezi kuhifadhiwa fomu inapoonyeshwa tena: tafadhali chagua faili zako tena.
form-busy = Seva ina shughuli nyingi: ripoti nyingi zinafika sasa hivi. Bado hakuna kilichotumwa, na maandishi yako yamehifadhiwa hapa chini: tafadhali yatume tena baada ya dakika moja.
form-not-stored = Ripoti yako haikuweza kuhifadhiwa kwa sasa, kwa hiyo hakuna kilichowekwa. Maandishi yako yako hapa chini: tafadhali yatume tena.
upload-too-many = Faili ni nyingi mno: zisizidi { $max } kwa kila ripoti.
upload-too-large = Faili "{ $name }" ni kubwa mno: isizidi { $max } MB kwa kila faili. Hakuna kilichohifadhiwa.
upload-empty = Faili "{ $name }" haina kitu. Hakuna kilichohifadhiwa.

state-angola = Angola
state-burundi = Burundi
state-central-african-republic = Jamhuri ya Afrika ya Kati
state-republic-of-congo = Jamhuri ya Kongo
state-drc = Jamhuri ya Kidemokrasia ya Kongo
state-kenya = Kenya
state-uganda = Uganda
state-rwanda = Rwanda
state-south-sudan = Sudan Kusini
state-sudan = Sudan
state-tanzania = Tanzania
state-zambia = Zambia
state-other = Nchi nyingine
state-unknown = Sijui

mineral-tin = Bati (cassiterite)
mineral-tantalum = Tantalamu (coltan)
mineral-tungsten = Tangsteni (wolframite)
mineral-gold = Dhahabu
mineral-cobalt = Kobalti
mineral-copper = Shaba
mineral-diamonds = Almasi
mineral-bauxite = Boksiti
mineral-manganese = Manganizi
mineral-phosphate = Fosfeti
mineral-other = Mengineyo

month-01 = Januari
month-02 = Februari
month-03 = Machi
month-04 = Aprili
month-05 = Mei
month-06 = Juni
month-07 = Julai
month-08 = Agosti
month-09 = Septemba
month-10 = Oktoba
month-11 = Novemba
month-12 = Desemba

problem-required = Sehemu hii lazima ijazwe.
problem-too-long = Hii ni ndefu mno: isizidi herufi { $max }.
problem-not-a-choice = Tafadhali chagua mojawapo ya machaguo yaliyotolewa.
problem-bad-year = Tafadhali andika mwaka wenye tarakimu nne, kuanzia 1990 hadi mwaka huu.
problem-bad-characters = Hii ina herufi za udhibiti zisizoonekana; tafadhali iandike upya.
problem-unknown-field = Fomu ilikuwa na kitu kisichotarajiwa. Tafadhali tumia fomu iliyo kwenye ukurasa huu.
problem-duplicate = Sehemu hii ilitumwa mara mbili.

receipt-title = Ripoti yako imepokelewa
receipt-intro = Ripoti yako imesimbwa kwa njia fiche na kuhifadhiwa. Hii ndiyo namba yako ya risiti:
receipt-write-down = Iandike sasa, kwenye karatasi, na uiweke mahali salama. Inaonyeshwa mara hii moja tu.
receipt-keep-safe = Mtu yeyote aliye na namba hii anaweza kusoma ujumbe wa wachunguzi kwako. Usimpe wala kumwonyesha mtu yeyote, na usihifadhi picha ya skrini yake kwenye simu ambayo wengine wanaweza kuiona.
receipt-lost = Ukiipoteza, haiwezi kupatikana tena: hatujui wewe ni nani.
receipt-back = Rudi kwenye ukurasa wa mwanzo

error-op-id = Namba ya kumbukumbu kwa ajili ya waendeshaji:
error-back = Rudi kwenye ukurasa wa mwanzo
error-not-found-title = Ukurasa haukupatikana
error-not-found = Hakuna ukurasa kwenye anwani hii.
error-bad-form-title = Fomu haikuweza kusomwa
error-bad-form = Kilichotumwa hakikuweza kusomwa kama maandishi. Hakuna kilichohifadhiwa. Tafadhali rudi nyuma na utume fomu tena.
error-bad-query-title = Anwani haikueleweka
error-bad-query = Anwani hii inaomba kitu ambacho ukurasa huu haukijui, labda kwa sababu kiungo kilibadilishwa kwa mkono. Hakuna kilichobadilishwa. Tafadhali rudi nyuma na utumie viungo na vichujio vilivyo kwenye ukurasa.
error-search-too-long-title = Utafutaji ni mrefu mno
error-search-too-long = Utafutaji huu ni mrefu kuliko jina lolote kwenye orodha, kwa hiyo haungeweza kupata chochote. Hakuna kilichobadilishwa. Tafadhali andika jina la tovuti pekee (kwa mfano fake-example.com) au namba ya cheti.
error-too-large-title = Maandishi ni mengi mno
error-too-large = Kilichotumwa ni kikubwa kuliko ripoti inavyoweza kuwa. Hakuna kilichohifadhiwa. Tafadhali kifupishe na ujaribu tena.
error-truncated-title = Utumaji ulikatizwa
error-truncated = Muunganisho ulikatika kabla ya kila kitu kufika. Hakuna kilichohifadhiwa. Tafadhali jaribu tena.
error-content-type-title = Fomu haikuweza kusomwa
error-content-type = Anwani hii inapokea fomu ya ripoti ya tovuti hii pekee. Hakuna kilichohifadhiwa.
error-cross-site-title = Imekataliwa
error-cross-site = Fomu hii ilitumwa kutoka tovuti nyingine, kwa hiyo imekataliwa. Hakuna kilichohifadhiwa wala kubadilishwa. Tafadhali tumia fomu iliyo kwenye tovuti hii.
error-intake-closed-title = Kuripoti kumefungwa
error-intake-closed = Kuripoti kumefungwa kwa sasa: hakuna ufunguo wa mchunguzi uliowekwa. Hakuna kilichohifadhiwa. Tafadhali jaribu tena baadaye.
error-busy-title = Shughuli nyingi mno kwa sasa
error-busy = Ripoti nyingi zenye faili zinatumwa wakati huu. Hakuna kilichohifadhiwa. Tafadhali jaribu tena baada ya dakika chache.
error-rate-limited-title = Shughuli nyingi, tafadhali jaribu tena baada ya dakika moja
error-rate-limited = Maombi mengi yanafika wakati huu. Tafadhali jaribu tena baada ya dakika moja.
error-internal-title = Tatizo fulani limetokea
error-internal = Tatizo limetokea upande wetu na ripoti yako HAIJAHIFADHIWA. Tafadhali jaribu tena baada ya dakika chache.

## Maombi ya kuondolewa kwenye orodha (aina ya ripoti inayotolewa kwenye ukurasa wa tahadhari)
category-delisting-request = Ombi la kuondolewa kwenye orodha
category-delisting-request-summary = Unaendesha tovuti iliyo kwenye orodha yetu ya tahadhari na unaamini imewekwa humo kimakosa.
category-delisting-request-intro = Waombe wachunguzi waangalie upya tovuti iliyowekwa kwenye orodha ya tahadhari ya umma. Eleza kwa nini unaamini imewekwa kimakosa; wataiangalia tena na huenda wakaiondoa kwenye orodha.
category-delisting-request-note = Hifadhi risiti utakayopewa baada ya kutuma: ndiyo njia pekee ya kusoma maswali ya wachunguzi na kuyajibu.
field-listed_address = Tovuti iliyo kwenye orodha
field-listed_address-hint = Jina la tovuti kama linavyoonekana kwenye orodha ya tahadhari, kwa mfano www.example.com.
field-relationship = Uhusiano wako na tovuti hii
field-relationship-hint = Kwa mfano: mmiliki, mfanyakazi, kampuni inayohifadhi tovuti.
field-contact = Jinsi ya kukufikia (si lazima)
field-contact-hint = Anwani ya barua pepe au namba ya simu, kama unataka wachunguzi wawasiliane nawe. Unaweza pia kurudi na risiti yako.

## Tahadhari za umma
nav-warnings = Tahadhari za udanganyifu: kagua tovuti au cheti
warnings-title = Tovuti bandia na vyeti vya kughushi
warnings-intro = Wachunguzi wa mpango wa ICGLR wa kutoa vyeti vya madini wanachapisha hapa tovuti bandia na namba za vyeti vya kughushi ambazo wamezithibitisha.
not-listed-notice = Kutokuwa kwenye orodha hii haimaanishi kuwa ni halisi. Tovuti bandia mpya hujitokeza kila wakati: daima thibitisha cheti kwa mamlaka iliyokitoa.
check-title = Kagua tovuti au cheti
check-label = Tovuti, anwani ya tovuti, anwani ya barua pepe au namba ya cheti
check-hint = Kwa mfano: www.example.com, https://example.com/login, name@example.org au RW-2024-00123.
check-button = Kagua
check-see-list = Tazama orodha nzima ya tahadhari
check-canonical = Imekaguliwa kama: { $canonical }
check-report-hint = Unadhani ni bandia?
check-error-empty = Andika tovuti, anwani ya barua pepe au namba ya cheti ili kukagua.
check-error-too-long = Hii ni ndefu mno kuwa tovuti au namba ya cheti.
check-error-invalid-domain = Hii si tovuti wala anwani ya barua pepe sahihi. Andika jina la tovuti kama ceec-icglr.org.
check-error-ip-address = Tovuti zimeorodheshwa kwa jina, si kwa anwani ya IP. Andika jina la tovuti badala yake.
check-error-invalid-certificate = Hii si namba sahihi ya cheti. Tumia herufi, tarakimu na - / . (jumla ya alama 3 hadi 64, ikiwemo angalau tarakimu moja).
verdict-listed-domain = Tahadhari: { $target } imeorodheshwa kama tovuti bandia.
verdict-listed-domain-advice = Usiweke taarifa, usipakie nyaraka wala usilipe chochote kwenye tovuti hii. Vyeti inavyoonyesha au inavyotoa si halisi.
verdict-listed-certificate = Tahadhari: namba ya cheti { $target } imeorodheshwa kama ya kughushi.
verdict-listed-certificate-advice = Usikubali cheti chenye namba hii. Wasiliana na mamlaka ya nchi iliyokitoa.
verdict-withdrawn = { $target } ilikuwa kwenye orodha, lakini iliondolewa kwenye orodha tarehe { $day }.
verdict-official = { $target } ni tovuti rasmi ya mpango wa ICGLR wa kutoa vyeti vya madini ({ $official }).
verdict-official-advice = Hii ndiyo tovuti rasmi. Ifungue kwa kuandika jina lake wewe mwenyewe, si kupitia kiungo ulichotumiwa na mtu.
verdict-lookalike = Kuwa mwangalifu: { $target } haiko kwenye orodha yetu, lakini inafanana na tovuti rasmi { $official }.
verdict-lookalike-advice = Tovuti bandia za vyeti mara nyingi huiga jina rasmi. Tumia tovuti rasmi pekee, ukiandika anwani yake mwenyewe.
lookalike-confusable = Baadhi ya herufi zake zinafanana na za jina rasmi lakini ni herufi tofauti.
lookalike-same-name = Inatumia jina rasmi lakini kwa mwisho mwingine, au ndani ya jina la tovuti nyingine.
lookalike-edit = Jina lake linatofautiana na jina rasmi kwa herufi { $n } tu.
lookalike-token = Jina lake lina "{ $token }", sehemu ya jina rasmi.
verdict-unknown-domain = { $target } haiko kwenye orodha yetu ya tovuti bandia.
verdict-unknown-certificate = Namba ya cheti { $target } haiko kwenye orodha yetu ya vyeti vya kughushi.
warning-status-active = Imeorodheshwa kama bandia
warning-status-withdrawn = Imeondolewa
warning-event-listed = Imeorodheshwa
warning-event-withdrawn = Imeondolewa
warning-event-relisted = Imeorodheshwa tena
warning-first-listed = iliorodheshwa mara ya kwanza
warning-withdrawn-because = Imeondolewa:
warning-history = Historia
warning-kind-domain = tovuti
warning-kind-certificate = namba ya cheti
warnings-list-title = Tahadhari zilizochapishwa, mpya zaidi kwanza
warnings-check-title = Je, ni bandia? Kagua tovuti moja au namba ya cheti
warnings-search = Au pitia orodha iliyo hapa chini: andika sehemu ya jina la tovuti au ya namba ya cheti ili kuonyesha tahadhari zenye sehemu hiyo tu
warnings-search-button = Tafuta kwenye orodha
warnings-none = Bado hakuna tahadhari iliyochapishwa.
warnings-no-match = Hakuna kitu kwenye orodha kinacholingana na "{ $q }". Hii haimaanishi kuwa ni halisi.
warnings-matches = { $count ->
        [one] Tahadhari moja iliyochapishwa inalingana na "{ $q }":
       *[other] Tahadhari { $count } zilizochapishwa zinalingana na "{ $q }":
    }
warnings-page = Ukurasa wa { $page } kati ya { $pages }
warnings-newer = Tahadhari mpya zaidi
warnings-older = Tahadhari za zamani zaidi
warnings-official-title = Taarifa rasmi
warnings-official-domains = Tovuti rasmi ya mpango wa ICGLR wa kutoa vyeti vya madini:
warnings-official-issuers = Ni nchi tatu tu zinazotoa vyeti vya ICGLR: Burundi, Jamhuri ya Kidemokrasia ya Kongo na Rwanda. Cheti kinachosemekana kutoka nchi nyingine yoyote mwanachama si halisi.
warnings-official-verify = Ili kuthibitisha cheti, tumia tovuti ya pamoja ya utoaji vyeti ya mpango huu, { $official }, ukiandika anwani yake mwenyewe, au uliza mamlaka ya nchi iliyokitoa. Usiamini tovuti, anwani ya barua pepe au namba ya simu iliyochapishwa kwenye cheti chenyewe.
warnings-official-report = Umeona tovuti bandia au cheti cha kughushi? Toa ripoti bila kutaja jina lako.
warnings-report-link = Toa ripoti
warnings-delisting-title = Imeorodheshwa kimakosa?
warnings-delisting-text = Kama unaendesha tovuti iliyo kwenye orodha hii na unaamini imewekwa humo kimakosa, waombe wachunguzi waiangalie upya. Ombi lako husimbwa kwa njia fiche kama ripoti nyingine yoyote.
warnings-delisting-link = Omba iangaliwe upya
warnings-feeds-title = Milisho kwa orodha za kuzuia, seva za DNS na skripti
warnings-feeds-intro = Orodha ileile katika muundo wa JSON, CSV, maandishi ya kawaida, faili ya hosts, DNS Response Policy Zone na Atom, kama orodha ya vichujio ya Adblock, katika STIX 2.1 na kama mlisho wa MISP. Kila mlisho una sahihi kando yake (jina lilelile linaloishia na .sig) na unataja, ndani ya kilichotiwa sahihi, siku ambayo hautakuwa halali tena (valid_until): nakala iliyofikia siku hiyo imepitwa na wakati.
warnings-feeds-key = Ufunguo wa kusaini (OpenSSH):
warnings-feeds-fingerprint = Alama ya kidole ya ufunguo:
warnings-feeds-verify = Kukagua mlisho kwa OpenSSH:
feed-for-scripts = kwa programu ndogo (scripts) na lahajedwali
feed-for-blocklists = kwa orodha za kuzuia na faili za hosts
feed-for-dns = kwa visuluhishi vya DNS (BIND, Unbound, Knot Resolver)
feed-for-readers = kwa visomaji vya milisho
feed-for-browsers = kwa vizuizi vya vivinjari (uBlock Origin, AdGuard, Brave)
feed-for-stix = kwa zana za taarifa za vitisho zinazosoma STIX 2.1
feed-for-misp = kwa MISP: ongeza folda /feeds/misp/ kama mlisho wa aina ya "MISP Feed"

## Ufuatiliaji: kurudi na risiti
nav-followup = Fuatilia ripoti
receipt-come-back = Rudi baada ya siku chache kusoma maswali ya wachunguzi: chagua "Fuatilia ripoti" juu ya ukurasa wowote na uandike namba hii. Ndiyo njia pekee ya kuingia.
followup-title = Fuatilia ripoti
followup-intro = Andika namba ya risiti uliyopewa ulipotuma ripoti yako. Haijalishi ukiweka nafasi, vistari au nukta.
followup-receipt-label = Namba ya risiti
followup-receipt-hint = Tarakimu 28, kwa mfano
followup-open = Fungua ripoti yangu
followup-only-way = Risiti yako ndiyo njia pekee ya kuingia. Hatujui wewe ni nani, kwa hiyo hatuwezi kukutumia risiti hiyo tena.
followup-mistyped = Inaonekana risiti hii imeandikwa vibaya: huenda tarakimu moja si sahihi au tarakimu mbili zimebadilishana nafasi. Ilinganishe na karatasi yako na uiandike tena.
followup-wrong-shape = Risiti ina tarakimu 28, zinazoonyeshwa katika makundi 7 ya tarakimu 4. Ikague na uiandike tena.
followup-unknown = Hakuna ripoti yenye risiti hii. Kagua tarakimu tena. Kama ni sahihi, huenda ripoti ilifutwa baada ya kufungwa.
followup-busy = Watu wengi wanatumia ukurasa huu sasa hivi. Hakuna kilichopotea: tafadhali jaribu tena baada ya dakika moja.
followup-not-stored = Jibu lako halikuweza kuhifadhiwa kwa sasa, kwa hiyo hakuna kilichowekwa. Maandishi yako yako hapa chini: tafadhali yatume tena.
followup-expired = Kikao chako kimekwisha (baada ya dakika 15 bila kutumika, au ulipoondoka). Andika risiti yako tena ili kuendelea. Hakuna ulichotuma kilichopotea.
followup-form-again = Fomu hii haikuweza kukaguliwa au muda wake umekwisha. Tafadhali andika risiti yako tena.
followup-answer-kept = Jibu lako, lililohifadhiwa ili litumwe utakapoandika risiti yako (faili lazima zichaguliwe tena)
followup-case-title = Ripoti yako
followup-state-received = Imepokelewa: bado hakuna mchunguzi aliyeiangalia.
followup-state-being-looked-at = Mchunguzi anaiangalia.
followup-state-closed = Imefungwa: wachunguzi wamemaliza kuishughulikia.
followup-received-day = Ilipokelewa tarehe { $day }.
followup-acknowledged-day = Mchunguzi aliiangalia kwa mara ya kwanza tarehe { $day }.
followup-messages = Ujumbe
followup-no-messages = Bado hakuna ujumbe kutoka kwa wachunguzi. Rudi baada ya siku chache.
followup-language-note = Wachunguzi huandika kwa Kiingereza au Kifaransa. Unaweza kujibu kwa lugha unayopendelea.
followup-question-from = Wachunguzi waliandika tarehe { $day }:
followup-you-wrote = Uliwaandikia wachunguzi tarehe { $day }.
followup-own-words = Maneno yako mwenyewe hayaonyeshwi tena, ili mtu atakayechukua simu yako au kuona skrini yako ajue machache iwezekanavyo.
followup-answer = Wajibu wachunguzi
followup-answer-label = Jibu lako
followup-send = Tuma jibu kwa usalama
followup-sent = Jibu lako limesimbwa kwa njia fiche na kuhifadhiwa. Asante.
followup-invalid-answer = Andika jibu au chagua faili ya kutuma.
followup-session-note = Ukurasa huu husahau ripoti yako baada ya dakika 15 bila kutumika.
followup-leave = Ondoka sasa
followup-too-long = Jibu lako ni refu kuliko herufi 20,000. Tafadhali lifupishe, au ulitume kwa sehemu mbili; ulichoandika kimehifadhiwa hapa chini.

## SMS and USSD
# Kile simu ya kawaida inachoonyesha: majibu ya SMS (sms-…) na menyu ya USSD (ussd-…). Vipimo
# vinavyokaguliwa na majaribio: jibu la SMS ni SMS mbili au chini; skrini ya USSD ni herufi 182
# au chini. Acha CHECK na STOP kama zilivyo: ndiyo maneno ambayo watu hutuma.
sms-receipt =
    Filimbi: ripoti yako imehifadhiwa. Risiti yako:
    { $receipt }
    Itunze kwa siri. Kuongeza habari au kusoma maswali yetu, tuma ujumbe unaoanza na risiti hii.
sms-answer-stored = Filimbi: ujumbe wako umesimbwa kwa njia fiche na kuongezwa kwenye ripoti yako. Asante. Itunze risiti yako kwa siri.
sms-receipt-mistyped = Filimbi: inaonekana risiti hii imeandikwa vibaya: tarakimu moja si sahihi au mbili zimebadilishana nafasi. Hakuna kilichohifadhiwa. Iangalie kisha utume ujumbe wako tena.
sms-receipt-unknown = Filimbi: hakuna ripoti yenye risiti hii. Hakuna kilichohifadhiwa. Angalia tarakimu 28 kisha utume tena. Ripoti iliyofungwa huenda imefutwa.
sms-busy = Filimbi: watu wengi wanatuma ujumbe sasa hivi. Hakuna kilichohifadhiwa. Tafadhali tuma ujumbe wako tena baada ya dakika chache.
sms-stopped = Filimbi: namba yako ya simu imefutwa kwenye ripoti yako. Hatutakutumia SMS tena. Risiti yako bado inafungua ripoti yako kwenye tovuti.
sms-stop-needs-receipt = Filimbi: hatuhifadhi namba yako kwa namna tunayoweza kuisoma, kwa hiyo hatuwezi kupata ripoti yako kwa namba hiyo. Tuma risiti yako, nafasi, kisha STOP.
sms-check-listed = Filimbi: { $term } iko kwenye orodha yetu ya tahadhari. Si rasmi. Usiilipe pesa wala kuitumia hati.
sms-check-official = Filimbi: { $term } ni rasmi: ni ya mfumo wa vyeti wa ICGLR.
sms-check-lookalike = Filimbi: { $term } inafanana na tovuti rasmi { $official } lakini si hiyo. Usiiamini.
sms-check-not-listed = Filimbi: { $term } haiko kwenye orodha yetu ya tahadhari. Hilo halithibitishi kuwa ni halali.
sms-check-unreadable = Filimbi: tuma CHECK, nafasi, kisha tovuti (kama example.com) au namba ya cheti.
sms-empty = Filimbi: kuripoti, tuma ulichoona kwa maneno yako: nini, wapi, lini. Usiandike jina lako. Kukagua tovuti: CHECK example.com
sms-too-long = Filimbi: ujumbe wako ni mrefu mno. Hakuna kilichohifadhiwa. Tuma ripoti fupi zaidi, kisha uongeze mengine kwa ujumbe unaoanza na risiti yako.
sms-closed = Filimbi: ripoti haziwezi kupokelewa sasa hivi. Hakuna kilichohifadhiwa. Tafadhali jaribu tena baadaye.
sms-failed = Filimbi: hitilafu imetokea upande wetu. Hakuna kilichohifadhiwa. Tafadhali tuma ujumbe wako tena baadaye.
sms-duplicate = Filimbi: ujumbe huu ulikuwa umeshatufikia na ulihifadhiwa mara ya kwanza. Kama hukupata risiti wakati huo, tuma ripoti yako tena.
sms-question = Filimbi: swali kutoka kwa wachunguzi. Kujibu, tuma risiti yako, nafasi, kisha jibu lako.
ussd-main =
    Filimbi: ripoti bila kutaja jina lako.
    1 Toa ripoti
    2 Fuatilia ripoti yangu
ussd-kind =
    Ni kuhusu nini?
    1 Cheti bandia
    2 Tovuti bandia
    3 Biashara haramu au magendo
    4 Jambo lingine
ussd-issuer-state =
    Cheti kinataja nchi gani? Ni Burundi, DRC na Rwanda tu zinazotoa vyeti.
    1 Burundi
    2 DR Kongo
    3 Rwanda
    4 Nchi nyingine
    5 Sijui
ussd-certificate-number = Andika namba ya cheti, au 0 kama huna.
ussd-mineral =
    Madini gani?
    1 Bati (cassiterite)
    2 Coltan (tantalamu)
    3 Tangsteni (wolframite)
    4 Dhahabu
    5 Mengineyo au sina uhakika
ussd-web-address = Andika anwani ya tovuti, kwa mfano example.com
ussd-describe-fake-certificate = Cheti kina kasoro gani? Nani alikionyesha, na wapi? Usiandike jina lako.
ussd-describe-fake-website = Tovuti inadai nini au inaomba nini? Uliipataje? Usiandike jina lako.
ussd-describe-illegal-trade = Uliona nini? Wapi, na mwezi gani? Nani wanahusika? Usiandike jina lako.
ussd-describe-other = Nini kilitokea? Wapi, na mwezi gani? Usiandike jina lako.
ussd-confirm =
    Tuma ripoti yako? Imesimbwa kwa njia fiche na haina jina lako.
    1 Tuma
    2 Ghairi
ussd-confirm-sms = 3 Tuma, na unitumie maswali ya wachunguzi kwa SMS
ussd-cancelled = Imeghairiwa. Hakuna kilichohifadhiwa.
ussd-type-receipt = Andika risiti yako: tarakimu 28 ulizopewa.
ussd-receipt-mistyped = Inaonekana risiti hii imeandikwa vibaya: tarakimu moja si sahihi au mbili zimebadilishana nafasi. Iandike tena.
ussd-receipt-wrong-shape = Risiti ina tarakimu 28. Iandike tena.
ussd-receipt-unknown = Hakuna ripoti yenye risiti hii. Angalia tarakimu kisha ujaribu tena. Ripoti iliyofungwa huenda imefutwa.
ussd-busy = Watu wengi wanajaribu sasa hivi. Hakuna kilichopotea. Tafadhali jaribu tena baada ya dakika chache.
ussd-question = Swali kutoka kwa wachunguzi ({ $page }/{ $pages }):
ussd-question-menu =
    1 Jibu
    2 Ukurasa unaofuata
ussd-question-menu-one = 1 Jibu
ussd-no-question-yet =
    Bado hakuna swali kutoka kwa wachunguzi. Rudi baada ya siku chache.
    1 Ongeza habari kwenye ripoti yangu
ussd-type-answer = Andika jibu lako. Usiandike jina lako.
ussd-answer-stored = Jibu lako limesimbwa kwa njia fiche na kuhifadhiwa. Asante. Itunze risiti yako kwa siri.
ussd-stored =
    Ripoti imehifadhiwa. Risiti yako:
    { $receipt }
    Iandike na uitunze kwa siri: ndiyo njia pekee ya kusoma maswali yetu.
ussd-closed = Ripoti haziwezi kupokelewa sasa hivi. Hakuna kilichohifadhiwa. Tafadhali jaribu tena baadaye.
ussd-failed = Hitilafu imetokea upande wetu. Hakuna kilichohifadhiwa. Tafadhali jaribu tena baadaye.
ussd-already-stored = Hii ilikuwa imeshahifadhiwa mara ya kwanza. Asante.
ussd-invalid = Chaguo hilo halipo. Jaribu tena.
ussd-too-long = Ni mrefu mno: hakuna kilichohifadhiwa. Tafadhali ufupishe.
ussd-bad-text = Maandishi yako yana herufi zisizoweza kuhifadhiwa. Hakuna kilichohifadhiwa.
