# Filimbi — catálogo pt. Todos os textos mostrados ao utilizador estão aqui e nos ficheiros irmãos.
# Mantenha os mesmos identificadores de mensagens em todas as línguas; um teste falha se faltar algum.

site-name = Filimbi
site-tagline = Denúncia confidencial para o sistema de certificação de minerais da CIRGL
lang-label = Idioma
skip-to-content = Ir para o conteúdo principal
nav-home = Início
footer-note = O Filimbi não guarda endereços IP, nem dados do navegador, nem a hora do dia. As denúncias são encriptadas antes de serem guardadas.

index-title = Denuncie fraudes no comércio de minerais, em segurança
index-intro = O Filimbi permite-lhe informar os investigadores do Mecanismo Regional de Certificação da CIRGL sobre certificados de minerais falsificados, sites que fingem ser a autoridade de certificação e o comércio ilegal de minerais. Não precisa de dar o seu nome.
index-who = Só os investigadores do sistema podem ler o que envia. Tudo é encriptado à chegada com as chaves deles; as pessoas que gerem este servidor não o podem ler.
index-choose = O que quer denunciar?
index-safety-title = Manter-se em segurança
safety-tor = Se puder, use o Tor Browser. Ele esconde o lugar de onde se liga à internet.
safety-device = Use um telemóvel ou computador em que confia, que mais ninguém verifica.
safety-work = Não faça a denúncia a partir de um computador do trabalho nem de uma rede do trabalho: os empregadores podem ver o que se faz neles.
safety-js = Este site funciona com o JavaScript desligado, em ecrãs pequenos e com ligações lentas.
index-phone-title = Não tem smartphone? Qualquer telemóvel serve
index-sms = Envie uma mensagem (SMS) para { $number }. A resposta dá-lhe um recibo: comece uma mensagem seguinte com ele para acrescentar informação ou responder aos investigadores.
index-ussd = Ou marque { $code } e siga o menu.
index-sms-check = Para verificar um site ou um número de certificado por SMS, envie VERIFICAR seguido do site ou do número.
index-phone-exposure = Uma mensagem SMS ou uma sessão USSD não é anónima: a operadora vê o seu número e o que envia, e na região os cartões SIM estão registados em nome de uma pessoa. Este site, usado com o Tor Browser, revela muito menos.
intake-closed = A receção de denúncias está fechada de momento: nenhuma chave de investigador está configurada neste servidor. Nada do que escrever pode ser recebido. Tente novamente mais tarde, por favor.

category-fake-certificate = Certificado falso
category-fake-certificate-summary = Um certificado de minerais que parece falsificado, alterado ou emitido pelo país errado.
category-fake-certificate-intro = Fale-nos de um certificado da CIRGL que acha que é falso. Preencha o que sabe; só a descrição é obrigatória.
category-fake-certificate-note = Só o Burundi, a República Democrática do Congo e o Ruanda emitem certificados da CIRGL. Um certificado que diz vir de qualquer outro país não é verdadeiro.
category-fake-website = Site falso
category-fake-website-summary = Um site ou e-mail que finge ser a autoridade de certificação.
category-fake-website-intro = Fale-nos de um site que diz emitir ou verificar certificados da CIRGL, mas que não é o site oficial.
category-illegal-trade = Comércio ilegal
category-illegal-trade-summary = Mineração ilegal, contrabando, grupos armados em locais de mineração, abusos contra pessoas.
category-illegal-trade-intro = Fale-nos de mineração ilegal, contrabando através das fronteiras, envolvimento de grupos armados ou violações dos direitos humanos em locais de mineração.
category-other = Outra coisa
category-other-summary = Qualquer outra irregularidade na certificação de minerais.
category-other-intro = Fale-nos de qualquer outra irregularidade ligada à certificação ou ao comércio de minerais.

