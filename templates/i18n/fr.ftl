# Filimbi — catalogue français. Mêmes identifiants de messages que en.ftl.

site-name = Filimbi
site-tagline = Signalement confidentiel pour le mécanisme de certification des minerais de la CIRGL
lang-label = Langue
skip-to-content = Aller au contenu principal
nav-home = Accueil
footer-note = Filimbi ne conserve ni adresse IP, ni informations sur le navigateur, ni heure. Les signalements sont chiffrés avant d'être enregistrés.

index-title = Signaler une fraude dans le commerce des minerais, en sécurité
index-intro = Filimbi vous permet d'informer les enquêteurs du Mécanisme régional de certification de la CIRGL de certificats de minerais falsifiés, de sites web qui se font passer pour l'autorité de certification et du commerce illégal de minerais. Vous n'avez pas à donner votre nom.
index-who = Seuls les enquêteurs du mécanisme peuvent lire ce que vous envoyez. Tout est chiffré dès l'arrivée avec leurs clés ; les personnes qui gèrent ce serveur ne peuvent pas le lire.
index-choose = Que voulez-vous signaler ?
index-safety-title = Rester en sécurité
safety-tor = Si vous le pouvez, utilisez le navigateur Tor. Il cache l'endroit d'où vous vous connectez.
safety-device = Utilisez un téléphone ou un ordinateur de confiance, que personne d'autre ne contrôle.
safety-work = Ne signalez pas depuis un ordinateur ou un réseau de travail : l'employeur peut voir ce qui s'y fait.
safety-js = Ce site fonctionne sans JavaScript, sur petit écran et avec une connexion lente.
index-phone-title = Pas de smartphone ? N'importe quel téléphone suffit
index-sms = Envoyez un SMS au { $number }. La réponse vous donne un reçu : commencez un message suivant par ce reçu pour compléter ou pour répondre aux enquêteurs.
index-ussd = Ou composez le { $code } et suivez le menu.
index-sms-check = Pour vérifier un site web ou un numéro de certificat par SMS, envoyez VERIFIER suivi de ce site ou de ce numéro.
index-phone-exposure = Un SMS ou une session USSD n'est pas anonyme : l'opérateur voit votre numéro et ce que vous envoyez, et dans la région les cartes SIM sont enregistrées au nom d'une personne. Ce site, utilisé avec Tor Browser, en révèle beaucoup moins.
intake-closed = Les signalements sont fermés pour le moment : aucune clé d'enquêteur n'est configurée sur ce serveur. Rien de ce que vous saisissez ne peut être reçu. Merci de réessayer plus tard.

category-fake-certificate = Faux certificat
category-fake-certificate-summary = Un certificat de minerais qui semble falsifié, modifié ou délivré par le mauvais pays.
category-fake-certificate-intro = Parlez-nous d'un certificat CIRGL que vous pensez faux. Indiquez ce que vous savez ; seule la description est obligatoire.
category-fake-certificate-note = Seuls le Burundi, la République démocratique du Congo et le Rwanda délivrent des certificats CIRGL. Un certificat attribué à un autre pays n'est pas authentique.
category-fake-website = Faux site web
category-fake-website-summary = Un site web ou un courriel qui se fait passer pour l'autorité de certification.
category-fake-website-intro = Parlez-nous d'un site web qui prétend délivrer ou vérifier des certificats CIRGL mais qui n'est pas le site officiel.
category-illegal-trade = Commerce illégal
category-illegal-trade-summary = Exploitation minière illégale, contrebande, groupes armés sur les sites miniers, abus contre les personnes.
category-illegal-trade-intro = Parlez-nous d'exploitation minière illégale, de contrebande aux frontières, de la présence de groupes armés ou de violations des droits humains sur des sites miniers.
category-other = Autre chose
category-other-summary = Tout autre abus lié à la certification des minerais.
category-other-intro = Parlez-nous de tout autre abus lié à la certification ou au commerce des minerais.

