-- PostgreSQL twin of migrations/sqlite/0005_conversation.sql (comments there).
CREATE TABLE case_messages (
    case_id    TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq        BIGINT  NOT NULL,   -- 1, 2, 3, … within the case: the conversation's order
    sender     TEXT    NOT NULL,   -- 'investigator' | 'whistleblower'
    day        TEXT    NOT NULL,   -- YYYY-MM-DD, UTC
    author_id  TEXT    REFERENCES accounts (id) ON DELETE SET NULL,
    ciphertext BYTEA   NOT NULL,
    mac        TEXT    NOT NULL,   -- object MAC (kind 'message', name = seq)
    PRIMARY KEY (case_id, seq)
);

-- A whistle-blower answer nobody has read yet (the queue marks the case).
ALTER TABLE cases ADD COLUMN unread_answers BIGINT NOT NULL DEFAULT 0;

-- Files sent with an answer are blobs of the case like report attachments, named
-- 'answer-<random>' (so concurrent answers never collide), and linked to their message here.
ALTER TABLE blobs ADD COLUMN message_seq BIGINT;

-- Replies for the common questions, editable by admins, in both staff languages.
CREATE TABLE message_templates (
    id       TEXT    NOT NULL PRIMARY KEY,  -- random 128-bit hex (seeds: fixed)
    position BIGINT  NOT NULL,
    title_en TEXT    NOT NULL,
    title_fr TEXT    NOT NULL,
    body_en  TEXT    NOT NULL,
    body_fr  TEXT    NOT NULL
);

INSERT INTO message_templates (id, position, title_en, title_fr, body_en, body_fr) VALUES
('00000000000000000000000000000001', 1,
 'Thank you, we are looking at it', 'Merci, nous l''examinons',
 'Thank you for your report. An investigator is looking at it. Come back with your receipt in a few days: we may have a question for you.',
 'Merci pour votre signalement. Un enquêteur l''examine. Revenez avec votre reçu dans quelques jours : nous aurons peut-être une question pour vous.'),
('00000000000000000000000000000002', 2,
 'Photo of the certificate', 'Photo du certificat',
 'Can you send a photo of the certificate? Take it in daylight so that the number, the stamp and the signature can be read. Answer here with the photo attached.',
 'Pouvez-vous envoyer une photo du certificat ? Prenez-la à la lumière du jour pour que le numéro, le cachet et la signature soient lisibles. Répondez ici en joignant la photo.'),
('00000000000000000000000000000003', 3,
 'Where and when', 'Où et quand',
 'Where and when did this happen? Give the place (town, mine site or border post) and the month, as far as you know them.',
 'Où et quand cela s''est-il passé ? Indiquez le lieu (ville, site minier ou poste frontière) et le mois, autant que vous les connaissez.'),
('00000000000000000000000000000004', 4,
 'Link to the website', 'Lien vers le site',
 'Can you send the exact address of the website, or the e-mail that pointed you to it? Copy it as text; do not open the site again.',
 'Pouvez-vous envoyer l''adresse exacte du site, ou le courriel qui vous y a mené ? Copiez-la comme texte ; n''ouvrez plus le site.');