field-certificate_number = Número do certificado
field-certificate_number-hint = Tal como está escrito no certificado.
field-issuer_state = País indicado como emissor
field-exporter = Exportador ou empresa indicada
field-mineral = Mineral
field-seen_where = Onde o viu
field-seen_where-hint = Por exemplo: enviado por um comprador, mostrado num posto de fronteira.
field-description = O que aconteceu
field-description-hint = Descreva o que viu. Não escreva o seu nome nem detalhes que só você saberia, a não ser que queira.
field-web_address = Endereço web ou domínio
field-web_address-hint = Por exemplo: www.example.com. É mais seguro não voltar a abrir o site.
field-found_how = Como o encontrou
field-found_how-hint = Por exemplo: motor de pesquisa, e-mail, mensagem.
field-asked_for = O que pedia
field-asked_for-hint = Por exemplo: um pagamento, documentos, palavras-passe.
field-place = Lugar ou local de mineração
field-involved = Pessoas ou empresas envolvidas
field-route = Percurso ou ponto de passagem da fronteira
field-when_month = Quando: mês
field-when_year = Quando: ano
field-when_year-hint = Quatro algarismos, por exemplo 2025. O mês e o ano chegam.
choose-none = — não indicado —
required = obrigatório
form-send = Enviar denúncia em segurança
form-safety-note = Nada é enviado antes de carregar no botão. Depois de enviar, receberá o número do recibo.
form-has-errors = A sua denúncia ainda não foi enviada. Verifique, por favor:
form-fix-marked = Corrija os campos assinalados abaixo; o que escreveu foi guardado.
form-expired = Este formulário esteve aberto muito tempo e expirou. O seu texto foi guardado abaixo: carregue novamente no botão para o enviar.
form-invalid-token = Não foi possível verificar este formulário, por isso nada foi enviado. Se foi você que o preencheu, carregue novamente no botão para o enviar.
form-used = Este formulário já foi enviado uma vez, por isso desta vez nada foi enviado. Se não recebeu um recibo, carregue novamente no botão para enviar o seu texto, guardado abaixo.
form-leave-empty = Deixe este campo vazio: é uma armadilha para o spam automático, não uma pergunta para si. Não escreva nada aqui.

field-files = Fotos ou documentos (opcional)
field-files-press = Carregue no botão abaixo para escolher fotos ou documentos no seu telemóvel ou computador. As palavras escritas nesse botão vêm do seu navegador e podem estar noutra língua.
upload-limits = Até { $count ->
        [one] { $count } ficheiro
       *[other] { $count } ficheiros
    }, { $max } MB cada um. Para escolher vários, mantenha o botão premido ou selecione-os em conjunto.
files-metadata = As fotos, os vídeos e os documentos escondem muitas vezes informações sobre quem os fez: a posição GPS onde uma foto ou um vídeo foi feito, o telemóvel ou a câmara, a hora, o nome do autor. O Filimbi remove essas informações das imagens JPEG, PNG, WebP e GIF, dos vídeos MP4, MOV e 3GP (até { $max } MB), dos ficheiros PDF (incluindo as imagens que estão dentro deles) e dos ficheiros Word, Excel, PowerPoint e OpenDocument antes de os guardar. Os outros ficheiros (por exemplo fotos HEIC de iPhone, arquivos ZIP, vídeos maiores) são guardados exatamente como os envia e podem ainda conter essas informações.
upload-choose-again = Os ficheiros não podem ser guardados quando um formulário é mostrado de novo: escolha novamente os seus ficheiros, por favor.
form-busy = O servidor está ocupado: estão a chegar muitas denúncias neste momento. Ainda nada foi enviado e o seu texto foi guardado abaixo: envie-o novamente daqui a um minuto, por favor.
form-not-stored = Não foi possível guardar a sua denúncia neste momento, por isso nada foi conservado. O seu texto está abaixo: envie-o novamente, por favor.
upload-too-many = Demasiados ficheiros: no máximo { $max } por denúncia.
upload-too-large = O ficheiro «{ $name }» é demasiado grande: no máximo { $max } MB por ficheiro. Nada foi guardado.
upload-empty = O ficheiro «{ $name }» está vazio. Nada foi guardado.

state-angola = Angola
state-burundi = Burundi
state-central-african-republic = República Centro-Africana
state-republic-of-congo = República do Congo
state-drc = República Democrática do Congo
state-kenya = Quénia
state-uganda = Uganda
state-rwanda = Ruanda
state-south-sudan = Sudão do Sul
state-sudan = Sudão
state-tanzania = Tanzânia
state-zambia = Zâmbia
state-other = Outro país
state-unknown = Não sei

mineral-tin = Estanho (cassiterite)
mineral-tantalum = Tântalo (coltan)
mineral-tungsten = Tungsténio (volframite)
mineral-gold = Ouro
mineral-cobalt = Cobalto
mineral-copper = Cobre
mineral-diamonds = Diamantes
mineral-bauxite = Bauxite
mineral-manganese = Manganês
mineral-phosphate = Fosfato
mineral-other = Outro