field-certificate_number = Numéro du certificat
field-certificate_number-hint = Tel qu'il est écrit sur le certificat.
field-issuer_state = Pays indiqué comme émetteur
field-exporter = Exportateur ou société indiqués
field-mineral = Minerai
field-seen_where = Où vous l'avez vu
field-seen_where-hint = Par exemple : envoyé par un acheteur, montré à un poste-frontière.
field-description = Ce qui s'est passé
field-description-hint = Décrivez ce que vous avez vu. N'écrivez pas votre nom ni des détails que vous seul connaissez, sauf si vous le souhaitez.
field-web_address = Adresse web ou domaine
field-web_address-hint = Par exemple : www.exemple.com. Il est plus prudent de ne pas rouvrir le site.
field-found_how = Comment vous l'avez trouvé
field-found_how-hint = Par exemple : moteur de recherche, courriel, message.
field-asked_for = Ce qu'il demandait
field-asked_for-hint = Par exemple : un paiement, des documents, des mots de passe.
field-place = Lieu ou site minier
field-involved = Personnes ou sociétés impliquées
field-route = Itinéraire ou passage de frontière
field-when_month = Quand : mois
field-when_year = Quand : année
field-when_year-hint = Quatre chiffres, par exemple 2025. Le mois et l'année suffisent.
choose-none = — non précisé —
required = obligatoire
form-send = Envoyer le signalement en sécurité
form-safety-note = Rien n'est envoyé avant que vous appuyiez sur le bouton. Après l'envoi, vous recevrez un numéro de reçu.
form-has-errors = Votre signalement n'a pas encore été envoyé. Veuillez vérifier :
form-fix-marked = Corrigez les champs signalés ci-dessous ; votre texte a été conservé.
form-expired = Ce formulaire est resté ouvert longtemps et a expiré. Votre texte a été conservé ci-dessous : appuyez de nouveau sur le bouton pour l'envoyer.
form-invalid-token = Ce formulaire n'a pas pu être vérifié, rien n'a donc été envoyé. Si vous l'avez rempli vous-même, appuyez de nouveau sur le bouton pour l'envoyer.
form-used = Ce formulaire a déjà été envoyé une fois, rien n'a donc été envoyé cette fois-ci. Si vous n'avez pas reçu de reçu, appuyez de nouveau sur le bouton pour envoyer votre texte, conservé ci-dessous.
form-leave-empty = Laissez ce champ vide : c'est un piège pour les robots qui envoient du spam, pas une question pour vous. N'écrivez rien ici.

field-files = Photos ou documents (facultatif)
field-files-press = Appuyez sur le bouton ci-dessous pour choisir des photos ou des documents sur votre téléphone ou votre ordinateur. Les mots écrits sur ce bouton viennent de votre navigateur et peuvent être dans une autre langue.
upload-limits = Jusqu'à { $count ->
        [one] { $count } fichier
       *[other] { $count } fichiers
    }, { $max } Mo chacun. Pour en choisir plusieurs, maintenez le bouton appuyé ou sélectionnez-les ensemble.