month-01 = janeiro
month-02 = fevereiro
month-03 = março
month-04 = abril
month-05 = maio
month-06 = junho
month-07 = julho
month-08 = agosto
month-09 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro

problem-required = Este campo tem de ser preenchido.
problem-too-long = Isto é demasiado longo: no máximo { $max ->
        [one] { $max } carácter.
       *[other] { $max } caracteres.
    }
problem-not-a-choice = Escolha uma das opções apresentadas, por favor.
problem-bad-year = Indique um ano com quatro algarismos, de 1990 até este ano, por favor.
problem-bad-characters = Isto contém caracteres de controlo invisíveis; escreva-o de novo, por favor.
problem-unknown-field = O formulário continha algo inesperado. Use o formulário desta página, por favor.
problem-duplicate = Este campo foi enviado duas vezes.

receipt-title = A sua denúncia foi recebida
receipt-intro = A sua denúncia está encriptada e guardada. Este é o seu número do recibo:
receipt-write-down = Escreva-o agora, em papel, e guarde-o num lugar seguro. Só é mostrado esta única vez.
receipt-keep-safe = Qualquer pessoa que tenha este número pode ler as mensagens que os investigadores lhe enviam. Não o partilhe e não guarde uma captura de ecrã num telemóvel que outras pessoas possam ver.
receipt-lost = Se o perder, não pode ser recuperado: nós não sabemos quem é.
receipt-back = Voltar à página inicial

error-op-id = Referência para os operadores:
error-back = Voltar à página inicial
error-not-found-title = Página não encontrada
error-not-found = Não existe nenhuma página neste endereço.
error-bad-form-title = Não foi possível ler o formulário
error-bad-form = Não foi possível ler como texto o que foi enviado. Nada foi guardado. Volte atrás e envie o formulário novamente, por favor.
error-bad-query-title = Endereço não compreendido
error-bad-query = Este endereço pede algo que esta página não conhece, talvez porque o link foi alterado à mão. Nada foi alterado. Volte atrás e use os links e os filtros da página, por favor.
error-search-too-long-title = Pesquisa demasiado longa
error-search-too-long = Esta pesquisa é mais longa do que qualquer nome da lista, por isso não poderia encontrar nada. Nada foi alterado. Escreva apenas o nome do site (por exemplo fake-example.com) ou o número do certificado, por favor.
error-too-large-title = Demasiado texto
error-too-large = O que foi enviado é maior do que uma denúncia pode ser. Nada foi guardado. Encurte-o e tente novamente, por favor.
error-truncated-title = O envio foi interrompido
error-truncated = A ligação parou antes de chegar tudo. Nada foi guardado. Tente novamente, por favor.
error-content-type-title = Não foi possível ler o formulário
error-content-type = Este endereço só aceita o formulário de denúncia deste site. Nada foi guardado.
error-cross-site-title = Recusado
error-cross-site = Este formulário foi enviado a partir de outro site, por isso foi recusado. Nada foi guardado nem alterado. Use o formulário deste site, por favor.
error-intake-closed-title = A receção de denúncias está fechada
error-intake-closed = A receção de denúncias está fechada de momento: nenhuma chave de investigador está configurada. Nada foi guardado. Tente novamente mais tarde, por favor.
error-busy-title = Demasiado ocupado neste momento
error-busy = Estão a ser enviadas muitas denúncias com ficheiros neste momento. Nada foi guardado. Tente novamente daqui a alguns minutos, por favor.
error-rate-limited-title = Ocupado, tente novamente daqui a um minuto
error-rate-limited = Estão a chegar muitos pedidos neste momento. Tente novamente daqui a um minuto, por favor.
error-internal-title = Algo correu mal
error-internal = Algo correu mal do nosso lado e a sua denúncia NÃO foi guardada. Tente novamente daqui a alguns minutos, por favor.

## Pedidos de retirada da lista (um tipo de denúncia oferecido a partir da página de alertas)
category-delisting-request = Pedido de retirada da lista
category-delisting-request-summary = É responsável por um site que está na nossa lista de alertas e acha que essa inclusão está errada.
category-delisting-request-intro = Peça aos investigadores que revejam uma inclusão na lista pública de alertas. Explique porque acha que está errada; eles vão analisá-la de novo e podem retirá-la.
category-delisting-request-note = Guarde o recibo que recebe depois de enviar: é a única forma de ler as perguntas dos investigadores e de lhes responder.
field-listed_address = Site na lista
field-listed_address-hint = O domínio tal como aparece na lista de alertas, por exemplo www.example.com.
field-relationship = A sua relação com o site
field-relationship-hint = Por exemplo: proprietário, funcionário, empresa de alojamento do site.
field-contact = Como o contactar (opcional)
field-contact-hint = Um endereço de e-mail ou um número de telefone, se quiser que os investigadores o contactem. Também pode voltar com o seu recibo.

## Alertas públicos
nav-warnings = Alertas de fraude: verificar um site ou certificado
warnings-title = Sites falsos e certificados falsificados
warnings-intro = Os investigadores do sistema de certificação de minerais da CIRGL publicam aqui os sites falsos e os números de certificados falsificados que verificaram.
not-listed-notice = Não estar nesta lista não quer dizer que é verdadeiro. Estão sempre a aparecer novos sites falsos: verifique sempre um certificado junto da autoridade que o emitiu.
check-title = Verificar um site ou certificado
check-label = Site, endereço web, endereço de e-mail ou número de certificado
check-hint = Por exemplo: www.example.com, https://example.com/login, name@example.org ou RW-2024-00123.
check-button = Verificar
check-see-list = Ver toda a lista de alertas
check-canonical = Verificado como: { $canonical }
check-report-hint = Acha que é falso?
check-error-empty = Escreva um site, um endereço de e-mail ou um número de certificado para verificar.
check-error-too-long = Isto é demasiado longo para ser um site ou um número de certificado.
check-error-invalid-domain = Isto não é um site nem um endereço de e-mail válido. Escreva um domínio como ceec-icglr.org.
check-error-ip-address = Os sites estão na lista pelo nome, não pelo endereço IP. Escreva antes o nome do site.
check-error-invalid-certificate = Isto não é um número de certificado válido. Use letras, algarismos e - / . (3 a 64 caracteres, com pelo menos um algarismo).
verdict-listed-domain = Atenção: { $target } está na lista como site falso.
verdict-listed-domain-advice = Não escreva informações, não envie documentos e não pague nada neste site. Os certificados que ele mostra ou emite não são verdadeiros.
verdict-listed-certificate = Atenção: o certificado número { $target } está na lista como falsificado.
verdict-listed-certificate-advice = Não aceite um certificado com este número. Contacte a autoridade do país emissor.
verdict-withdrawn = { $target } esteve na lista, mas foi retirado da lista em { $day }.
verdict-official = { $target } é um site oficial do sistema de certificação de minerais da CIRGL ({ $official }).
verdict-official-advice = Este é o site oficial. Abra-o escrevendo o nome você mesmo, não através de uma ligação que alguém lhe enviou.
verdict-lookalike = Cuidado: { $target } não está na nossa lista, mas parece-se com o site oficial { $official }.
verdict-lookalike-advice = Os sites de certificação falsos imitam muitas vezes o nome oficial. Use só o site oficial, escrevendo você mesmo o endereço.
lookalike-confusable = Algumas das suas letras parecem as do nome oficial, mas são caracteres diferentes.
lookalike-same-name = Usa o nome oficial com outra terminação ou dentro do nome de outro site.
lookalike-edit = O nome dele difere do nome oficial em apenas { $n ->
        [one] { $n } carácter.
       *[other] { $n } caracteres.
    }
lookalike-token = O nome dele contém «{ $token }», que é uma parte do nome oficial.
verdict-unknown-domain = { $target } não está na nossa lista de sites falsos.
verdict-unknown-certificate = O certificado número { $target } não está na nossa lista de certificados falsificados.
warning-status-active = Na lista como falso
warning-status-withdrawn = Retirado
warning-event-listed = Incluído na lista
warning-event-withdrawn = Retirado
warning-event-relisted = Incluído de novo na lista
warning-first-listed = incluído pela primeira vez em
warning-withdrawn-because = Retirado:
warning-history = Histórico
warning-kind-domain = site
warning-kind-certificate = número de certificado
warnings-list-title = Alertas publicados, os mais recentes primeiro
warnings-check-title = É falso? Verifique um site ou um número de certificado
warnings-search = Ou percorra a lista abaixo: escreva uma parte do nome de um site ou de um número de certificado para mostrar só os alertas que a contêm
warnings-search-button = Procurar na lista
warnings-none = Ainda não foi publicado nenhum alerta.
warnings-no-match = Nada na lista corresponde a «{ $q }». Isto não quer dizer que seja verdadeiro.
warnings-matches = { $count ->
        [one] Um alerta publicado corresponde a «{ $q }»:
       *[other] { $count } alertas publicados correspondem a «{ $q }»:
    }