files-metadata = Les photos, vidéos et documents cachent souvent des informations sur leur auteur : la position GPS où une photo ou une vidéo a été prise, le téléphone ou l'appareil photo, l'heure, le nom de l'auteur. Filimbi les supprime des images JPEG, PNG, WebP et GIF, des vidéos MP4, MOV et 3GP (jusqu'à { $max } Mo), des fichiers PDF (images incluses) et des fichiers Word, Excel, PowerPoint et OpenDocument avant de les enregistrer. Les autres fichiers (par exemple les photos HEIC d'iPhone, les archives ZIP, les vidéos plus grandes) sont enregistrés tels que vous les envoyez et peuvent encore contenir ces informations.
upload-choose-again = Les fichiers ne peuvent pas être conservés quand un formulaire est réaffiché : veuillez choisir vos fichiers à nouveau.
form-busy = Le serveur est occupé : beaucoup de signalements arrivent en ce moment. Rien n'a encore été envoyé, et votre texte a été conservé ci-dessous : merci de l'envoyer de nouveau dans une minute.
form-not-stored = Votre signalement n'a pas pu être enregistré pour le moment : rien n'a été conservé. Votre texte se trouve ci-dessous : merci de l'envoyer de nouveau.
upload-too-many = Trop de fichiers : { $max } au plus par signalement.
upload-too-large = Le fichier « { $name } » est trop volumineux : { $max } Mo au plus par fichier. Rien n'a été enregistré.
upload-empty = Le fichier « { $name } » est vide. Rien n'a été enregistré.

state-angola = Angola
state-burundi = Burundi
state-central-african-republic = République centrafricaine
state-republic-of-congo = République du Congo
state-drc = République démocratique du Congo
state-kenya = Kenya
state-uganda = Ouganda
state-rwanda = Rwanda
state-south-sudan = Soudan du Sud
state-sudan = Soudan
state-tanzania = Tanzanie
state-zambia = Zambie
state-other = Un autre pays
state-unknown = Je ne sais pas

mineral-tin = Étain (cassitérite)
mineral-tantalum = Tantale (coltan)
mineral-tungsten = Tungstène (wolframite)
mineral-gold = Or
mineral-cobalt = Cobalt
mineral-copper = Cuivre
mineral-diamonds = Diamants
mineral-bauxite = Bauxite
mineral-manganese = Manganèse
mineral-phosphate = Phosphate
mineral-other = Autre

month-01 = janvier
month-02 = février
month-03 = mars
month-04 = avril
month-05 = mai
month-06 = juin
month-07 = juillet
month-08 = août
month-09 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

problem-required = Ce champ doit être rempli.
problem-too-long = C'est trop long : { $max ->
        [one] { $max } caractère au plus.
       *[other] { $max } caractères au plus.
    }
problem-not-a-choice = Veuillez choisir l'une des options proposées.
problem-bad-year = Veuillez indiquer une année à quatre chiffres, de 1990 à cette année.
problem-bad-characters = Ce texte contient des caractères de contrôle invisibles ; veuillez le ressaisir.
problem-unknown-field = Le formulaire contenait quelque chose d'inattendu. Veuillez utiliser le formulaire de cette page.
problem-duplicate = Ce champ a été envoyé deux fois.

receipt-title = Votre signalement a été reçu
receipt-intro = Votre signalement est chiffré et enregistré. Voici votre numéro de reçu :
receipt-write-down = Notez-le maintenant, sur papier, et gardez-le en lieu sûr. Il n'est affiché qu'une seule fois.
receipt-keep-safe = Toute personne qui détient ce numéro peut lire les messages des enquêteurs qui vous sont destinés. Ne le partagez pas et ne gardez pas de capture d'écran sur un téléphone que d'autres peuvent voir.
receipt-lost = Si vous le perdez, il ne peut pas être retrouvé : nous ne savons pas qui vous êtes.
receipt-back = Retour à l'accueil

error-op-id = Référence pour les opérateurs :
error-back = Retour à l'accueil
error-not-found-title = Page introuvable
error-not-found = Il n'y a pas de page à cette adresse.
error-bad-form-title = Le formulaire n'a pas pu être lu
error-bad-form = Ce qui a été envoyé n'a pas pu être lu comme du texte. Rien n'a été enregistré. Veuillez revenir en arrière et renvoyer le formulaire.
error-bad-query-title = Adresse non comprise
error-bad-query = Cette adresse demande quelque chose que cette page ne connaît pas, peut-être parce que le lien a été modifié à la main. Rien n'a été modifié. Veuillez revenir en arrière et utiliser les liens et les filtres de la page.
error-search-too-long-title = Recherche trop longue
error-search-too-long = Cette recherche est plus longue que tous les noms de la liste, elle ne pourrait donc rien trouver. Rien n'a été modifié. Tapez seulement le nom du site (par exemple fake-example.com) ou le numéro du certificat.
error-too-large-title = Trop de texte
error-too-large = Ce qui a été envoyé dépasse la taille d'un signalement. Rien n'a été enregistré. Veuillez raccourcir et réessayer.
error-truncated-title = Envoi interrompu
error-truncated = La connexion s'est arrêtée avant que tout soit arrivé. Rien n'a été enregistré. Veuillez réessayer.
error-content-type-title = Le formulaire n'a pas pu être lu
error-content-type = Cette adresse n'accepte que le formulaire de signalement de ce site. Rien n'a été enregistré.
error-cross-site-title = Refusé
error-cross-site = Ce formulaire a été envoyé depuis un autre site web, il a donc été refusé. Rien n'a été enregistré ni modifié. Veuillez utiliser le formulaire de ce site.
error-intake-closed-title = Les signalements sont fermés
error-intake-closed = Les signalements sont fermés pour le moment : aucune clé d'enquêteur n'est configurée. Rien n'a été enregistré. Merci de réessayer plus tard.
error-busy-title = Trop occupé pour le moment
error-busy = Beaucoup de signalements avec fichiers sont envoyés en ce moment. Rien n'a été enregistré. Merci de réessayer dans quelques minutes.
error-rate-limited-title = Occupé, merci de réessayer dans une minute
error-rate-limited = Beaucoup de requêtes arrivent en ce moment. Merci de réessayer dans une minute.
error-internal-title = Un problème est survenu
error-internal = Un problème est survenu de notre côté et votre signalement n'a PAS été enregistré. Veuillez réessayer dans quelques minutes.

## Demandes de retrait (proposées depuis la page des alertes)
category-delisting-request = Demande de retrait
category-delisting-request-summary = Vous gérez un site de notre liste d'alertes et pensez que l'inscription est une erreur.
category-delisting-request-intro = Demandez aux enquêteurs de réexaminer une inscription sur la liste publique d'alertes. Expliquez pourquoi elle vous semble erronée ; ils la réexamineront et pourront la retirer.
category-delisting-request-note = Gardez le reçu affiché après l'envoi : c'est le seul moyen de lire les questions des enquêteurs et d'y répondre.
field-listed_address = Site inscrit
field-listed_address-hint = Le domaine tel qu'il figure sur la liste, par exemple www.example.com.
field-relationship = Votre lien avec le site
field-relationship-hint = Par exemple : propriétaire, employé, hébergeur.
field-contact = Comment vous joindre (facultatif)
field-contact-hint = Une adresse e-mail ou un numéro de téléphone, si vous souhaitez que les enquêteurs vous contactent. Vous pouvez aussi revenir avec votre reçu.

## Alertes publiques
nav-warnings = Alertes à la fraude : vérifier un site ou un certificat
warnings-title = Faux sites et faux certificats
warnings-intro = Les enquêteurs du mécanisme de certification des minerais de la CIRGL publient ici les faux sites et les numéros de faux certificats qu'ils ont vérifiés.
not-listed-notice = Ne pas figurer sur cette liste ne prouve pas l'authenticité. De nouveaux faux sites apparaissent sans cesse : vérifiez toujours un certificat auprès de l'autorité qui l'a délivré.
check-title = Vérifier un site ou un certificat
check-label = Site, adresse web, adresse e-mail ou numéro de certificat
check-hint = Par exemple : www.example.com, https://example.com/connexion, nom@example.org ou RW-2024-00123.
check-button = Vérifier
check-see-list = Voir toute la liste d'alertes
check-canonical = Vérifié sous la forme : { $canonical }
check-report-hint = Vous pensez que c'est un faux ?
check-error-empty = Saisissez un site, une adresse e-mail ou un numéro de certificat à vérifier.
check-error-too-long = C'est trop long pour être un site ou un numéro de certificat.
check-error-invalid-domain = Ce n'est pas un site ou une adresse e-mail valide. Saisissez un domaine comme ceec-icglr.org.
check-error-ip-address = Les sites sont inscrits par leur nom, pas par leur adresse IP. Saisissez plutôt le nom du site.
check-error-invalid-certificate = Ce n'est pas un numéro de certificat valide. Utilisez des lettres, des chiffres et - / . (3 à 64 caractères, dont au moins un chiffre).
verdict-listed-domain = Attention : { $target } est inscrit comme faux site.
verdict-listed-domain-advice = N'y saisissez aucune information, n'y déposez aucun document et n'y payez rien. Les certificats qu'il affiche ou délivre ne sont pas authentiques.
verdict-listed-certificate = Attention : le certificat numéro { $target } est inscrit comme faux.
verdict-listed-certificate-advice = N'acceptez pas un certificat portant ce numéro. Contactez l'autorité du pays émetteur.
verdict-withdrawn = { $target } figurait sur la liste, mais son inscription a été retirée le { $day }.
verdict-official = { $target } est un site officiel du mécanisme de certification des minerais de la CIRGL ({ $official }).
verdict-official-advice = C'est le site officiel. Ouvrez-le en tapant vous-même son nom, pas par un lien que quelqu'un vous a envoyé.
verdict-lookalike = Prudence : { $target } n'est pas sur notre liste, mais il ressemble au site officiel { $official }.
verdict-lookalike-advice = Les faux sites de certification imitent souvent le nom officiel. N'utilisez que le site officiel, en tapant son adresse vous-même.
lookalike-confusable = Certaines de ses lettres ressemblent à celles du nom officiel mais sont des caractères différents.
lookalike-same-name = Il reprend le nom officiel avec une autre terminaison ou dans le nom d'un autre site.
lookalike-edit = Son nom ne diffère du nom officiel que de { $n ->
        [one] { $n } caractère.
       *[other] { $n } caractères.
    }