warnings-page = Página { $page } de { $pages }
warnings-newer = Alertas mais recentes
warnings-older = Alertas mais antigos
warnings-official-title = Referências oficiais
warnings-official-domains = O site oficial do sistema de certificação de minerais da CIRGL:
warnings-official-issuers = Só três países emitem certificados da CIRGL: o Burundi, a República Democrática do Congo e o Ruanda. Um certificado que diz vir de qualquer outro Estado-membro não é verdadeiro.
warnings-official-verify = Para verificar um certificado, use o site unificado de certificação do sistema, { $official }, escrevendo você mesmo o endereço, ou pergunte à autoridade do país que o emitiu. Não confie num site, endereço de e-mail ou número de telefone impresso no próprio certificado.
warnings-official-report = Viu um site falso ou um certificado falsificado? Denuncie-o de forma anónima.
warnings-report-link = Fazer uma denúncia
warnings-delisting-title = Incluído na lista por engano?
warnings-delisting-text = Se é responsável por um site desta lista e acha que essa inclusão está errada, peça aos investigadores que a revejam. O seu pedido é encriptado como qualquer denúncia.
warnings-delisting-link = Pedir uma revisão
warnings-feeds-title = Feeds para listas de bloqueio, resolvedores DNS e scripts
warnings-feeds-intro = A mesma lista em JSON, CSV, texto simples, ficheiro hosts, zona DNS RPZ (Response Policy Zone) e Atom, como lista de filtros Adblock, em STIX 2.1 e como feed MISP. Cada feed tem uma assinatura ao lado (com o mesmo nome, terminado em .sig) e indica, dentro do que é assinado, o dia a partir do qual deixa de ser válido (valid_until): uma cópia que chegou a esse dia está desatualizada.
warnings-feeds-key = Chave de assinatura (OpenSSH):
warnings-feeds-fingerprint = Impressão digital:
warnings-feeds-verify = Para verificar um feed com o OpenSSH:
feed-for-scripts = para scripts e folhas de cálculo
feed-for-blocklists = para listas de bloqueio e ficheiros hosts
feed-for-dns = para resolvedores DNS (BIND, Unbound, Knot Resolver)
feed-for-readers = para leitores de feeds
feed-for-browsers = para bloqueadores dos navegadores (uBlock Origin, AdGuard, Brave)
feed-for-stix = para ferramentas de informação sobre ameaças que leem STIX 2.1
feed-for-misp = para o MISP: adicione a pasta /feeds/misp/ como feed do tipo «MISP Feed»