lookalike-token = Son nom contient « { $token } », une partie du nom officiel.
verdict-unknown-domain = { $target } ne figure pas sur notre liste de faux sites.
verdict-unknown-certificate = Le certificat numéro { $target } ne figure pas sur notre liste de faux certificats.
warning-status-active = Inscrit comme faux
warning-status-withdrawn = Retiré
warning-event-listed = Inscrit
warning-event-withdrawn = Retiré
warning-event-relisted = Inscrit de nouveau
warning-first-listed = inscrit le
warning-withdrawn-because = Retiré :
warning-history = Historique
warning-kind-domain = site
warning-kind-certificate = numéro de certificat
warnings-list-title = Alertes publiées, les plus récentes d'abord
warnings-check-title = Est-ce un faux ? Vérifiez un site ou un numéro de certificat
warnings-search = Ou parcourez la liste ci-dessous : tapez une partie d'un nom de site ou d'un numéro de certificat pour n'afficher que les alertes qui la contiennent
warnings-search-button = Chercher dans la liste
warnings-none = Aucune alerte n'a encore été publiée.
warnings-no-match = Rien dans la liste ne correspond à « { $q } ». Cela ne veut pas dire que c'est authentique.
warnings-matches = { $count ->
        [one] Une alerte publiée correspond à « { $q } » :
       *[other] { $count } alertes publiées correspondent à « { $q } » :
    }
warnings-page = Page { $page } sur { $pages }
warnings-newer = Alertes plus récentes
warnings-older = Alertes plus anciennes
warnings-official-title = Références officielles
warnings-official-domains = Le site officiel du mécanisme de certification des minerais de la CIRGL :
warnings-official-issuers = Seuls trois pays délivrent des certificats CIRGL : le Burundi, la République démocratique du Congo et le Rwanda. Un certificat présenté comme venant d'un autre État membre n'est pas authentique.
warnings-official-verify = Pour vérifier un certificat, utilisez le site unifié de certification du mécanisme, { $official }, en tapant l'adresse vous-même, ou interrogez l'autorité du pays qui l'a délivré. Ne vous fiez pas à un site, une adresse e-mail ou un numéro de téléphone imprimé sur le certificat lui-même.
warnings-official-report = Vous avez vu un faux site ou un faux certificat ? Signalez-le anonymement.
warnings-report-link = Faire un signalement
warnings-delisting-title = Inscrit par erreur ?
warnings-delisting-text = Si vous gérez un site de cette liste et pensez que son inscription est une erreur, demandez aux enquêteurs de la réexaminer. Votre demande est chiffrée comme tout signalement.
warnings-delisting-link = Demander un réexamen
warnings-feeds-title = Flux pour listes de blocage, résolveurs DNS et scripts
warnings-feeds-intro = La même liste en JSON, CSV, texte brut, fichier hosts, zone DNS RPZ et Atom, en liste de filtres Adblock, en STIX 2.1 et en flux MISP. Chaque flux a une signature à côté (même nom terminé par .sig) et indique, dans ce qui est signé, le jour à partir duquel il n'est plus valide (valid_until) : une copie qui a atteint ce jour est périmée.
warnings-feeds-key = Clé de signature (OpenSSH) :
warnings-feeds-fingerprint = Empreinte :
warnings-feeds-verify = Pour vérifier un flux avec OpenSSH :
feed-for-scripts = pour les scripts et les tableurs
feed-for-blocklists = pour les listes de blocage et les fichiers hosts
feed-for-dns = pour les résolveurs DNS (BIND, Unbound, Knot Resolver)
feed-for-readers = pour les lecteurs de flux
feed-for-browsers = pour les bloqueurs des navigateurs (uBlock Origin, AdGuard, Brave)
feed-for-stix = pour les outils de renseignement sur les menaces qui lisent STIX 2.1
feed-for-misp = pour MISP : ajoutez le dossier /feeds/misp/ comme flux de type « MISP Feed »

## Suivi : revenir avec le reçu
nav-followup = Suivre un signalement
receipt-come-back = Revenez dans quelques jours pour lire les questions des enquêteurs : choisissez « Suivre un signalement » en haut de n'importe quelle page et tapez ce numéro. C'est le seul moyen d'accès.
followup-title = Suivre un signalement
followup-intro = Tapez le numéro de reçu obtenu lors de l'envoi de votre signalement. Les espaces, tirets et points ne comptent pas.
followup-receipt-label = Numéro de reçu
followup-receipt-hint = 28 chiffres, par exemple
followup-open = Ouvrir mon signalement
followup-only-way = Votre reçu est le seul moyen d'accès. Nous ne savons pas qui vous êtes : nous ne pouvons pas vous le renvoyer.
followup-mistyped = Ce reçu semble mal tapé : un chiffre est probablement faux ou deux chiffres sont inversés. Comparez-le avec votre papier et tapez-le à nouveau.
followup-wrong-shape = Un reçu compte 28 chiffres, en 7 groupes de 4. Vérifiez-le et tapez-le à nouveau.
followup-unknown = Aucun signalement n'a ce reçu. Vérifiez encore les chiffres. S'ils sont justes, le signalement a peut-être été supprimé après sa clôture.
followup-busy = Beaucoup de personnes utilisent cette page en ce moment. Rien n'est perdu : réessayez dans une minute.
followup-not-stored = Votre réponse n'a pas pu être enregistrée pour le moment : rien n'a été conservé. Votre texte se trouve ci-dessous : merci de l'envoyer de nouveau.
followup-expired = Votre visite est terminée (après 15 minutes sans activité, ou parce que vous êtes parti). Tapez à nouveau votre reçu pour continuer. Rien de ce que vous avez envoyé n'est perdu.
followup-form-again = Ce formulaire n'a pas pu être vérifié ou a expiré. Tapez à nouveau votre reçu.
followup-answer-kept = Votre réponse, gardée pour être envoyée quand vous taperez votre reçu (les fichiers doivent être choisis à nouveau)
followup-case-title = Votre signalement
followup-state-received = Reçu : aucun enquêteur ne l'a encore examiné.
followup-state-being-looked-at = En cours d'examen par un enquêteur.
followup-state-closed = Clos : les enquêteurs ont terminé.
followup-received-day = Reçu le { $day }.
followup-acknowledged-day = Un enquêteur l'a examiné pour la première fois le { $day }.
followup-messages = Messages
followup-no-messages = Pas encore de message des enquêteurs. Revenez dans quelques jours.
followup-language-note = Les enquêteurs écrivent en anglais ou en français. Vous pouvez répondre dans la langue de votre choix.
followup-question-from = Les enquêteurs ont écrit le { $day } :
followup-you-wrote = Vous avez écrit aux enquêteurs le { $day }.
followup-own-words = Vos propres mots ne sont pas affichés à nouveau : quelqu'un qui prend votre téléphone ou voit votre écran en apprend ainsi le moins possible.
followup-answer = Répondre aux enquêteurs
followup-answer-label = Votre réponse
followup-send = Envoyer la réponse en sécurité
followup-sent = Votre réponse a été chiffrée et enregistrée. Merci.
followup-invalid-answer = Écrivez une réponse ou choisissez un fichier à envoyer.
followup-session-note = Cette page oublie votre signalement après 15 minutes sans activité.
followup-leave = Partir maintenant
followup-too-long = Votre réponse dépasse 20 000 caractères. Raccourcissez-la ou envoyez-la en deux fois ; votre texte est conservé ci-dessous.