## Acompanhamento: voltar com o recibo
nav-followup = Acompanhar uma denúncia
receipt-come-back = Volte daqui a alguns dias para ler as perguntas dos investigadores: escolha «Acompanhar uma denúncia» no topo de qualquer página e escreva este número. É a única forma de entrar.
followup-title = Acompanhar uma denúncia
followup-intro = Escreva o número do recibo que recebeu quando enviou a sua denúncia. Os espaços, traços e pontos não importam.
followup-receipt-label = Número do recibo
followup-receipt-hint = 28 algarismos, por exemplo
followup-open = Abrir a minha denúncia
followup-only-way = O seu recibo é a única forma de entrar. Não sabemos quem é, por isso não lho podemos enviar de novo.
followup-mistyped = Este recibo parece mal escrito: provavelmente um algarismo está errado ou dois algarismos estão trocados. Compare-o com o seu papel e escreva-o de novo.
followup-wrong-shape = Um recibo tem 28 algarismos, mostrados em 7 grupos de 4. Verifique-o e escreva-o de novo.
followup-unknown = Nenhuma denúncia tem este recibo. Verifique os algarismos de novo. Se estiverem certos, a denúncia pode ter sido apagada depois de ter sido encerrada.
followup-busy = Muitas pessoas estão a usar esta página neste momento. Nada se perdeu: tente novamente daqui a um minuto, por favor.
followup-not-stored = Não foi possível guardar a sua resposta neste momento, por isso nada foi conservado. O seu texto está abaixo: envie-o novamente, por favor.
followup-expired = A sua visita terminou (depois de 15 minutos sem uso, ou quando saiu). Escreva o seu recibo de novo para continuar. Nada do que enviou se perdeu.
followup-form-again = Não foi possível verificar este formulário ou ele expirou. Escreva o seu recibo de novo, por favor.
followup-answer-kept = A sua resposta, guardada para ser enviada quando escrever o seu recibo (os ficheiros têm de ser escolhidos de novo)
followup-case-title = A sua denúncia
followup-state-received = Recebida: ainda nenhum investigador a viu.
followup-state-being-looked-at = A ser analisada por um investigador.
followup-state-closed = Encerrada: os investigadores já terminaram de a tratar.
followup-received-day = Recebida em { $day }.
followup-acknowledged-day = Um investigador viu-a pela primeira vez em { $day }.
followup-messages = Mensagens
followup-no-messages = Ainda não há mensagens dos investigadores. Volte daqui a alguns dias.
followup-language-note = Os investigadores escrevem em inglês ou em francês. Pode responder na língua que preferir.
followup-question-from = Os investigadores escreveram em { $day }:
followup-you-wrote = Escreveu aos investigadores em { $day }.
followup-own-words = As suas próprias palavras não são mostradas de novo, para que alguém que pegue no seu telemóvel ou veja o seu ecrã fique a saber o mínimo possível.
followup-answer = Responder aos investigadores
followup-answer-label = A sua resposta
followup-send = Enviar resposta em segurança
followup-sent = A sua resposta foi encriptada e guardada. Obrigado.
followup-invalid-answer = Escreva uma resposta ou escolha um ficheiro para enviar.
followup-session-note = Esta página esquece a sua denúncia depois de 15 minutos sem uso.
followup-leave = Sair agora
followup-too-long = A sua resposta tem mais de 20 000 caracteres. Encurte-a ou envie-a em duas partes, por favor; o que escreveu está guardado abaixo.

## SMS and USSD
# O que mostra um telemóvel simples: respostas por SMS (sms-…) e o menu USSD (ussd-…). Limites
# verificados pelos testes: uma resposta SMS cabe em dois SMS; um ecrã USSD tem no máximo 182
# caracteres. Nos SMS, os acentos que o alfabeto GSM não tem (ã, ç, ê…) são tirados pelo programa.
# Mantenha CHECK e STOP como estão: são as palavras que as pessoas enviam.
sms-receipt =
    Filimbi: a sua denúncia foi guardada. O seu recibo:
    { $receipt }
    Guarde-o em segredo. Para acrescentar algo ou ler as nossas perguntas, envie uma mensagem que comece por este recibo.
sms-answer-stored = Filimbi: a sua mensagem foi encriptada e juntada à sua denúncia. Obrigado. Guarde o seu recibo em segredo.
sms-receipt-mistyped = Filimbi: este recibo parece mal escrito: um algarismo está errado ou dois estão trocados. Nada foi guardado. Verifique-o e envie a sua mensagem de novo.
sms-receipt-unknown = Filimbi: nenhuma denúncia tem este recibo. Nada foi guardado. Verifique os 28 algarismos e envie de novo. Uma denúncia encerrada pode ter sido apagada.
sms-busy = Filimbi: há demasiadas pessoas a enviar mensagens neste momento. Nada foi guardado. Envie a sua mensagem de novo daqui a alguns minutos.
sms-stopped = Filimbi: o seu número de telefone foi apagado da sua denúncia. Não lhe enviaremos mais SMS. O seu recibo continua a abrir a sua denúncia no site.
sms-stop-needs-receipt = Filimbi: não guardamos o seu número numa forma que possamos ler, por isso não conseguimos encontrar a sua denúncia por ele. Envie o seu recibo, um espaço e depois STOP.
sms-check-listed = Filimbi: { $term } está na nossa lista de alertas. Não é oficial. Não lhe pague nada nem lhe envie documentos.
sms-check-official = Filimbi: { $term } é oficial: pertence à certificação da CIRGL.
sms-check-lookalike = Filimbi: { $term } parece o site oficial { $official }, mas não é. Não confie nele.
sms-check-not-listed = Filimbi: { $term } não está na nossa lista de alertas. Isso não prova que seja verdadeiro.
sms-check-unreadable = Filimbi: envie CHECK, um espaço e depois um site (como example.com) ou um número de certificado.
sms-empty = Filimbi: para denunciar, envie o que viu, com as suas palavras: o quê, onde, quando. Não escreva o seu nome. Para verificar um site: CHECK example.com
sms-too-long = Filimbi: a sua mensagem é demasiado longa. Nada foi guardado. Envie uma denúncia mais curta e depois o resto em mensagens que comecem pelo seu recibo.
sms-closed = Filimbi: neste momento não é possível receber denúncias. Nada foi guardado. Tente mais tarde, por favor.
sms-failed = Filimbi: houve um erro do nosso lado. Nada foi guardado. Envie a sua mensagem de novo mais tarde.
sms-duplicate = Filimbi: esta mensagem ja nos tinha chegado e foi guardada da primeira vez. Se nao recebeu um recibo nessa altura, envie a sua denuncia de novo.
sms-question = Filimbi: uma pergunta dos investigadores. Para responder, envie o seu recibo, um espaço e depois a sua resposta.
ussd-main =
    Filimbi: denuncie sem dar o seu nome.
    1 Fazer uma denúncia
    2 Acompanhar a minha denúncia