## SMS and USSD
# Ce qu'affiche un téléphone simple : réponses SMS (sms-…) et menu USSD (ussd-…). Limites
# vérifiées par les tests : une réponse SMS tient en deux SMS ; un écran USSD fait au plus
# 182 caractères. Gardez CHECK et STOP tels quels : ce sont les mots que les gens envoient.
sms-receipt =
    Filimbi : votre signalement est enregistré. Votre reçu :
    { $receipt }
    Gardez-le secret. Pour ajouter des informations ou lire nos questions, envoyez un message qui commence par ce reçu.
sms-answer-stored = Filimbi : votre message a été chiffré et ajouté à votre signalement. Merci. Gardez votre reçu secret.
sms-receipt-mistyped = Filimbi : ce reçu semble mal tapé : un chiffre est faux ou deux sont inversés. Rien n'a été enregistré. Vérifiez-le et renvoyez votre message.
sms-receipt-unknown = Filimbi : aucun signalement n'a ce reçu. Rien n'a été enregistré. Vérifiez les 28 chiffres et renvoyez. Un signalement clos a pu être effacé.
sms-busy = Filimbi : trop de personnes envoient des messages en ce moment. Rien n'a été enregistré. Renvoyez votre message dans quelques minutes.
sms-stopped = Filimbi : votre numéro de téléphone a été effacé de votre signalement. Nous ne vous enverrons plus de SMS. Votre reçu ouvre toujours votre signalement sur le web.
sms-stop-needs-receipt = Filimbi : nous ne gardons pas votre numéro sous une forme lisible, donc il ne nous permet pas de retrouver votre signalement. Envoyez votre reçu, un espace, puis STOP.
sms-check-listed = Filimbi : { $term } est sur notre liste d'alerte. Il n'est pas officiel. Ne lui payez rien et ne lui envoyez aucun document.
sms-check-official = Filimbi : { $term } est officiel : il appartient à la certification de la CIRGL.
sms-check-lookalike = Filimbi : { $term } ressemble au site officiel { $official } mais ce n'est pas lui. Ne lui faites pas confiance.
sms-check-not-listed = Filimbi : { $term } n'est pas sur notre liste d'alerte. Cela ne prouve pas qu'il est authentique.
sms-check-unreadable = Filimbi : envoyez CHECK, un espace, puis un site web (comme example.com) ou un numéro de certificat.
sms-empty = Filimbi : pour signaler, envoyez ce que vous avez vu, avec vos mots : quoi, où, quand. N'écrivez pas votre nom. Pour vérifier un site : CHECK example.com
sms-too-long = Filimbi : votre message est trop long. Rien n'a été enregistré. Envoyez un signalement plus court, puis la suite dans des messages qui commencent par votre reçu.
sms-closed = Filimbi : les signalements ne peuvent pas être reçus en ce moment. Rien n'a été enregistré. Réessayez plus tard.
sms-failed = Filimbi : une erreur s'est produite de notre côté. Rien n'a été enregistré. Renvoyez votre message plus tard.
sms-duplicate = Filimbi : ce message nous était déjà parvenu et a été enregistré la première fois. Si aucun reçu ne vous est parvenu, renvoyez votre signalement.
sms-question = Filimbi : une question des enquêteurs. Pour répondre, envoyez votre reçu, un espace, puis votre réponse.
ussd-main =
    Filimbi : signalez sans donner votre nom.
    1 Faire un signalement
    2 Suivre mon signalement