ussd-kind =
    Sobre o que é?
    1 Certificado falso
    2 Site falso
    3 Comércio ilegal ou contrabando
    4 Outra coisa
ussd-issuer-state =
    Que país está no certificado? Só o Burundi, a RDC e o Ruanda os emitem.
    1 Burundi
    2 RD Congo
    3 Ruanda
    4 Outro país
    5 Não sei
ussd-certificate-number = Escreva o número do certificado, ou 0 se não o tiver.
ussd-mineral =
    Que mineral?
    1 Estanho (cassiterite)
    2 Coltan (tântalo)
    3 Tungsténio (volframite)
    4 Ouro
    5 Outro ou não sei
ussd-web-address = Escreva o endereço do site, por exemplo example.com
ussd-describe-fake-certificate = O que está errado no certificado? Quem o mostrou, e onde? Não escreva o seu nome.
ussd-describe-fake-website = O que diz ou pede o site? Como o encontrou? Não escreva o seu nome.
ussd-describe-illegal-trade = O que viu? Onde, e em que mês? Quem está envolvido? Não escreva o seu nome.
ussd-describe-other = O que aconteceu? Onde, e em que mês? Não escreva o seu nome.
ussd-confirm =
    Enviar a sua denúncia? Está encriptada e não tem o seu nome.
    1 Enviar
    2 Cancelar
ussd-confirm-sms = 3 Enviar, e mandar-me por SMS as perguntas dos investigadores
ussd-cancelled = Cancelado. Nada foi guardado.
ussd-type-receipt = Escreva o seu recibo: os 28 algarismos que recebeu.
ussd-receipt-mistyped = Este recibo parece mal escrito: um algarismo está errado ou dois estão trocados. Escreva-o de novo.
ussd-receipt-wrong-shape = Um recibo tem 28 algarismos. Escreva-o de novo.
ussd-receipt-unknown = Nenhuma denúncia tem este recibo. Verifique os algarismos e tente de novo. Uma denúncia encerrada pode ter sido apagada.
ussd-busy = Há demasiadas pessoas a tentar neste momento. Nada se perdeu. Tente de novo daqui a alguns minutos.
ussd-question = Pergunta dos investigadores ({ $page }/{ $pages }):
ussd-question-menu =
    1 Responder
    2 Página seguinte
ussd-question-menu-one = 1 Responder
ussd-no-question-yet =
    Ainda não há perguntas dos investigadores. Volte daqui a alguns dias.
    1 Acrescentar informações
ussd-type-answer = Escreva a sua resposta. Não escreva o seu nome.
ussd-answer-stored = A sua resposta foi encriptada e guardada. Obrigado. Guarde o seu recibo em segredo.
ussd-stored =
    Denúncia guardada. O seu recibo:
    { $receipt }
    Anote-o e guarde-o em segredo: é a única forma de ler as nossas perguntas.
ussd-closed = Neste momento não é possível receber denúncias. Nada foi guardado. Tente mais tarde, por favor.
ussd-failed = Houve um erro do nosso lado. Nada foi guardado. Tente mais tarde, por favor.
ussd-already-stored = Isto ja tinha sido guardado da primeira vez. Obrigado.
ussd-invalid = Essa opção não existe. Tente de novo.
ussd-too-long = Demasiado longo: nada foi guardado. Encurte, por favor.
ussd-bad-text = O seu texto tem caracteres que não podem ser guardados. Nada foi guardado.