ussd-kind =
    De quoi s'agit-il ?
    1 Faux certificat
    2 Faux site web
    3 Commerce illégal ou contrebande
    4 Autre chose
ussd-issuer-state =
    Quel pays est sur le certificat ? Seuls le Burundi, la RDC et le Rwanda en délivrent.
    1 Burundi
    2 RD Congo
    3 Rwanda
    4 Un autre pays
    5 Je ne sais pas
ussd-certificate-number = Tapez le numéro du certificat, ou 0 si vous ne l'avez pas.
ussd-mineral =
    Quel minerai ?
    1 Étain (cassitérite)
    2 Coltan (tantale)
    3 Tungstène (wolframite)
    4 Or
    5 Autre ou pas sûr
ussd-web-address = Tapez l'adresse du site, par exemple example.com
ussd-describe-fake-certificate = Qu'est-ce qui ne va pas dans le certificat ? Qui l'a montré, et où ? N'écrivez pas votre nom.
ussd-describe-fake-website = Que prétend ou que demande le site ? Comment l'avez-vous trouvé ? N'écrivez pas votre nom.
ussd-describe-illegal-trade = Qu'avez-vous vu ? Où, et quel mois ? Qui est impliqué ? N'écrivez pas votre nom.
ussd-describe-other = Que s'est-il passé ? Où, et quel mois ? N'écrivez pas votre nom.
ussd-confirm =
    Envoyer votre signalement ? Il est chiffré et ne porte pas votre nom.
    1 Envoyer
    2 Annuler
ussd-confirm-sms = 3 Envoyer, et m'envoyer par SMS les questions des enquêteurs
ussd-cancelled = Annulé. Rien n'a été enregistré.
ussd-type-receipt = Tapez votre reçu : les 28 chiffres que vous avez reçus.
ussd-receipt-mistyped = Ce reçu semble mal tapé : un chiffre est faux ou deux sont inversés. Tapez-le à nouveau.
ussd-receipt-wrong-shape = Un reçu a 28 chiffres. Tapez-le à nouveau.
ussd-receipt-unknown = Aucun signalement n'a ce reçu. Vérifiez les chiffres et réessayez. Un signalement clos a pu être effacé.
ussd-busy = Trop de personnes essaient en ce moment. Rien n'est perdu. Réessayez dans quelques minutes.
ussd-question = Question des enquêteurs ({ $page }/{ $pages }) :
ussd-question-menu =
    1 Répondre
    2 Page suivante
ussd-question-menu-one = 1 Répondre
ussd-no-question-yet =
    Pas encore de question des enquêteurs. Revenez dans quelques jours.
    1 Ajouter des informations
ussd-type-answer = Tapez votre réponse. N'écrivez pas votre nom.
ussd-answer-stored = Votre réponse a été chiffrée et enregistrée. Merci. Gardez votre reçu secret.
ussd-stored =
    Signalement enregistré. Votre reçu :
    { $receipt }
    Notez-le et gardez-le secret : c'est le seul moyen de lire nos questions.
ussd-closed = Les signalements ne peuvent pas être reçus en ce moment. Rien n'a été enregistré. Réessayez plus tard.
ussd-failed = Une erreur s'est produite de notre côté. Rien n'a été enregistré. Réessayez plus tard.
ussd-already-stored = Ceci avait déjà été enregistré la première fois. Merci.
ussd-invalid = Choix inconnu, réessayez.
ussd-too-long = Trop long : rien n'a été enregistré. Raccourcissez, s'il vous plaît.
ussd-bad-text = Votre texte contient des caractères qui ne peuvent pas être enregistrés. Rien n'a été enregistré.
